"""Hand-built emotion heads: an identity weight matrix, so each input feature is exactly one
output's logit and a test sets the probabilities it needs by name."""

from __future__ import annotations

import numpy as np

from empathica.domain import GOEMOTIONS_LABELS
from empathica.pipeline.heads import HeadGroup, Heads

# Deliberately not the domain order, to check the stage maps by name.
EKMAN_FILE_ORDER = ("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise")
GROUPS = ("ambiguous", "negative", "neutral", "positive")
N = len(GOEMOTIONS_LABELS) + len(EKMAN_FILE_ORDER) + len(GROUPS)


def make_heads(emotion_th: float = 0.5, group_th: float = 0.5) -> Heads:
    def group(name: str, labels: tuple[str, ...], offset: int, th: float) -> HeadGroup:
        return HeadGroup(name, labels, offset, np.full(len(labels), th, dtype=np.float32))

    groups = {
        "emotions": group("emotions", GOEMOTIONS_LABELS, 0, emotion_th),
        "ekman": group("ekman", EKMAN_FILE_ORDER, 28, 0.5),
        "group": group("group", GROUPS, 35, group_th),
    }
    return Heads(np.eye(N, dtype=np.float32), np.zeros(N, dtype=np.float32), groups)


def features(*rows: dict[str, float]) -> np.ndarray:
    """Feature rows giving probability p to "emotions:x" / "ekman:x" / "group:x", 0.01 elsewhere."""
    names = (
        [f"emotions:{x}" for x in GOEMOTIONS_LABELS]
        + [f"ekman:{x}" for x in EKMAN_FILE_ORDER]
        + [f"group:{x}" for x in GROUPS]
    )
    out = np.full((len(rows), N), np.log(0.01 / 0.99), dtype=np.float32)
    for i, row in enumerate(rows):
        for key, p in row.items():
            out[i, names.index(key)] = np.log(p / (1 - p))
    return out
