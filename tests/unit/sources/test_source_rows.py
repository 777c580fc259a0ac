"""parse_record: one record in, a Row or a Rejected that names the line, the field and why."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from empathica.domain import PersonKind, Rejected
from empathica.sources import ColumnMapping, Row, content_hash, parse_record
from empathica.sources.rows import IdMemory


def parse(record: dict[str, Any], **kwargs: Any) -> Row | Rejected:
    kwargs.setdefault("line", 7)
    kwargs.setdefault("source", "survey")
    kwargs.setdefault("mapping", ColumnMapping())
    kwargs.setdefault("max_text_chars", 100)
    return parse_record(record, **kwargs)


def rejected(record: dict[str, Any], **kwargs: Any) -> Rejected:
    result = parse(record, **kwargs)
    assert isinstance(result, Rejected), result
    return result


def test_accepted_record_fills_every_field_and_keeps_the_rest_as_metadata() -> None:
    record = {
        "id": 42,
        "text": "  The agent was kind.\n  Thanks!  ",
        "channel": "email",
        "kind": "ticket",
        "created_at": "2026-03-05T10:00:00Z",
        "person_id": "c-9",
        "person_kind": " Employee ",
        "rating": "4.5",
        "store": "Leeds",
        "note": "",
    }
    row = parse(record)
    assert isinstance(row, Row)
    fb = row.feedback
    assert row.line == 7
    assert (fb.source, fb.external_id) == ("survey", "42")
    assert fb.text == "The agent was kind.\n  Thanks!"
    assert (fb.channel, fb.kind, fb.person_id) == ("email", "ticket", "c-9")
    assert fb.person_kind is PersonKind.EMPLOYEE
    assert fb.rating == 4.5
    assert fb.created_at == datetime(2026, 3, 5, 10, tzinfo=UTC)
    assert fb.metadata == {"store": "Leeds", "note": None}


def test_mapping_renames_columns_and_matches_case_insensitively() -> None:
    mapping = ColumnMapping(text="comment", id="ticket", channel="via", rating="score")
    row = parse({"Comment": "Slow refund", "TICKET": "T-1", "via": "chat", "score": "2"}, mapping=mapping)
    assert isinstance(row, Row)
    assert (row.feedback.text, row.feedback.external_id, row.feedback.channel) == (
        "Slow refund",
        "T-1",
        "chat",
    )
    assert row.feedback.rating == 2.0
    assert row.feedback.metadata == {}


@pytest.mark.parametrize("alias", ["date", "timestamp", "created"])
def test_default_date_column_falls_back_to_common_names(alias: str) -> None:
    row = parse({"text": "ok", alias: "2026-03-05"})
    assert isinstance(row, Row)
    assert row.feedback.created_at == datetime(2026, 3, 5, tzinfo=UTC)
    assert alias not in row.feedback.metadata


def test_explicit_date_column_does_not_fall_back() -> None:
    row = parse({"text": "ok", "date": "2026-03-05"}, mapping=ColumnMapping(created_at="sent"))
    assert isinstance(row, Row)
    assert row.feedback.created_at is None
    assert row.feedback.metadata == {"date": "2026-03-05"}


def test_without_id_column_the_id_is_a_stable_content_hash() -> None:
    first = parse({"text": "Lovely staff", "created_at": "2026-03-05", "person_id": "p1"})
    again = parse({"text": " Lovely staff ", "created_at": "5 Mar 2026", "person_id": "p1"}, line=99)
    other_person = parse({"text": "Lovely staff", "created_at": "2026-03-05", "person_id": "p2"})
    assert isinstance(first, Row) and isinstance(again, Row) and isinstance(other_person, Row)
    assert first.feedback.external_id.startswith("h:")
    assert len(first.feedback.external_id) == 18
    assert first.feedback.external_id == again.feedback.external_id
    assert first.feedback.external_id != other_person.feedback.external_id
    assert first.feedback.external_id == content_hash("Lovely staff", datetime(2026, 3, 5, tzinfo=UTC), "p1")


def test_blank_default_id_column_falls_back_to_the_hash_but_blank_mapped_id_is_rejected() -> None:
    row = parse({"id": "", "text": "hello"})
    assert isinstance(row, Row) and row.feedback.external_id.startswith("h:")
    bad = rejected({"ref": " ", "text": "hello"}, mapping=ColumnMapping(id="ref"))
    assert bad.field == "ref"
    assert "empty" in bad.reason


def test_numeric_ids_become_plain_strings() -> None:
    assert isinstance(row := parse({"id": 12.0, "text": "x"}), Row) and row.feedback.external_id == "12"
    assert isinstance(row := parse({"id": 12, "text": "x"}), Row) and row.feedback.external_id == "12"


@pytest.mark.parametrize(
    ("record", "field", "words"),
    [
        ({"text": "   \t "}, "text", "empty"),
        ({"text": None}, "text", "empty"),
        ({"body": "hi"}, "text", "missing (the record has fields 'body')"),
        ({"text": {"a": 1}}, "text", "expected text, got an object"),
        ({"text": "ok", "rating": "five"}, "rating", "'five' is not a number"),
        ({"text": "ok", "rating": "NaN"}, "rating", "not a finite number"),
        ({"text": "ok", "rating": float("inf")}, "rating", "not a finite number"),
        ({"text": "ok", "rating": True}, "rating", "expected a number"),
        ({"text": "ok", "person_kind": "robot"}, "person_kind", "use 'customer' or 'employee'"),
        ({"text": "ok", "created_at": "03/04/2026"}, "created_at", "ambiguous"),
        ({"text": "ok", "channel": ["a"]}, "channel", "got an array"),
        ({"text": "caf\udce9 au lait"}, "text", "byte 0xE9 at character 4 is not valid UTF-8"),
        ({"text": "ok", "store": "Z\udcfcrich"}, "store", "byte 0xFC"),
        ({"text": "nul\x00here"}, "text", "NUL character"),
        ({"text": "lone \ud83d surrogate"}, "text", "unpaired surrogate"),
        ({"text": "ok", "id": [1]}, "id", "expected an id"),
    ],
)
def test_each_rejection_names_line_field_and_reason(record: dict[str, Any], field: str, words: str) -> None:
    result = rejected(record)
    assert result.field == field
    assert result.line == 7
    assert result.source == "survey"
    assert result.reason.startswith(f"line 7, field {field!r}: ")
    assert words in result.reason


def test_too_long_text_states_both_lengths() -> None:
    result = rejected({"text": "x" * 150}, max_text_chars=100)
    assert result.field == "text"
    assert "150 characters" in result.reason and "limit of 100" in result.reason


def test_missing_mapped_id_is_rejected() -> None:
    result = rejected({"text": "ok"}, mapping=ColumnMapping(id="ticket"))
    assert result.field == "ticket"
    assert "missing" in result.reason


def test_rejected_raw_is_the_record_as_json_and_replays_after_raising_the_limit() -> None:
    record = {"id": "A-1", "text": "word " * 40, "channel": "chat", "extra": None}
    first = rejected(record, max_text_chars=50)
    assert json.loads(first.raw) == record
    replay = parse_record(
        json.loads(first.raw),
        line=first.line,
        source=first.source,
        mapping=ColumnMapping(),
        max_text_chars=500,
    )
    assert isinstance(replay, Row)
    assert replay.feedback.external_id == "A-1"
    assert replay.feedback.text == ("word " * 40).strip()
    assert replay.line == 7


def test_raw_with_undecodable_bytes_is_ascii_and_parses_back_to_the_same_record() -> None:
    record = {"text": "caf\udce9", "note": "naïve"}
    result = rejected(record)
    result.raw.encode("utf-8")  # storable as-is
    assert json.loads(result.raw) == record


def test_given_raw_text_is_kept_verbatim() -> None:
    result = rejected({"text": ""}, raw="original line")
    assert result.raw == "original line"


def test_unit_names_the_position_for_json_arrays() -> None:
    assert rejected({"text": ""}, line=3, unit="element").reason.startswith("element 3, field 'text'")


def test_max_text_chars_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_text_chars"):
        parse({"text": "x"}, max_text_chars=0)


def test_id_memory_tells_repeats_from_conflicts_and_grows() -> None:
    memory = IdMemory()
    for n in range(5000):
        assert memory.check(f"id-{n}", f"text {n}", n + 1) is None
    assert len(memory) == 5000
    assert memory.check("id-17", "text 17", 9000) is None
    assert memory.check("id-17", "changed", 9001) == 18
    assert memory.check("id-4999", "other", 9002) == 5000
    assert len(memory) == 5000
