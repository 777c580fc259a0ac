"""The "spans" stage: which sentence of a longer text carries which feeling.

A long e-mail often moves from thanks to anger to worry; read whole, the encoder's mean
blurs that into the loudest feeling ("gratitude") and never sees words past its 128-token
window. So texts of at least ``min_chars`` characters with two or more sentences are also
read sentence by sentence, with the item's own emotion heads and thresholds, and:

- each sentence that carries a feeling becomes a span (what a reader sees highlighted);
- a label a sentence clearly carries (over its threshold there) counts for the item's emotions
  and Ekman labels at that sentence's probability, and intensity follows ("neutral" stays the
  whole text's: a plain sentence does not make an angry e-mail neutral);
- sentiment and valence stay the whole text's, except that a positive or negative text with a
  sentence clearly of the other sign reads as mixed (thanks followed by a complaint). Causes,
  themes and personas take pain or gain from valence, so it is not swayed by one hopeful
  sentence ("please tell me you can do something") at the end of a complaint.

Short comments are one thought and are left exactly as the whole-text reading says, so they
cost nothing here. The sentences of a batch go through the encoder in one call.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from empathica.domain import EmotionSpan
from empathica.pipeline.base import Batch
from empathica.pipeline.stages.encode import TextEncoder

#: Where a sentence ends: closing punctuation (with any closing quotes or brackets) before
#: white space or the end, or a line break.
_SENTENCE_END = re.compile(r"[.!?…]+[\"')\]”’]*(?=\s|$)|\n+")
_WORD = re.compile(r"\w+")
#: A piece with fewer words ("Hi.", "Thanks!", "e.g.") joins its neighbour instead of standing alone.
MIN_WORDS = 3
MIN_CHARS = 160
MAX_SENTENCES = 20


class EmotionReader(Protocol):
    """What the stage needs from the emotion stage (``EmotionStage`` fits)."""

    def probabilities(self, features: np.ndarray) -> dict[str, np.ndarray]: ...

    def passing_emotions(self, probs: dict[str, np.ndarray]) -> list[list[tuple[str, float]]]: ...

    def fold_sentences(
        self, item_probs: dict[str, np.ndarray], sentence_probs: dict[str, np.ndarray], owner: np.ndarray
    ) -> dict[str, list[Any]]: ...


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, trimmed; pieces under ``MIN_WORDS`` words join a neighbour."""
    raw: list[tuple[int, int]] = []
    pos = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        stop = match.end() if match is not None else len(text)
        piece = text[pos:stop]
        stripped = piece.strip()
        if stripped:
            start = pos + len(piece) - len(piece.lstrip())
            raw.append((start, start + len(stripped)))
        pos = stop
    merged: list[tuple[int, int]] = []
    carry: int | None = None  # start of short pieces waiting for the next sentence
    for start, end in raw:
        if carry is not None:
            start, carry = carry, None
        if len(_WORD.findall(text[start:end])) >= MIN_WORDS:
            merged.append((start, end))
        elif merged:
            merged[-1] = (merged[-1][0], end)
        else:
            carry = start
    if carry is not None:
        merged.append((carry, raw[-1][1]))
    return merged


class SentenceEmotionStage:
    """Adds ``emotion_spans`` and folds the sentences' feelings into the item's emotion columns."""

    name = "spans"
    requires = frozenset({"texts", "features", "emotions", "ekman", "sentiment", "valence", "intensity"})
    provides = frozenset({"emotion_spans", "emotions", "ekman", "sentiment", "valence", "intensity"})

    def __init__(
        self,
        encoder: TextEncoder,
        emotion: EmotionReader,
        *,
        min_chars: int = MIN_CHARS,
        max_sentences: int = MAX_SENTENCES,
        batch_size: int = 64,
    ) -> None:
        if min_chars < 0 or max_sentences < 1:
            raise ValueError("min_chars must be >= 0 and max_sentences >= 1")
        self.encoder = encoder
        self.emotion = emotion
        self.min_chars = min_chars
        self.max_sentences = max_sentences
        self.batch_size = batch_size

    def __call__(self, batch: Batch) -> Batch:
        texts: Sequence[str] = batch["texts"]
        where: list[tuple[int, int, int]] = []
        for i, text in enumerate(texts):
            if len(text) < self.min_chars:
                continue
            parts = split_sentences(text)
            if len(parts) >= 2:
                where.extend((i, s, e) for s, e in parts[: self.max_sentences])
        spans: list[list[EmotionSpan]] = [[] for _ in texts]
        if not where:
            return batch.with_columns(emotion_spans=spans)
        out = self.encoder.encode([texts[i][s:e] for i, s, e in where], batch_size=self.batch_size)
        sentence_probs = self.emotion.probabilities(out.features)
        for (i, s, e), found in zip(where, self.emotion.passing_emotions(sentence_probs), strict=True):
            labels = [(lb, p) for lb, p in found if lb != "neutral"]
            if labels:
                names = [lb for lb, _ in labels]
                spans[i].append(EmotionSpan(texts[i][s:e], s, e, names, round(labels[0][1], 4)))
        return self._fold(batch, where, sentence_probs).with_columns(emotion_spans=spans)

    def _fold(
        self, batch: Batch, where: Sequence[tuple[int, int, int]], sentence_probs: dict[str, np.ndarray]
    ) -> Batch:
        """The emotion columns again for the items that were read sentence by sentence."""
        items = sorted({i for i, _, _ in where})
        row_of = {i: k for k, i in enumerate(items)}
        features = np.asarray(batch["features"], dtype=np.float32)[items]
        owner = np.array([row_of[i] for i, _, _ in where])
        new = self.emotion.fold_sentences(self.emotion.probabilities(features), sentence_probs, owner)
        columns = {name: list(batch[name]) for name in new}
        for name, values in new.items():
            for k, i in enumerate(items):
                columns[name][i] = values[k]
        return batch.with_columns(**columns)
