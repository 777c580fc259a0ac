"""A person's edits to themes survive incremental updates and full rebuilds."""

import numpy as np
import pytest
from test_theme_building import DIM, corpus

from empathica.insights import EditError, build_themes, merge, rename, split, update
from empathica.insights.clustering import normalize


def ids_for(texts: list[str], prefix: str = "i") -> list[str]:
    return [f"{prefix}{n}" for n in range(len(texts))]


def theme_of(result_themes, word):  # type: ignore[no-untyped-def]
    return next(t for t in result_themes if word in t.label.lower() or word in t.keywords)


SIZES = {"delivery": 30, "staff": 25, "refund": 20}


def test_a_rename_survives_updates_and_a_rebuild_with_more_data() -> None:
    x, texts, analyses, _ = corpus(SIZES)
    first = build_themes(x, texts, ids=ids_for(texts), analyses=analyses)
    refund = theme_of(first.themes, "refund")
    edited = rename(first.themes, refund.id, "  Refunds   that never come ")
    new, _, new_analyses, _ = corpus({"refund": 5, "staff": 3}, seed=4)
    updated, _ = update(edited, new, new_analyses)
    assert theme_of(updated, "refunds").label == "Refunds that never come"
    # A rebuild on more data (and a different draw of noise) keeps ids and the person's label.
    x2, texts2, analyses2, _ = corpus({"delivery": 35, "staff": 28, "refund": 26}, seed=11)
    rebuilt = build_themes(x2, texts2, ids=ids_for(texts2), analyses=analyses2, previous=updated)
    again = next(t for t in rebuilt.themes if t.id == refund.id)
    assert again.label == "Refunds that never come" and again.renamed and again.size == 26
    assert {t.id for t in rebuilt.themes} == {t.id for t in first.themes}
    assert not any(t.renamed for t in rebuilt.themes if t.id != refund.id)


def test_a_merge_survives_a_rebuild() -> None:
    x, texts, analyses, _ = corpus(SIZES)
    first = build_themes(x, texts, analyses=analyses)
    refund, delivery = theme_of(first.themes, "refund"), theme_of(first.themes, "delivery")
    merged = rename(merge(first.themes, delivery.id, refund.id), delivery.id, "Orders gone wrong")
    assert len(merged) == 2
    whole = next(t for t in merged if t.id == delivery.id)
    assert whole.size == 50 and whole.polarity == "pain"
    assert np.linalg.norm(whole.centroid) == pytest.approx(1.0, abs=1e-6)
    x2, texts2, analyses2, _ = corpus(SIZES, seed=12)
    rebuilt = build_themes(x2, texts2, analyses=analyses2, previous=merged)
    assert len(rebuilt.themes) == 2
    whole = next(t for t in rebuilt.themes if t.id == delivery.id)
    assert whole.label == "Orders gone wrong" and whole.size == 50
    assert sum(a == delivery.id for a in rebuilt.assignments) == 50


def test_a_split_theme_takes_new_items_into_the_right_half() -> None:
    # Two sub-topics close enough to be one theme: directions 0 and 0+small tilt on axis 5.
    rng = np.random.default_rng(0)
    a = np.zeros(DIM)
    a[0] = 1.0
    b = np.zeros(DIM)
    b[0], b[5] = 1.0, 0.9
    x = normalize(np.concatenate([a + rng.normal(0, 0.08, (20, DIM)), b + rng.normal(0, 0.08, (20, DIM))]))
    texts = ["parcel never arrived"] * 20 + ["parcel arrived damaged"] * 20
    ids = ids_for(texts)
    one = build_themes(x, texts, ids=ids)
    assert len(one.themes) == 1
    halves, moved = split(one.themes, one.themes[0].id, x, texts, ids)
    assert len(halves) == 2 and set(moved.values()) == {h.id for h in halves}
    assert len({moved[i] for i in ids[:20]}) == 1 and len({moved[i] for i in ids[20:]}) == 1
    damaged = next(h for h in halves if "damaged" in h.label.lower())
    _, joined = update(halves, normalize(b + rng.normal(0, 0.05, (3, DIM))))
    assert joined == [damaged.id] * 3


