"""Sentence spans: how texts are cut, which sentences become spans, and how they fold into the item.

The emotion heads are hand-built (one feature per output logit) and a lookup encoder gives each
sentence the probabilities a test names, so every expectation follows from the inputs alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from empathica.pipeline.base import Batch, Pipeline
from empathica.pipeline.encoder import EncoderOutput
from empathica.pipeline.stages.emotion import EmotionStage
from empathica.pipeline.stages.spans import SentenceEmotionStage, split_sentences
from helpers.heads import N, features, make_heads

THANKS = "Thank you so much for the quick delivery last month, the driver was lovely to us."
BROKEN = "But this time the blender arrived broken and nobody answers the phone at all."
PLAIN = "The order number is in the subject line of this message."
LONG = f"{THANKS} {BROKEN} {PLAIN}"


class LookupEncoder:
    """Features by text: each known sentence gets its named probabilities, anything else is flat."""

    def __init__(self, table: dict[str, dict[str, float]]) -> None:
        self.table = table
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> EncoderOutput:
        self.calls.append(list(texts))
        rows = features(*(self.table.get(t, {}) for t in texts)) if texts else np.zeros((0, N), np.float32)
        return EncoderOutput(rows, rows)


def slices(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_keep_their_punctuation_and_offsets() -> None:
    text = 'It broke on day two!! Nobody called back (I tried twice). "Never again," I said.\nA new line now'
    assert slices(text) == [
        "It broke on day two!!",
        "Nobody called back (I tried twice).",
        '"Never again," I said.',
        "A new line now",
    ]


def test_pieces_under_three_words_join_a_neighbour() -> None:
    assert slices("Hi. My parcel never came to me. Thanks!") == ["Hi. My parcel never came to me. Thanks!"]
    assert slices("Hello there. The app keeps crashing today. It is slow too.") == [
        "Hello there. The app keeps crashing today.",
        "It is slow too.",
    ]
    assert slices("ok") == ["ok"] and slices("   ") == []


def stage_and_batch(
    texts: list[str], table: dict[str, dict[str, float]], whole: list[dict[str, float]], **kw: int
) -> tuple[SentenceEmotionStage, LookupEncoder, Batch]:
    emotion = EmotionStage(make_heads())
    encoder = LookupEncoder(table)
    stage = SentenceEmotionStage(encoder, emotion, **kw)
    batch = emotion(Batch.of(texts).with_columns(features=features(*whole)))
    return stage, encoder, batch


def test_sentences_with_a_feeling_become_spans_and_fold_into_the_item() -> None:
    table = {
        THANKS: {"emotions:gratitude": 0.95, "ekman:joy": 0.9, "group:positive": 0.9},
        BROKEN: {"emotions:anger": 0.8, "ekman:anger": 0.85, "group:negative": 0.9},
        PLAIN: {"emotions:neutral": 0.97, "ekman:neutral": 0.97, "group:neutral": 0.97},
    }
    whole = {"emotions:gratitude": 0.9, "ekman:joy": 0.9, "group:positive": 0.8, "emotions:neutral": 0.2}
    stage, _, batch = stage_and_batch([LONG], table, [whole])
    assert batch["sentiment"] == ["positive"]  # read whole, the complaint is lost
    out = stage(batch)
    spans = out["emotion_spans"][0]
    assert [(sp.text, sp.labels) for sp in spans] == [(THANKS, ["gratitude"]), (BROKEN, ["anger"])]
    assert [LONG[sp.start : sp.end] for sp in spans] == [THANKS, BROKEN]
    assert spans[1].score == pytest.approx(0.8, abs=1e-3)
    item = out["emotions"][0]
    assert item.labels == ["gratitude", "anger"]
    assert item.scores["neutral"] == pytest.approx(0.2, abs=1e-3)  # the plain sentence does not count
    assert out["ekman"][0].labels == ["joy", "anger"]
    assert out["sentiment"] == ["mixed"]  # positive whole, one sentence clearly negative
    assert out["valence"] == batch["valence"]  # valence stays the whole text's
    assert out["intensity"][0] == pytest.approx(0.95, abs=1e-3)  # the thanks sentence alone is clearer


def test_noise_below_a_sentences_threshold_never_adds_up() -> None:
    second = "Then the courier left it outside by the bins in the pouring rain again today."
    text = f"{THANKS} {second} {PLAIN}"
    table = {
        THANKS: {"emotions:anger": 0.45, "ekman:anger": 0.45},  # under the 0.5 thresholds
        second: {"emotions:anger": 0.48, "ekman:anger": 0.49},
    }
    whole = {"emotions:anger": 0.3, "ekman:anger": 0.3, "emotions:neutral": 0.8}
    stage, _, batch = stage_and_batch([text], table, [whole])
    out = stage(batch)
    assert out["emotion_spans"] == [[]]
    assert out["emotions"][0].scores["anger"] == pytest.approx(0.3, abs=1e-3)
    assert out["emotions"][0].labels == batch["emotions"][0].labels


def test_a_hopeful_last_line_does_not_turn_a_plain_complaint_positive() -> None:
    hope = "Please tell me that you can do something about it today."
    text = f"{BROKEN} {PLAIN} {hope}"
    table = {hope: {"group:positive": 0.45, "emotions:optimism": 0.6}}
    whole = {"group:neutral": 0.6, "group:negative": 0.2, "emotions:neutral": 0.7}
    stage, _, batch = stage_and_batch([text], table, [whole])
    out = stage(batch)
    assert batch["sentiment"] == ["neutral"]
    assert out["sentiment"] == ["neutral"] and out["valence"] == batch["valence"]
    assert "optimism" in out["emotions"][0].labels  # the sentence's feeling is still shown


def test_short_or_single_sentence_texts_are_left_alone_without_encoding() -> None:
    short = "Broken again. Nobody calls back."
    one = "x" * 200
    whole = {"emotions:annoyance": 0.7, "group:negative": 0.8}
    stage, encoder, batch = stage_and_batch([short, one], {}, [whole, whole], min_chars=160)
    out = stage(batch)
    assert out["emotion_spans"] == [[], []]
    assert encoder.calls == []
    assert [ls.labels for ls in out["emotions"]] == [ls.labels for ls in batch["emotions"]]
    assert out["sentiment"] == batch["sentiment"]


def test_only_the_first_sentences_are_read_and_one_call_serves_the_batch() -> None:
    text = " ".join(f"Sentence number {k} is right here." for k in range(6))
    stage, encoder, batch = stage_and_batch([text, text], {}, [{}, {}], min_chars=10, max_sentences=4)
    out = stage(batch)
    assert len(encoder.calls) == 1 and len(encoder.calls[0]) == 8
    assert out["emotion_spans"] == [[], []]  # flat sentences carry no feeling
    assert [ls.labels for ls in out["emotions"]] == [ls.labels for ls in batch["emotions"]]


def test_the_stage_fits_after_emotion_in_a_pipeline() -> None:
    emotion = EmotionStage(make_heads())

    class FeatureStage:
        name = "features"
        requires = frozenset({"texts"})
        provides = frozenset({"features"})

        def __call__(self, batch: Batch) -> Batch:
            return batch.with_columns(features=features(*({} for _ in range(len(batch)))))

    pipeline = Pipeline([FeatureStage(), emotion, SentenceEmotionStage(LookupEncoder({}), emotion)])
    assert "emotion_spans" in pipeline.provides
    with pytest.raises(ValueError, match="min_chars"):
        SentenceEmotionStage(LookupEncoder({}), emotion, min_chars=-1)
