"""read_feedback over real files and streams in every format, including broken ones."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from empathica.domain import Rejected
from empathica.sources import (
    ColumnMapping,
    Row,
    SourceError,
    detect_format,
    formats,
    read_feedback,
    sniff_format,
)


def read(src: Any, **kwargs: Any) -> list[Row | Rejected]:
    kwargs.setdefault("source", "test")
    return list(read_feedback(src, **kwargs))


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def texts(results: list[Row | Rejected]) -> list[str]:
    return [r.feedback.text for r in results if isinstance(r, Row)]


def only_rejected(results: list[Row | Rejected]) -> list[Rejected]:
    return [r for r in results if isinstance(r, Rejected)]


# --- format detection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.csv", "csv"), ("A.CSV", "csv"), ("x/b.tsv", "tsv"), ("c.json", "json"), ("d.jsonl", "jsonl"),
     ("e.ndjson", "jsonl")],
)  # fmt: skip
def test_detect_format_from_extension(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt


def test_detect_format_names_the_supported_ones() -> None:
    with pytest.raises(SourceError) as caught:
        detect_format("export.xlsx")
    assert "'export.xlsx'" in str(caught.value)
    for ext in (".csv", ".tsv", ".json", ".jsonl", ".ndjson"):
        assert ext in str(caught.value)


@pytest.mark.parametrize(
    ("head", "fmt"),
    [(b"  \n[{", "json"), (b'\xef\xbb\xbf{"a"', "jsonl"), (b"text,id\n", "csv"), (b"", "jsonl")],
)
def test_sniff_format(head: bytes, fmt: str) -> None:
    assert sniff_format(head) == fmt


# --- whole-input errors ----------------------------------------------------------------------


def test_missing_file_unknown_format_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="file not found"):
        read(tmp_path / "nope.csv")
    with pytest.raises(SourceError, match="unknown format 'xml'"):
        read(write(tmp_path, "a.csv", "text\nx\n"), format="xml")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(SourceError, match="is a directory"):
        read(tmp_path / "dir.csv")


def test_csv_without_the_text_column_lists_the_columns_it_has(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "id,comment,when\n1,hi,2026-01-01\n")
    with pytest.raises(SourceError) as caught:
        read(path)
    message = str(caught.value)
    assert "'text'" in message and "'id', 'comment', 'when'" in message and str(path) in message


def test_explicit_id_column_absent_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="id column 'ticket'"):
        read(write(tmp_path, "a.csv", "text\nhi\n"), mapping=ColumnMapping(id="ticket"))
    with pytest.raises(SourceError, match="id field 'ticket'"):
        read(write(tmp_path, "a.jsonl", '{"text": "hi"}\n'), mapping=ColumnMapping(id="ticket"))


def test_empty_csv_and_duplicate_header_names(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="empty"):
        read(write(tmp_path, "a.csv", "\n\n"))
    with pytest.raises(SourceError, match="'text' twice"):
        read(write(tmp_path, "b.csv", "text,id,text\n"))


# --- CSV / TSV -------------------------------------------------------------------------------


def test_csv_rows_line_numbers_and_rejections(tmp_path: Path) -> None:
    data = (
        "\ufeffid,text,rating\n"  # BOM before the header
        '1,"multi\nline text",5\n'  # lines 2-3
        "\n"  # line 4, blank: skipped
        "2,short\n"  # line 5: missing trailing field is just empty
        "3,too,many,fields\n"  # line 6
        "4,   ,3\n"  # line 7: empty text
        "5,fine,five\n"  # line 8
    )
    results = read(write(tmp_path, "a.csv", data))
    assert [(r.line, type(r).__name__) for r in results] == [
        (2, "Row"), (5, "Row"), (6, "Rejected"), (7, "Rejected"), (8, "Rejected"),
    ]  # fmt: skip
    first = results[0]
    assert isinstance(first, Row)
    assert first.feedback.text == "multi\nline text" and first.feedback.external_id == "1"
    second = results[1]
    assert isinstance(second, Row) and second.feedback.rating is None
    extra, empty, rating = only_rejected(results)
    assert "4 fields but the header has 3 columns" in extra.reason and extra.reason.startswith("line 6: ")
    assert extra.raw == "3,too,many,fields"
    assert empty.field == "text"
    assert rating.reason == "line 8, field 'rating': 'five' is not a number"
    assert json.loads(rating.raw) == {"id": "5", "text": "fine", "rating": "five"}


def test_csv_invalid_utf8_rejects_only_that_row_naming_field_and_byte(tmp_path: Path) -> None:
    data = b"text,city\ngood,Paris\nbad,Z\xfcrich\nalso good,Rome\n"
    results = read(write(tmp_path, "a.csv", data))
    assert texts(results) == ["good", "also good"]
    (bad,) = only_rejected(results)
    assert bad.line == 3 and bad.field == "city"
    assert "byte 0xFC" in bad.reason
    bad.raw.encode("utf-8")


def test_csv_header_with_invalid_utf8_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not valid UTF-8"):
        read(write(tmp_path, "a.csv", b"text,caf\xe9\nhi,x\n"))


def test_semicolon_separated_csv_and_tsv(tmp_path: Path) -> None:
    semi = read(write(tmp_path, "a.csv", "text;channel\nhello, world;email\n"))
    assert isinstance(semi[0], Row) and semi[0].feedback.text == "hello, world"
    assert semi[0].feedback.channel == "email"
    tsv = read(write(tmp_path, "a.tsv", "text\tchannel\nhi, there\tchat\n"))
    assert isinstance(tsv[0], Row) and (tsv[0].feedback.text, tsv[0].feedback.channel) == (
        "hi, there",
        "chat",
    )


def test_csv_field_beyond_the_csv_module_limit_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    data = "text\n" + "x" * 300_000 + "\nafter\n"
    results = read(write(tmp_path, "a.csv", data), max_text_chars=100)
    assert texts(results) == ["after"]
    (big,) = only_rejected(results)
    assert big.line == 2


def test_duplicate_ids_same_text_repeats_different_text_rejected(tmp_path: Path) -> None:
    data = "id,text\nA,first\nB,second\nA,first\nA,changed\n"
    results = read(write(tmp_path, "a.csv", data))
    assert [r.line for r in results if isinstance(r, Row)] == [2, 3, 4]
    (conflict,) = only_rejected(results)
    assert conflict.line == 5 and conflict.field == "id"
    assert "duplicate id 'A' (first seen on line 2) with different text" in conflict.reason
    assert json.loads(conflict.raw) == {"id": "A", "text": "changed"}


# --- JSON Lines ------------------------------------------------------------------------------


def test_jsonl_rows_and_each_line_rejection(tmp_path: Path) -> None:
    lines = [
        '\ufeff{"text": "one", "channel": "chat"}',
        "",
        '{"text": "two" "three"}',
        "[1, 2]",
        '{"body": "no text"}',
        '{"text": "four", "rating": "n/a"}',
    ]
    data = "\n".join(lines).encode("utf-8") + b'\n{"text": "caf\xe9"}\n'  # line 7 is Latin-1, not UTF-8
    path = write(tmp_path, "a.jsonl", data)
    results = read(path)
    assert texts(results) == ["one"]
    malformed, not_object, missing, rating, encoding = only_rejected(results)
    assert malformed.line == 3 and "malformed JSON: Expecting ',' delimiter" in malformed.reason
    assert malformed.raw == '{"text": "two" "three"}'
    assert not_object.reason == "line 4: expected a JSON object, got an array"
    assert missing.field == "text" and "missing" in missing.reason
    assert rating.field == "rating" and rating.line == 6
    assert encoding.line == 7 and "byte 0xE9" in encoding.reason


def test_jsonl_malformed_line_with_bad_bytes_keeps_a_storable_raw(tmp_path: Path) -> None:
    (bad,) = read(write(tmp_path, "a.jsonl", b'{"text": "\xff\n'))
    assert isinstance(bad, Rejected)
    assert bad.raw == '{"text": "\\xff'
    bad.raw.encode("utf-8")


# --- JSON arrays -----------------------------------------------------------------------------


def test_json_array_elements_and_their_rejections(tmp_path: Path) -> None:
    data = (
        '[\n {"id": 1, "text": "a"},\n {"text": "b" "c"},\n "loose",\n'
        ' {"text": ""},\n {"id": 2, "text": "z"},\n]'  # a trailing comma before ']' is tolerated
    )
    results = read(write(tmp_path, "a.json", data))
    assert [(r.line, type(r).__name__) for r in results] == [
        (1, "Row"), (2, "Rejected"), (3, "Rejected"), (4, "Rejected"), (5, "Row"),
    ]  # fmt: skip
    malformed, loose, empty = only_rejected(results)
    assert malformed.reason.startswith("element 2: malformed JSON")
    assert malformed.raw == '{"text": "b" "c"}'
    assert loose.reason == "element 3: expected a JSON object, got a string"
    assert empty.reason.startswith("element 4, field 'text'")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            '{"text": "a"}',
            "not a JSON array of objects: it starts with '{' (one object per line is the jsonl",
        ),
        ("", "empty"),
        ('["a", {"text": "b"}]', "element 1 is a string"),
        ('[{"text": "a"}] [{"text": "b"}]', "more content after the closing ']'"),
        ('[{"text": "a"} {"text": "b"}]', "expected ',' or ']' after element 1"),
    ],
)
def test_json_file_that_is_not_an_array_of_objects(tmp_path: Path, data: str, words: str) -> None:
    with pytest.raises(SourceError, match=words.replace("(", r"\(").replace("[", r"\[")):
        read(write(tmp_path, "a.json", data))


def test_truncated_json_array_keeps_earlier_rows_and_the_partial_element(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", '[{"text": "kept"}, {"text": "cut off he')
    results: list[Row | Rejected] = []
    with pytest.raises(SourceError, match="truncated"):
        for result in read_feedback(path, source="t"):
            results.append(result)
    assert texts(results) == ["kept"]
    (partial,) = only_rejected(results)
    assert partial.line == 2 and partial.raw == '{"text": "cut off he'


def test_empty_json_array_yields_nothing(tmp_path: Path) -> None:
    assert read(write(tmp_path, "a.json", " [ ] \n")) == []


ARRAY_DOC = [
    {"id": 1, "text": "caf\u00e9 \u2603 emoji \U0001f600 done", "rating": 4},
    {"id": 2, "text": 'escaped \\"quotes\\" and \\\\ backslash', "tags": ["a", {"b": [1, 2]}]},
    {"id": 3, "text": "numbers", "rating": 1234567.125, "n": -98765432109876},
    {"id": 4, "text": "brackets ] } [ { , inside a string", "meta": {"x": None, "y": True}},
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 11, 16, 64])
def test_json_array_parses_identically_whatever_the_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Objects, escapes, numbers and multi-byte characters split across every possible chunk boundary."""
    monkeypatch.setattr(formats, "_CHUNK", chunk)
    broken = '{"id": 5, "text": "bad" ,, }'
    body = json.dumps(ARRAY_DOC[:2], indent=1)[:-1] + ", " + broken + ", " + json.dumps(ARRAY_DOC[2:])[1:]
    results = read(write(tmp_path, "a.json", body))
    rows = [r for r in results if isinstance(r, Row)]
    assert [r.feedback.external_id for r in rows] == ["1", "2", "3", "4"]
    assert [r.feedback.text for r in rows] == [d["text"] for d in ARRAY_DOC]
    assert [r.line for r in rows] == [1, 2, 4, 5]
    assert rows[1].feedback.metadata == {"tags": ["a", {"b": [1, 2]}]}
    assert rows[2].feedback.rating == 1234567.125 and rows[2].feedback.metadata == {"n": -98765432109876}
    (bad,) = only_rejected(results)
    assert bad.line == 3 and bad.raw == broken and "malformed JSON" in bad.reason


