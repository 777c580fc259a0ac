"""Quarantine of rejected rows and the ingestion log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from empathica.domain import IngestSummary, Rejected
from empathica.storage import IngestionRun, Repository


def rejected(line: int, raw: str = "a,b", source: str = "tickets.csv", **kwargs: Any) -> Rejected:
    return Rejected(source=source, line=line, reason="text is empty", raw=raw, **kwargs)


def test_same_bad_rows_twice_are_kept_once(repo: Repository) -> None:
    rows = [rejected(2), rejected(5, raw="x"), rejected(9, raw="y", field="created_at")]
    assert repo.quarantine([]) == 0
    assert repo.quarantine(rows) == 3
    assert repo.quarantine(rows) == 0
    assert repo.count_quarantine() == 3
    # Same line, different content (the file was edited): a new rejection.
    assert repo.quarantine([rejected(2, raw="a,b,c")]) == 1
    # A repeat inside one call counts once.
    assert repo.quarantine([rejected(20), rejected(20)]) == 1
    assert repo.count_quarantine() == 5


def test_list_get_and_filter_by_source(repo: Repository) -> None:
    repo.quarantine([rejected(3, source="a.csv", field="rating"), rejected(4, source="b.csv")])
    listed = repo.list_quarantine()
    assert [(r.source, r.line) for r in listed] == [("a.csv", 3), ("b.csv", 4)]
    first = listed[0]
    assert first.id is not None
    assert (first.field, first.reason, first.raw, first.replayed) == ("rating", "text is empty", "a,b", False)
    assert first.created_at is not None and first.created_at.tzinfo is UTC
    assert repo.get_quarantined(first.id) == first
    assert repo.get_quarantined(first.id + 1000) is None
    assert [r.line for r in repo.list_quarantine(source="b.csv")] == [4]
    assert repo.count_quarantine(source="a.csv") == 1
    assert repo.count_quarantine(source="nope.csv") == 0


def test_list_pages(repo: Repository) -> None:
    repo.quarantine([rejected(line) for line in range(1, 8)])
    assert [r.line for r in repo.list_quarantine(limit=3)] == [1, 2, 3]
    assert [r.line for r in repo.list_quarantine(limit=3, offset=6)] == [7]


def test_mark_replayed_hides_rows_unless_asked(repo: Repository) -> None:
    repo.quarantine([rejected(1), rejected(2), rejected(3)])
    one, two, _ = repo.list_quarantine()
    assert one.id is not None and two.id is not None
    repo.mark_replayed([one.id, two.id, two.id])

    assert [r.line for r in repo.list_quarantine()] == [3]
    assert repo.count_quarantine() == 1
    everything = repo.list_quarantine(include_replayed=True)
    assert [(r.line, r.replayed) for r in everything] == [(1, True), (2, True), (3, False)]
    assert repo.count_quarantine(include_replayed=True) == 3
    replayed = repo.get_quarantined(one.id)
    assert replayed is not None and replayed.replayed
    # Re-ingesting the same bad file later does not bring replayed rows back.
    assert repo.quarantine([rejected(1)]) == 0


def test_given_created_at_is_kept(repo: Repository) -> None:
    when = datetime(2024, 2, 29, 23, 30, tzinfo=timezone(timedelta(hours=-3)))
    repo.quarantine([rejected(1, created_at=when)])
    (row,) = repo.list_quarantine()
    assert row.created_at == when
    assert row.created_at is not None and row.created_at.tzinfo is UTC


def test_ingestion_log_newest_first(repo: Repository) -> None:
    start = datetime(2024, 1, 10, 8, 0, tzinfo=UTC)
    first = repo.log_ingestion(
        IngestSummary("a.csv", read=10, stored=8, duplicates=1, rejected=1),
        start,
        start + timedelta(seconds=3),
    )
    later = start + timedelta(hours=1)
    second = repo.log_ingestion(
        IngestSummary("b.jsonl", read=5, stored=5), later, later + timedelta(seconds=1)
    )

    runs = repo.ingestion_log()
    assert runs == [
        IngestionRun(second, "b.jsonl", later, later + timedelta(seconds=1), 5, 5, 0, 0),
        IngestionRun(first, "a.csv", start, start + timedelta(seconds=3), 10, 8, 1, 1),
    ]
    assert all(r.started_at.tzinfo is UTC for r in runs)
    assert [r.id for r in repo.ingestion_log(limit=1)] == [second]
