"""Storing themes and where items were placed: round trips, updates, merges, rebuilds."""

from __future__ import annotations

from empathica.domain import Feedback, Theme
from empathica.storage import Repository


def theme(key: str, size: int, centroid: tuple[float, ...] = (1.0, 0.0), **extra: object) -> Theme:
    return Theme(
        id=key, label=f"label {key}", keywords=["a", "b"], polarity="pain", size=size,
        score=float(size), trend=None, examples=["1"], centroid=centroid, threshold=0.4, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def add(repo: Repository, n: int) -> list[int]:
    return repo.add_feedback([Feedback("s", f"e{i}", f"text {i}") for i in range(n)]).stored_ids


def test_themes_round_trip_with_their_centres_in_rank_order(repo: Repository) -> None:
    parts = ((1.0, 0.0), (0.6, 0.8))
    themes = [theme("T2", 9, (0.6, 0.8), renamed=True), theme("T1", 5, parts=parts)]
    repo.insights.save_themes(themes)
    loaded = repo.insights.load_themes()
    assert loaded == themes
    assert loaded[1].parts == parts and loaded[0].renamed


def test_placements_updates_and_unplaced_items(repo: Repository) -> None:
    ids = add(repo, 5)
    repo.insights.save_themes([theme("T1", 2), theme("T2", 1)], {ids[0]: "T1", ids[1]: "T1", ids[2]: None})
    assert [it.feedback.id for it in repo.unplaced()] == ids[3:]
    assert repo.insights.placements() == {ids[0]: "T1", ids[1]: "T1", ids[2]: None}
    # An update places new items and may place an item again; nothing else moves.
    repo.insights.save_themes([theme("T1", 2), theme("T2", 3)], {ids[3]: "T2", ids[2]: "T2"})
    assert repo.insights.theme_members("T2") == sorted([ids[2], ids[3]])
    assert [it.feedback.id for it in repo.unplaced(after_id=ids[3])] == [ids[4]]


def test_merge_moves_members_and_rebuild_forgets_old_placements(repo: Repository) -> None:
    ids = add(repo, 4)
    repo.insights.save_themes(
        [theme("T1", 2), theme("T2", 2)], {ids[0]: "T1", ids[1]: "T1", ids[2]: "T2", ids[3]: "T2"}
    )
    repo.insights.save_themes([theme("T1", 4)], moved={"T2": "T1"})
    assert [t.id for t in repo.insights.load_themes()] == ["T1"]
    assert repo.insights.theme_members("T1") == ids and repo.insights.theme_members("T2") == []
    repo.insights.save_themes([theme("T7", 1)], {ids[0]: "T7"}, rebuild=True)
    assert repo.insights.placements() == {ids[0]: "T7"}
    assert [it.feedback.id for it in repo.unplaced()] == ids[1:]


def test_first_dates_of_themes(repo: Repository) -> None:
    from datetime import UTC, datetime

    days = [datetime(2026, 5, d, tzinfo=UTC) for d in (3, 1, 9)]
    stored = repo.add_feedback(
        [Feedback("s", f"d{i}", f"dated {i}", created_at=d) for i, d in enumerate(days)]
        + [Feedback("s", "u", "undated")]
    ).stored_ids
    placed = {stored[0]: "T1", stored[1]: "T1", stored[2]: "T2", stored[3]: "T3"}
    repo.insights.save_themes([theme("T1", 2), theme("T2", 1), theme("T3", 1)], placed)
    assert repo.insights.theme_first_dates() == {"T1": days[1], "T2": days[2], "T3": None}
