"""Classifier heads in numpy: one linear layer over the encoder features, sigmoid per label.

All heads share one weight matrix; the manifest says which rows belong to which taxonomy
(28 GoEmotions labels, 7 Ekman labels, 4 sentiment groups) and gives each label a decision
threshold tuned on held-out training data. Calibration (Platt scaling per label) is folded into
the weights at training time, so the runtime is a matrix product and a sigmoid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from empathica.pipeline.encoder import read_manifest
from empathica.pipeline.errors import ModelError

HEADS_FILE = "heads.npz"
DEFAULT_THRESHOLD = 0.5


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function (no overflow for large negative logits)."""
    out = np.empty_like(x, dtype=np.float32)
    pos = x >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1.0 + ex)
    return out


def decide(probs: np.ndarray, thresholds: np.ndarray, at_least_one: bool = True) -> np.ndarray:
    """Which labels pass their thresholds, as a boolean [n, k] array.

    With ``at_least_one`` a row where nothing passes gets the label closest to passing
    (highest score / threshold), because every text expresses something, if only neutrality.
    """
    if probs.ndim != 2 or probs.shape[1] != thresholds.shape[0]:
        raise ValueError(f"probs {probs.shape} do not match {thresholds.shape[0]} thresholds")
    passed = probs >= thresholds[None, :]
    if at_least_one and probs.shape[0] and probs.shape[1]:
        empty = ~passed.any(axis=1)
        if empty.any():
            best = np.argmax(probs[empty] / np.maximum(thresholds[None, :], 1e-6), axis=1)
            passed[np.flatnonzero(empty), best] = True
    return passed


@dataclass(frozen=True, slots=True)
class HeadGroup:
    """One taxonomy's slice of the shared output layer."""

    name: str
    labels: tuple[str, ...]
    offset: int
    thresholds: np.ndarray  # [len(labels)] float32

    def index(self, label: str) -> int:
        return self.labels.index(label)


class Heads:
    def __init__(self, weight: np.ndarray, bias: np.ndarray, groups: Mapping[str, HeadGroup]) -> None:
        if weight.ndim != 2 or bias.shape != (weight.shape[0],):
            raise ValueError(f"head weight {weight.shape} and bias {bias.shape} do not fit")
        for g in groups.values():
            if g.offset < 0 or g.offset + len(g.labels) > weight.shape[0]:
                raise ValueError(f"head {g.name!r} rows {g.offset}..{g.offset + len(g.labels)} out of range")
            if g.thresholds.shape != (len(g.labels),):
                raise ValueError(f"head {g.name!r} has {g.thresholds.shape} thresholds for {len(g.labels)}")
        self.weight = weight.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.groups = dict(groups)

    @property
    def input_dim(self) -> int:
        return int(self.weight.shape[1])

    @classmethod
    def from_manifest(cls, weight: np.ndarray, bias: np.ndarray, manifest: Mapping[str, Any]) -> Heads:
        groups: dict[str, HeadGroup] = {}
        thresholds = manifest.get("thresholds", {})
        for name, spec in manifest["heads"].items():
            labels = tuple(str(x) for x in spec["labels"])
            given = thresholds.get(name, {})
            th = np.array([float(given.get(lb, DEFAULT_THRESHOLD)) for lb in labels], dtype=np.float32)
            groups[name] = HeadGroup(name, labels, int(spec["offset"]), th)
        return cls(weight, bias, groups)

    @classmethod
    def load(cls, model_dir: Path) -> Heads:
        model_dir = Path(model_dir)
        manifest = read_manifest(model_dir)
        path = model_dir / HEADS_FILE
        if not path.is_file():
            raise ModelError(f"head weights file not found: {path}")
        try:
            with np.load(path, allow_pickle=False) as data:
                weight, bias = np.asarray(data["weight"]), np.asarray(data["bias"])
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"head weights file {path} could not be read: {exc}") from exc
        try:
            return cls.from_manifest(weight, bias, manifest)
        except (KeyError, TypeError, ValueError) as exc:
            manifest_path = model_dir / "manifest.json"
            raise ModelError(f"head weights file {path} does not match {manifest_path}: {exc}") from exc

    def predict(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Probabilities per taxonomy, columns in that group's label order."""
        if features.ndim != 2 or features.shape[1] != self.input_dim:
            raise ValueError(f"features of shape {features.shape}; the heads expect [n, {self.input_dim}]")
        probs = sigmoid(features.astype(np.float32) @ self.weight.T + self.bias)
        return {name: probs[:, g.offset : g.offset + len(g.labels)] for name, g in self.groups.items()}
