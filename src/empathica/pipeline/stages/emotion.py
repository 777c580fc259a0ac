"""The "emotion" stage: encoder features -> emotions, Ekman view, sentiment, valence, intensity.

Definitions (also in the model card):

- ``emotions``: a ``LabelScores`` over the 28 GoEmotions labels. ``scores`` holds every label's
  calibrated probability (4 decimals); ``labels`` holds the labels at or over their tuned
  threshold, highest score first. When none passes, the one label nearest to passing (highest
  score / threshold) is given, because every text expresses something, if only neutrality.
- ``ekman``: the same for the 7 Ekman labels, from its own head (not summed from the 28).
- ``sentiment``: from the sentiment-group head. ``mixed`` when both the positive and the negative
  group pass their thresholds, ``positive`` or ``negative`` when only one does, else ``neutral``
  (the GoEmotions "ambiguous" group, e.g. surprise or confusion, counts as neutral here).
- ``valence``: P(positive) - P(negative) from the group head, in [-1, 1].
- ``intensity``: the highest probability among the 27 non-neutral GoEmotions labels, in [0, 1]:
  how strongly the clearest emotion is expressed, 0 for a flat, factual text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from empathica.domain import EKMAN_LABELS, GOEMOTIONS_LABELS, LabelScores
from empathica.pipeline.base import Batch
from empathica.pipeline.errors import ModelError
from empathica.pipeline.heads import HeadGroup, Heads, decide
from empathica.pipeline.stages.encode import EncodeStage

EMOTIONS, EKMAN, GROUP = "emotions", "ekman", "group"
GROUP_LABELS = ("ambiguous", "negative", "neutral", "positive")


def _check(heads: Heads, name: str, expected: tuple[str, ...]) -> HeadGroup:
    group = heads.groups.get(name)
    if group is None:
        raise ModelError(f"the model has no {name!r} head (it has {sorted(heads.groups)})")
    if set(group.labels) != set(expected):
        raise ModelError(
            f"the model's {name!r} head has labels {list(group.labels)}, expected {list(expected)}"
        )
    return group


class EmotionStage:
    name = "emotion"
    requires = frozenset({"features"})
    provides = frozenset({"emotions", "ekman", "sentiment", "valence", "intensity"})

    def __init__(self, heads: Heads, model_version: str = "") -> None:
        self.heads = heads
        self.model_version = model_version
        self._emotions = _check(heads, EMOTIONS, GOEMOTIONS_LABELS)
        self._ekman = _check(heads, EKMAN, EKMAN_LABELS)
        self._group = _check(heads, GROUP, GROUP_LABELS)
        self._pos = self._group.index("positive")
        self._neg = self._group.index("negative")
        self._non_neutral = [i for i, lb in enumerate(self._emotions.labels) if lb != "neutral"]

    def __call__(self, batch: Batch) -> Batch:
        if len(batch) == 0:
            return batch.with_columns(emotions=[], ekman=[], sentiment=[], valence=[], intensity=[])
        raw = batch["features"]
        features = raw if isinstance(raw, np.ndarray) else np.stack([np.asarray(f) for f in raw])
        return batch.with_columns(**self.columns(self.heads.predict(features)))

    def probabilities(self, features: np.ndarray) -> dict[str, np.ndarray]:
        """Every head's calibrated probabilities, [n, labels] per head name."""
        return self.heads.predict(features)

    def columns(self, probs: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        """The stage's output columns from head probabilities (also for aggregated ones)."""
        emotions = _label_scores(probs[EMOTIONS], self._emotions, GOEMOTIONS_LABELS)
        ekman = _label_scores(probs[EKMAN], self._ekman, EKMAN_LABELS)
        group = probs[GROUP]
        passed = group >= self._group.thresholds[None, :]
        pos, neg = passed[:, self._pos], passed[:, self._neg]
        sentiment = [
            "mixed" if p and q else "positive" if p else "negative" if q else "neutral"
            for p, q in zip(pos.tolist(), neg.tolist(), strict=True)
        ]
        valence = np.clip(group[:, self._pos] - group[:, self._neg], -1.0, 1.0)
        intensity = probs[EMOTIONS][:, self._non_neutral].max(axis=1)
        return {
            "emotions": emotions,
            "ekman": ekman,
            "sentiment": sentiment,
            "valence": [round(v, 4) for v in valence.tolist()],
            "intensity": [round(v, 4) for v in intensity.tolist()],
        }

    def passing_emotions(self, probs: dict[str, np.ndarray]) -> list[list[tuple[str, float]]]:
        """Per row, the GoEmotions labels that truly pass their thresholds, strongest first.

        Unlike an item's ``emotions``, nothing is filled in when no label passes: a plain
        sentence inside a longer text may carry no feeling at all.
        """
        rows = probs[EMOTIONS]
        passed = decide(rows, self._emotions.thresholds, at_least_one=False)
        labels = self._emotions.labels
        return [
            sorted(((labels[j], float(row[j])) for j in np.flatnonzero(ok)), key=lambda x: -x[1])
            for row, ok in zip(rows, passed, strict=True)
        ]

    def fold_sentences(
        self, item_probs: dict[str, np.ndarray], sentence_probs: dict[str, np.ndarray], owner: np.ndarray
    ) -> dict[str, list[Any]]:
        """The item columns after reading each item's sentences too (row ``k`` of ``sentence_probs``
        belongs to item ``owner[k]`` of ``item_probs``).

        A label a sentence clearly carries (over its threshold there) counts for the item at that
        sentence's probability; below-threshold noise from many sentences never adds up, and
        "neutral" stays the whole text's. Sentiment and valence stay the whole text's reading,
        which causes, themes and personas take their pain or gain from, except that a positive
        or negative text with a sentence clearly of the other sign becomes "mixed".
        """
        probs = {name: p.copy() for name, p in item_probs.items()}
        for name, group in ((EMOTIONS, self._emotions), (EKMAN, self._ekman)):
            clear = sentence_probs[name] * decide(sentence_probs[name], group.thresholds, at_least_one=False)
            clear[:, group.index("neutral")] = 0.0
            np.maximum.at(probs[name], owner, clear)
        columns = self.columns(probs)
        passed = sentence_probs[GROUP] >= self._group.thresholds[None, :]
        for k, sentiment in enumerate(columns["sentiment"]):
            mine = passed[owner == k]
            other = self._neg if sentiment == "positive" else self._pos if sentiment == "negative" else None
            if other is not None and mine[:, other].any():
                columns["sentiment"][k] = "mixed"
        return columns


def _label_scores(probs: np.ndarray, group: HeadGroup, order: tuple[str, ...]) -> list[LabelScores]:
    passed = decide(probs, group.thresholds)
    column = {label: i for i, label in enumerate(group.labels)}
    cols = [column[label] for label in order]
    out = []
    # Python floats and bools once per batch: reading numpy scalars one by one cost more than the heads
    for row, ok, ordered in zip(probs.tolist(), passed.tolist(), probs[:, cols].tolist(), strict=True):
        scores = dict(zip(order, [round(v, 4) for v in ordered], strict=True))
        chosen = sorted((j for j in range(len(row)) if ok[j]), key=lambda j: -row[j])
        out.append(LabelScores(labels=[group.labels[j] for j in chosen], scores=scores))
    return out


def load_model(model_dir: Path, threads: int = 0, batch_size: int = 64) -> tuple[EncodeStage, EmotionStage]:
    """The two stages of a bundle, sharing one loaded encoder and its ``model_version``."""
    from empathica.pipeline.encoder import Encoder

    encoder = Encoder.load(model_dir, threads=threads)
    heads = Heads.load(model_dir)
    if encoder.feature_dim and encoder.feature_dim != heads.input_dim:
        raise ModelError(
            f"{Path(model_dir) / 'heads.npz'} expects {heads.input_dim} features; "
            f"the encoder gives {encoder.feature_dim}"
        )
    return EncodeStage(encoder, batch_size), EmotionStage(heads, encoder.model_version)
