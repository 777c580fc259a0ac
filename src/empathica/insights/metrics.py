"""Agreement between two partitions of the same items: adjusted Rand, NMI and purity.

Written in numpy so the theme benchmark and the stability checks need no scikit-learn. Labels
may be any hashable values; ``None`` or -1 in a clustering means "unassigned" and, where a
function says so, is treated as its own cluster so that leaving items out is not rewarded.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np


def _codes(labels: Sequence[Hashable]) -> np.ndarray:
    """Dense integer codes in order of first appearance (the values themselves do not matter)."""
    index: dict[Hashable, int] = {}
    return np.array([index.setdefault(x, len(index)) for x in labels], dtype=np.int64)


def contingency(a: Sequence[Hashable], b: Sequence[Hashable]) -> np.ndarray:
    """Counts of items with label ``i`` in ``a`` and label ``j`` in ``b``."""
    if len(a) != len(b):
        raise ValueError(f"the two labelings have {len(a)} and {len(b)} items")
    ca, cb = _codes(a), _codes(b)
    table = np.zeros((int(ca.max(initial=-1)) + 1, int(cb.max(initial=-1)) + 1), dtype=np.int64)
    np.add.at(table, (ca, cb), 1)
    return table


def _pairs(x: np.ndarray) -> float:
    return float((x * (x - 1) // 2).sum())


def adjusted_rand_index(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Pair-counting agreement corrected for chance: 1 identical, about 0 random, can be negative."""
    table = contingency(a, b)
    n = int(table.sum())
    if n < 2:
        return 1.0
    both = _pairs(table)
    rows, cols = _pairs(table.sum(axis=1)), _pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    best = (rows + cols) / 2
    if best == expected:  # both are one cluster, or both all singletons: identical partitions
        return 1.0
    return (both - expected) / (best - expected)


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def normalized_mutual_info(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Mutual information over the arithmetic mean of the two entropies, in [0, 1]."""
    table = contingency(a, b).astype(np.float64)
    n = table.sum()
    if n == 0:
        return 1.0
    ha, hb = _entropy(table.sum(axis=1)), _entropy(table.sum(axis=0))
    if ha == 0.0 and hb == 0.0:
        return 1.0
    pij = table / n
    outer = np.outer(table.sum(axis=1), table.sum(axis=0)) / (n * n)
    nz = pij > 0
    mi = float((pij[nz] * np.log(pij[nz] / outer[nz])).sum())
    return max(0.0, min(1.0, mi / ((ha + hb) / 2))) if (ha + hb) > 0 else 0.0


def purity(clusters: Sequence[Hashable], truth: Sequence[Hashable | Sequence[Hashable]]) -> float:
    """Share of items whose cluster's most common true label is (one of) their own.

    ``truth`` entries may be a label or a collection of labels (multi-label data such as MAMS,
    where a sentence talks about food and staff): an item counts when the cluster's majority
    label is among its labels, and every label of an item votes once.
    """
    if len(clusters) != len(truth):
        raise ValueError(f"the two labelings have {len(clusters)} and {len(truth)} items")
    if not clusters:
        return 1.0
    sets = [set(t) if isinstance(t, list | tuple | set | frozenset) else {t} for t in truth]
    members: dict[Hashable, list[int]] = {}
    for i, c in enumerate(clusters):
        members.setdefault(c, []).append(i)
    hits = 0
    for rows in members.values():
        votes: dict[Hashable, int] = {}
        for i in rows:
            for label in sets[i]:
                votes[label] = votes.get(label, 0) + 1
        top = max(sorted(votes, key=repr), key=lambda k: votes[k])
        hits += sum(top in sets[i] for i in rows)
    return hits / len(clusters)
