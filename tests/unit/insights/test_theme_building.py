"""Themes end to end on hand-built vectors, texts and analyses: build, rank, judge, join, update."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from empathica.domain import Analysis, Cause, LabelScores
from empathica.insights import NotEnoughData, adjusted_rand_index, assign, build_themes, update
from empathica.insights.clustering import normalize
from empathica.insights.ranking import feeling, score, split_date, trend

DIM = 16
TOPICS = {
    # topic: (direction, texts cycle, valence, intensity)
    "delivery": (
        0,
        ["late delivery again", "the late delivery made me miss work", "late delivery, no call"],
        -0.8,
        0.9,
    ),
    "staff": (1, ["lovely helpful staff", "the staff were lovely", "helpful staff in store"], 0.8, 0.7),
    "refund": (2, ["refund still missing", "where is my refund", "refund not paid yet"], -0.6, 0.5),
}


def analysis(text: str, valence: float, intensity: float, causes: list[Cause] | None = None) -> Analysis:
    scores = LabelScores([], {})
    sentiment = "positive" if valence > 0.2 else "negative" if valence < -0.2 else "neutral"
    return Analysis(
        id=None, text=text, emotions=scores, ekman=scores, sentiment=sentiment,
        valence=valence, intensity=intensity, causes=causes or [],
    )  # fmt: skip


def corpus(sizes: dict[str, int], seed: int = 0) -> tuple[np.ndarray, list[str], list[Analysis], list[str]]:
    rng = np.random.default_rng(seed)
    vectors, texts, analyses, truth = [], [], [], []
    for topic, size in sizes.items():
        axis, phrases, valence, intensity = TOPICS[topic]
        for i in range(size):
            v = np.zeros(DIM)
            v[axis] = 1.0
            vectors.append(v + rng.normal(0, 0.12, DIM))
            texts.append(phrases[i % len(phrases)])
            analyses.append(analysis(texts[-1], valence, intensity))
            truth.append(topic)
    return normalize(np.array(vectors)), texts, analyses, truth


def test_too_little_data_is_refused_plainly() -> None:
    x, texts, _, _ = corpus({"delivery": 10, "staff": 9})
    with pytest.raises(NotEnoughData, match="19 items are too few"):
        build_themes(x, texts)


def test_builds_named_judged_and_ranked_themes() -> None:
    x, texts, analyses, truth = corpus({"delivery": 30, "staff": 25, "refund": 20})
    result = build_themes(x, texts, ids=[f"i{n}" for n in range(len(texts))], analyses=analyses)
    assert [t.id for t in result.themes] == ["T1", "T2", "T3"]
    delivery, staff, refund = result.themes  # ranked: most items and most intense first
    assert delivery.label == "Late delivery"  # the phrase all its members share
    assert "staff" in staff.label.lower() and "refund" in refund.label.lower()
    assert all(2 <= len(t.label.split()) <= 4 for t in result.themes)
    assert (delivery.polarity, staff.polarity, refund.polarity) == ("pain", "gain", "pain")
    assert (delivery.size, staff.size, refund.size) == (30, 25, 20)
    scores = [t.score for t in result.themes]
    assert scores == sorted(scores, reverse=True)
    assert adjusted_rand_index(truth, result.assignments) > 0.95
    record = result.to_record()
    assert set(record["assignments"]) == {f"i{n}" for n in range(len(texts))}
    assert "centroid" not in record["themes"][0] and record["themes"][0]["examples"]


def test_shuffled_input_gives_the_same_themes() -> None:
    x, texts, analyses, _ = corpus({"delivery": 30, "staff": 25, "refund": 20})
    ids = [f"i{n}" for n in range(len(texts))]
    first = build_themes(x, texts, ids=ids, analyses=analyses).to_record()
    perm = np.random.default_rng(5).permutation(len(texts))
    second = build_themes(
        x[perm], [texts[i] for i in perm], ids=[ids[i] for i in perm], analyses=[analyses[i] for i in perm]
    ).to_record()
    assert first["assignments"] == second["assignments"]
    assert [t["label"] for t in first["themes"]] == [t["label"] for t in second["themes"]]


def test_new_items_join_without_a_rebuild_and_strangers_stay_out() -> None:
    x, texts, analyses, _ = corpus({"delivery": 30, "staff": 25, "refund": 20})
    themes = build_themes(x, texts, analyses=analyses).themes
    new, _, new_analyses, _ = corpus({"refund": 4}, seed=9)
    stranger = np.zeros((1, DIM))
    stranger[0, 9] = 1.0
    refund_id = next(t.id for t in themes if "refund" in t.label.lower())
    assert assign(np.concatenate([new, stranger]), themes) == [refund_id] * 4 + [None]
    updated, joined = update(themes, new, new_analyses)
    assert joined == [refund_id] * 4
    before = {t.id: t for t in themes}
    for t in updated:
        assert t.label == before[t.id].label
        assert t.size == before[t.id].size + (4 if t.id == refund_id else 0)


def test_assign_rejects_vectors_of_another_size() -> None:
    x, texts, _, _ = corpus({"delivery": 15, "staff": 15})
    themes = build_themes(x, texts).themes
    with pytest.raises(ValueError, match="dimensions"):
        assign(np.ones((2, DIM + 1)), themes)


def test_feeling_uses_valence_and_causes() -> None:
    assert feeling([analysis("a", -0.7, 0.8)] * 3).polarity == "pain"
    assert feeling([analysis("a", 0.7, 0.8)] * 3).polarity == "gain"
    assert feeling([analysis("a", -0.7, 0.8), analysis("b", 0.7, 0.8)]).polarity == "mixed"
    assert feeling([analysis("a", 0.0, 0.1)] * 3).polarity == "neutral"
    # Neutral wording, but the causes say the staff delighted them.
    delighted = [analysis("a", 0.0, 0.3, [Cause("staff", 0.9, polarity="gain")])] * 3
    assert feeling(delighted).polarity == "gain"
    assert feeling([]).polarity == "neutral"


def test_trend_compares_the_recent_pace_with_the_corpus() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    dates = [start + timedelta(days=d) for d in range(100)]
    cut = split_date(dates)
    assert cut == start + timedelta(days=50)
    recent_share = sum(d > cut for d in dates) / len(dates)
    growing = trend(dates[80:], cut, recent_share)
    fading = trend(dates[:20], cut, recent_share)
    assert growing is not None and fading is not None and growing > 1 > fading
    assert trend(dates[:20], None, 0.5) is None
    assert split_date([start, start]) is None


def test_score_grows_with_volume_intensity_and_trend() -> None:
    assert score(20, 0.5, None) > score(10, 0.5, None)
    assert score(10, 0.9, None) > score(10, 0.1, None)
    assert score(10, 0.5, 1.5) > score(10, 0.5, 1.0)
