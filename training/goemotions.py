"""Reads the GoEmotions TSV files (original, ekman, group taxonomies) into multi-hot arrays.

The three taxonomies list the same comments in the same order; we check that (text and id per
row) rather than assume it, because a silent misalignment would train on wrong labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

TAXONOMIES = ("original", "ekman", "group")


@dataclass
class Split:
    texts: list[str]
    ids: list[str]
    labels: dict[str, np.ndarray]  # taxonomy -> [n, n_labels] float32 multi-hot
    names: dict[str, list[str]]  # taxonomy -> label names in column order


def _read_labels(folder: Path) -> list[str]:
    return [line.strip() for line in (folder / "labels.txt").read_text().splitlines() if line.strip()]


def _read_tsv(path: Path, n_labels: int) -> tuple[list[str], list[str], np.ndarray]:
    texts, ids, rows = [], [], []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path}:{lineno}: expected 3 tab-separated columns, got {len(parts)}")
        text, labels, cid = parts
        row = np.zeros(n_labels, dtype=np.float32)
        for idx in labels.split(","):
            i = int(idx)
            if not 0 <= i < n_labels:
                raise ValueError(f"{path}:{lineno}: label index {i} outside 0..{n_labels - 1}")
            row[i] = 1.0
        texts.append(text)
        ids.append(cid)
        rows.append(row)
    return texts, ids, np.stack(rows)


def load_split(data_dir: Path, split: str) -> Split:
    labels: dict[str, np.ndarray] = {}
    names: dict[str, list[str]] = {}
    texts: list[str] = []
    ids: list[str] = []
    for tax in TAXONOMIES:
        folder = data_dir / tax
        names[tax] = _read_labels(folder)
        t, i, y = _read_tsv(folder / f"{split}.tsv", len(names[tax]))
        if not texts:
            texts, ids = t, i
        elif t != texts or i != ids:
            raise ValueError(f"{folder / f'{split}.tsv'} rows do not line up with {TAXONOMIES[0]}")
        labels[tax] = y
    return Split(texts, ids, labels, names)