# --- streams and stdin -----------------------------------------------------------------------


class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    "data",
    [
        b'[{"text": "hi"}]',
        b'\n{"text": "hi"}\n',
        b"\xef\xbb\xbftext,channel\nhi,sms\n",
        b"   " * 3000 + b'[{"text": "hi"}]',
    ],
)
def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    results = read("-")
    assert texts(results) == ["hi"]


def test_stdin_with_explicit_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"text\tkind\nhello\tsurvey\n"))
    (row,) = read("-", format="tsv")
    assert isinstance(row, Row) and row.feedback.kind == "survey"


def test_bytes_stream_is_read_without_closing_it() -> None:
    stream = io.BytesIO(b'{"text": "one"}\n{"text": "two"}\n')
    assert texts(read(stream, format="jsonl")) == ["one", "two"]
    assert not stream.closed


def test_file_is_closed_when_the_caller_stops_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "a.csv", "text\n" + "".join(f"row {n}\n" for n in range(100)))
    opened: list[Any] = []
    real_open = Path.open

    def recording_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        opened.append(handle)
        return handle

    monkeypatch.setattr(Path, "open", recording_open)
    iterator = read_feedback(path, source="t")
    first = next(iterator)
    assert isinstance(first, Row) and first.feedback.text == "row 0"
    assert len(opened) == 1 and not opened[0].closed
    iterator.close()
    assert opened[0].closed