def test_bad_edits_are_refused_clearly() -> None:
    x, texts, _, _ = corpus(SIZES)
    themes = build_themes(x, texts).themes
    with pytest.raises(EditError, match="no theme 'T9'"):
        rename(themes, "T9", "x")
    with pytest.raises(EditError, match="cannot be empty"):
        rename(themes, themes[0].id, "   ")
    with pytest.raises(EditError, match="with itself"):
        merge(themes, themes[0].id, themes[0].id)
    with pytest.raises(EditError, match="at least 4"):
        split(themes, themes[0].id, x[:2], texts[:2], ["a", "b"])


def two_subtopics(seed: int, n: int = 20) -> tuple[np.ndarray, list[str], list[str]]:
    """One theme with two close sub-topics (direction 0, and 0 tilted on axis 5)."""
    rng = np.random.default_rng(seed)
    a, b = np.zeros(DIM), np.zeros(DIM)
    a[0] = 1.0
    b[0], b[5] = 1.0, 0.9
    x = normalize(np.concatenate([a + rng.normal(0, 0.08, (n, DIM)), b + rng.normal(0, 0.08, (n, DIM))]))
    texts = ["parcel never arrived"] * n + ["parcel arrived damaged"] * n
    return x, texts, ids_for(texts, f"s{seed}-")


def test_a_split_survives_a_rebuild_with_its_ids_and_labels() -> None:
    x, texts, ids = two_subtopics(0)
    one = build_themes(x, texts, ids=ids)
    assert len(one.themes) == 1
    parent = one.themes[0].id
    halves, _ = split(one.themes, parent, x, texts, ids)
    damaged = next(h for h in halves if "damaged" in h.label.lower())
    missing = next(h for h in halves if h.id != damaged.id)
    assert {h.split_from for h in halves} == {parent}
    # The rebuild's clustering sees one theme again (new draw, more items); the split is kept.
    x2, texts2, ids2 = two_subtopics(7, n=24)
    rebuilt = build_themes(x2, texts2, ids=ids2, previous=halves)
    by_id = {t.id: t for t in rebuilt.themes}
    assert set(by_id) == {damaged.id, missing.id}
    assert by_id[damaged.id].label == damaged.label and by_id[missing.id].label == missing.label
    assert by_id[damaged.id].size == 24 and by_id[missing.id].size == 24
    placed = dict(zip(rebuilt.ids, rebuilt.assignments, strict=True))
    assert {placed[i] for i in ids2[24:]} == {damaged.id} and {placed[i] for i in ids2[:24]} == {missing.id}
    assert all(t.split_from == parent for t in rebuilt.themes)
    # And again: a second rebuild over the rebuilt themes keeps the same two halves.
    again = build_themes(x2, texts2, ids=ids2, previous=rebuilt.themes)
    assert [(t.id, t.label, t.size) for t in again.themes] == [
        (t.id, t.label, t.size) for t in rebuilt.themes
    ]


def test_split_halves_that_a_rebuild_finds_on_its_own_keep_their_labels() -> None:
    x, texts, analyses, _ = corpus(SIZES)
    first = build_themes(x, texts, ids=ids_for(texts), analyses=analyses)
    refund = theme_of(first.themes, "refund")
    members = [i for i, a in enumerate(first.assignments) if a == refund.id]
    halves, _ = split(
        first.themes, refund.id, x[members], [texts[i] for i in members], [f"i{i}" for i in members]
    )
    kept = [t for t in halves if t.split_from == refund.id]
    x2, texts2, analyses2, _ = corpus(SIZES, seed=12)
    rebuilt = build_themes(x2, texts2, ids=ids_for(texts2), analyses=analyses2, previous=halves)
    by_id = {t.id: t for t in rebuilt.themes}
    for half in kept:
        assert by_id[half.id].label == half.label
    assert sum(by_id[h.id].size for h in kept) == 20
