"""The emotion stage's mapping from head probabilities to LabelScores, sentiment, valence, intensity.

The heads are hand-built: an identity weight matrix, so each input feature is exactly one
output's logit and every test sets the probabilities it needs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from empathica.domain import EKMAN_LABELS, GOEMOTIONS_LABELS
from empathica.pipeline.base import Batch, Pipeline
from empathica.pipeline.encoder import EncoderOutput
from empathica.pipeline.errors import ModelError
from empathica.pipeline.heads import HeadGroup
from empathica.pipeline.stages.emotion import EmotionStage
from empathica.pipeline.stages.encode import EncodeStage
from helpers.heads import N, features, make_heads


def run(stage: EmotionStage, feats: np.ndarray) -> Batch:
    batch = Batch.of(["t"] * len(feats)).with_columns(features=feats)
    return stage(batch)


def test_emotions_list_passing_labels_by_descending_score_and_score_every_label() -> None:
    out = run(EmotionStage(make_heads()), features({"emotions:anger": 0.7, "emotions:annoyance": 0.9}))
    scores = out["emotions"][0]
    assert scores.labels == ["annoyance", "anger"]
    assert list(scores.scores) == list(GOEMOTIONS_LABELS)
    assert scores.scores["annoyance"] == 0.9 and scores.scores["joy"] == 0.01


def test_scores_are_rounded_to_four_decimals() -> None:
    out = run(EmotionStage(make_heads()), features({"emotions:joy": 0.123456}))
    assert out["emotions"][0].scores["joy"] == 0.1235


def test_when_nothing_passes_the_label_nearest_its_threshold_is_given() -> None:
    out = run(EmotionStage(make_heads()), features({"emotions:curiosity": 0.3, "emotions:neutral": 0.2}))
    assert out["emotions"][0].labels == ["curiosity"]


def test_ekman_scores_use_the_domain_label_names_whatever_the_head_order() -> None:
    out = run(EmotionStage(make_heads()), features({"ekman:sadness": 0.8, "ekman:fear": 0.6}))
    ek = out["ekman"][0]
    assert list(ek.scores) == list(EKMAN_LABELS)
    assert ek.labels == ["sadness", "fear"]
    assert ek.scores["sadness"] == 0.8 and ek.scores["neutral"] == 0.01


@pytest.mark.parametrize(
    ("pos", "neg", "expected"),
    [(0.9, 0.1, "positive"), (0.1, 0.8, "negative"), (0.7, 0.6, "mixed"), (0.2, 0.3, "neutral")],
)
def test_sentiment_from_the_positive_and_negative_groups(pos: float, neg: float, expected: str) -> None:
    out = run(EmotionStage(make_heads()), features({"group:positive": pos, "group:negative": neg}))
    assert out["sentiment"] == [expected]


def test_ambiguous_alone_is_neutral_sentiment() -> None:
    out = run(EmotionStage(make_heads()), features({"group:ambiguous": 0.95}))
    assert out["sentiment"] == ["neutral"]


def test_group_thresholds_decide_sentiment() -> None:
    feats = features({"group:positive": 0.35})
    assert run(EmotionStage(make_heads(group_th=0.5)), feats)["sentiment"] == ["neutral"]
    assert run(EmotionStage(make_heads(group_th=0.3)), feats)["sentiment"] == ["positive"]


def test_valence_is_positive_minus_negative_probability() -> None:
    out = run(
        EmotionStage(make_heads()),
        features({"group:positive": 0.8, "group:negative": 0.3}, {"group:negative": 0.9}),
    )
    assert out["valence"] == [pytest.approx(0.5, abs=1e-4), pytest.approx(0.01 - 0.9, abs=1e-4)]
    assert all(-1.0 <= v <= 1.0 for v in out["valence"])


def test_intensity_is_the_strongest_non_neutral_emotion() -> None:
    out = run(
        EmotionStage(make_heads()),
        features(
            {"emotions:neutral": 0.99, "emotions:fear": 0.4},
            {"emotions:joy": 0.85, "emotions:love": 0.6},
        ),
    )
    assert out["intensity"] == [0.4, 0.85]


def test_items_keep_their_order_and_an_empty_batch_works() -> None:
    stage = EmotionStage(make_heads())
    out = run(stage, features({"emotions:gratitude": 0.9}, {"emotions:grief": 0.9}, {"emotions:pride": 0.9}))
    assert [ls.top() for ls in out["emotions"]] == ["gratitude", "grief", "pride"]
    empty = stage(Batch.of([]).with_columns(features=np.zeros((0, N), dtype=np.float32)))
    assert empty["emotions"] == [] and empty["sentiment"] == []


def test_a_head_with_wrong_labels_is_a_model_error() -> None:
    heads = make_heads()
    heads.groups["ekman"] = HeadGroup("ekman", ("a", "b", "c", "d", "e", "f", "g"), 28, np.full(7, 0.5))
    with pytest.raises(ModelError, match="ekman"):
        EmotionStage(heads)


class FakeEncoder:
    """Returns each text's length as its only feature; enough to check the stage wiring."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], int]] = []

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> EncoderOutput:
        self.calls.append((list(texts), batch_size))
        feats = np.array([[float(len(t))] for t in texts], dtype=np.float32).reshape(len(texts), 1)
        return EncoderOutput(feats, feats / np.maximum(np.abs(feats), 1))


def test_encode_stage_adds_feature_and_embedding_rows_per_item_and_chains() -> None:
    encoder = FakeEncoder()
    stage = EncodeStage(encoder, batch_size=7)
    pipeline = Pipeline([stage])
    out = pipeline(Batch.of(["ab", "abcd"]))
    assert out["features"][:, 0].tolist() == [2.0, 4.0]
    assert len(out["embeddings"]) == 2
    assert encoder.calls == [(["ab", "abcd"], 7)]
    assert pipeline.provides >= {"features", "embeddings"}
    assert EmotionStage.requires <= pipeline.provides
