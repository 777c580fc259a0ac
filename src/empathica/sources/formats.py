"""Streaming readers for CSV, TSV, JSON arrays and JSON Lines, and the read_feedback entry point.

Files can be larger than memory, so nothing here holds more than one record (plus one read
chunk) at a time: CSV goes through the csv module line by line, JSON Lines one line at a
time, and a JSON array is cut into elements by an incremental reader. Bytes that are not
UTF-8 are carried through as surrogates (``surrogateescape``) so the row, not the file,
gets rejected, with the offending byte named.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, TYPE_CHECKING, Any

from empathica.domain import Rejected
from empathica.sources.rows import (
    ColumnMapping,
    IdMemory,
    Row,
    find_column,
    parse_record_detailed,
    printable,
    raw_json,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "SUPPORTED_FORMATS",
    "RawRecord",
    "SourceError",
    "detect_format",
    "read_feedback",
    "sniff_format",
]

SUPPORTED_FORMATS: tuple[str, ...] = ("csv", "tsv", "json", "jsonl")
_EXTENSIONS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_CHUNK = 1 << 16
_WHITESPACE = b" \t\r\n"


class SourceError(ValueError):
    """The whole input cannot be read (as opposed to one bad row, which becomes a Rejected)."""


@dataclass(slots=True)
class RawRecord:
    """One record as split out of the file, before any validation.

    ``fields`` is None when the record could not even be split into fields; ``error`` then says
    why and ``raw`` holds its text for the quarantine.
    """

    line: int
    fields: dict[str, Any] | None
    raw: str | None = None
    error: str | None = None


def detect_format(name: str) -> str:
    """The format implied by a file name's extension."""
    fmt = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_EXTENSIONS))
        raise SourceError(
            f"cannot tell the format of {name!r} from its extension; supported extensions are {known} "
            f"(or name the format: {', '.join(SUPPORTED_FORMATS)})"
        )
    return fmt


def sniff_format(head: bytes) -> str:
    """Guess from the first bytes: '[' is a JSON array, '{' is JSON Lines, anything else CSV."""
    head = head.removeprefix(codecs.BOM_UTF8).lstrip(_WHITESPACE)
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{") or not head:
        return "jsonl"
    return "csv"


def read_feedback(
    src: str | Path | IO[bytes],
    *,
    source: str,
    format: str | None = None,
    mapping: ColumnMapping = ColumnMapping(),
    max_text_chars: int = 20_000,
) -> Iterator[Row | Rejected]:
    """Stream the rows of one file (a path, "-" for standard input, or a binary stream).

    Yields a Row for every accepted record and a Rejected for every bad one, in file order.
    SourceError is raised (on first iteration) when the input as a whole cannot be read; a
    JSON array that breaks off part-way raises it after the rows before the break.
    """
    if max_text_chars < 1:
        raise ValueError(f"max_text_chars must be at least 1, got {max_text_chars}")
    with _open(src, format) as (stream, fmt, label):
        unit = "element" if fmt == "json" else "line"
        records: Iterator[RawRecord]
        if fmt in ("csv", "tsv"):
            header, records = _csv_records(stream, label, "\t" if fmt == "tsv" else ",", max_text_chars)
            _check_header(header, mapping, label)
        elif fmt == "jsonl":
            records = _jsonl_records(stream)
        else:
            records = _JsonArrayReader(
                stream, label, max_element_chars=max(1 << 24, 8 * max_text_chars)
            ).records()
        yield from _judge(
            records,
            fmt=fmt,
            unit=unit,
            label=label,
            source=source,
            mapping=mapping,
            max_text_chars=max_text_chars,
        )


def _judge(
    records: Iterator[RawRecord],
    *,
    fmt: str,
    unit: str,
    label: str,
    source: str,
    mapping: ColumnMapping,
    max_text_chars: int,
) -> Iterator[Row | Rejected]:
    seen = IdMemory()
    first_object = True
    for record in records:
        if record.fields is None:
            reason = f"{unit} {record.line}: {record.error}"
            yield Rejected(source=source, line=record.line, reason=reason, raw=record.raw or "")
            continue
        explicit_id = mapping.id
        json_like = fmt in ("json", "jsonl")
        if first_object and json_like and explicit_id and find_column(record.fields, explicit_id) is None:
            raise SourceError(
                f"the id field {explicit_id!r} is not in {label} (the first object, {unit} {record.line}, "
                f"has {', '.join(repr(k) for k in record.fields) or 'no fields'})"
            )
        first_object = False
        parsed = parse_record_detailed(
            record.fields,
            line=record.line,
            source=source,
            mapping=mapping,
            max_text_chars=max_text_chars,
            unit=unit,
        )
        result = parsed.result
        if isinstance(result, Row) and parsed.id_from_column:
            feedback = result.feedback
            first_line = seen.check(feedback.external_id, feedback.text, record.line)
            if first_line is not None:
                field = find_column(record.fields, mapping.id or "id") or "id"
                yield Rejected(
                    source=source,
                    line=record.line,
                    reason=(
                        f"{unit} {record.line}, field {field!r}: duplicate id {feedback.external_id!r} "
                        f"(first seen on {unit} {first_line}) with different text"
                    ),
                    raw=raw_json(record.fields),
                    field=field,
                )
                continue
        yield result


def _check_header(header: list[str], mapping: ColumnMapping, label: str) -> None:
    present = {name: None for name in header}
    columns = ", ".join(repr(name) for name in header)
    if find_column(present, mapping.text) is None:
        raise SourceError(
            f"the text column {mapping.text!r} is not in the header of {label}; its columns are {columns}"
        )
    if mapping.id is not None and find_column(present, mapping.id) is None:
        raise SourceError(
            f"the id column {mapping.id!r} is not in the header of {label}; its columns are {columns}"
        )


# --- opening ---------------------------------------------------------------------------------


@contextmanager
def _open(src: str | Path | IO[bytes], fmt: str | None) -> Iterator[tuple[IO[bytes], str, str]]:
    if fmt is not None and fmt not in SUPPORTED_FORMATS:
        raise SourceError(f"unknown format {fmt!r}; supported formats are {', '.join(SUPPORTED_FORMATS)}")
    if isinstance(src, str | Path) and str(src) != "-":
        path = Path(src)
        fmt = fmt or detect_format(path.name)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise SourceError(f"file not found: {path}") from None
        except IsADirectoryError:
            raise SourceError(f"{path} is a directory, not a file") from None
        except OSError as exc:
            raise SourceError(f"cannot open {path}: {exc.strerror or exc}") from None
        with handle:
            yield handle, fmt, str(path)
        return
    stream: IO[bytes] = sys.stdin.buffer if isinstance(src, str | Path) else src
    label = "standard input" if stream is sys.stdin.buffer else "the input"
    if fmt is None:
        name = getattr(stream, "name", None)
        if isinstance(name, str) and PurePath(name).suffix.lower() in _EXTENSIONS:
            fmt = _EXTENSIONS[PurePath(name).suffix.lower()]
    head = b""
    if fmt is None:
        head = _read_head(stream)
        fmt = sniff_format(head)
    # Our own buffered wrapper: closing it never closes the caller's stream (or stdin).
    with io.BufferedReader(_Prefixed(head, stream), buffer_size=_CHUNK) as wrapped:
        yield wrapped, fmt, label


def _read_head(stream: IO[bytes]) -> bytes:
    """Read just enough to see the first meaningful byte (streams like stdin cannot seek back)."""
    head = b""
    while True:
        data = stream.read(4096)
        if not data:
            return head
        head += data
        if head.removeprefix(codecs.BOM_UTF8).lstrip(_WHITESPACE):
            return head


class _Prefixed(io.RawIOBase):
    """Bytes already read for sniffing, followed by the rest of the stream."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._stream.read(len(view))
        count = len(data)
        view[:count] = data
        return count


# --- CSV / TSV -------------------------------------------------------------------------------


def _csv_records(
    stream: IO[bytes], label: str, delimiter: str, max_text_chars: int
) -> tuple[list[str], Iterator[RawRecord]]:
    # The csv module caps one field at 128 KiB by default; raise it (never lower it) so the
    # text limit, not the csv module, decides, while an unclosed quote still cannot eat the file.
    if csv.field_size_limit() < 2 * max_text_chars + 1024:
        csv.field_size_limit(2 * max_text_chars + 1024)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    lines = iter(text)
    first = next(lines, None)
    while first is not None and not first.strip():
        first = next(lines, None)
    if first is None:
        raise SourceError(
            f"{label} is empty: a {'TSV' if delimiter == chr(9) else 'CSV'} file needs a header row"
        )
    if delimiter == "," and "," not in first and ";" in first:
        delimiter = ";"  # spreadsheet exports in many locales separate with semicolons
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise SourceError(f"the header row of {label} cannot be read: {exc}") from None
    names = _header_names(header, label)
    return names, _csv_rows(reader, names, delimiter)


def _header_names(header: list[str], label: str) -> list[str]:
    names: list[str] = []
    for position, cell in enumerate(header, start=1):
        name = cell.strip() or f"column_{position}"
        if printable(name) != name or "\x00" in name:
            raise SourceError(
                f"column {position} of the header of {label} ({printable(name)!r}) is not valid UTF-8 text; "
                "save the file as UTF-8"
            )
        if name in names:
            raise SourceError(
                f"the header of {label} names column {name!r} twice (columns {names.index(name) + 1} "
                f"and {position}); column names must be unique"
            )
        names.append(name)
    return names


def _csv_rows(reader: Any, names: list[str], delimiter: str) -> Iterator[RawRecord]:
    previous_end = reader.line_num
    while True:
        try:
            cells: list[str] = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line, previous_end = previous_end + 1, reader.line_num
            yield RawRecord(line, None, raw="", error=f"the row cannot be read as CSV ({exc})")
            continue
        line, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines carry nothing to keep
        if len(cells) > len(names):
            yield RawRecord(
                line,
                None,
                raw=printable(_csv_line(cells, delimiter)),
                error=(
                    f"{len(cells)} fields but the header has {len(names)} columns "
                    f"(a field containing {delimiter!r} may be missing its quotes)"
                ),
            )
            continue
        record: dict[str, Any] = dict(zip(names, cells, strict=False))
        for name in names[len(cells) :]:
            record[name] = ""
        yield RawRecord(line, record)


def _csv_line(cells: list[str], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="").writerow(cells)
    return out.getvalue()


# --- JSON Lines ------------------------------------------------------------------------------


def _jsonl_records(stream: IO[bytes]) -> Iterator[RawRecord]:
    for number, raw_line in enumerate(stream, start=1):
        data = raw_line.removeprefix(codecs.BOM_UTF8) if number == 1 else raw_line
        text = data.decode("utf-8", "surrogateescape").strip()
        if not text:
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            error = f"malformed JSON: {exc.msg} (column {exc.colno})"
            yield RawRecord(number, None, raw=printable(text), error=error)
            continue
        if not isinstance(value, dict):
            error = f"expected a JSON object, got {_json_kind(value)}"
            yield RawRecord(number, None, raw=printable(text), error=error)
            continue
        yield RawRecord(number, value)


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "a number"


# --- JSON array ------------------------------------------------------------------------------

_OUTSIDE_STRING = re.compile(r'[\[\]{},"\\]')
_INSIDE_STRING = re.compile(r'["\\]')
_NOT_WHITESPACE = re.compile(r"[^ \t\r\n]")


class _JsonArrayReader:
    """Cuts a top-level JSON array into elements while reading it in chunks.

    The C decoder (raw_decode) handles well-formed elements. When it fails, a small scanner
    that tracks strings and bracket depth finds where the element ends: if the end is in
    sight the element is malformed and gets rejected alone; if not, more is read.
    """

    def __init__(self, stream: IO[bytes], label: str, *, max_element_chars: int) -> None:
        self._stream = stream
        self._label = label
        self._max = max_element_chars
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="surrogateescape")
        self._json = json.JSONDecoder()
        self._buf = ""
        self._pos = 0
        self._eof = False

    def _fill(self) -> bool:
        """Read one more chunk, dropping what was consumed; False once the stream is exhausted."""
        if self._eof:
            return False
        data = self._stream.read(_CHUNK)
        self._eof = not data
        self._buf = self._buf[self._pos :] + self._decoder.decode(data, final=self._eof)
        self._pos = 0
        return not self._eof

    def _next_char(self) -> str | None:
        """Skip whitespace; the next character, or None at the end of the input."""
        while True:
            match = _NOT_WHITESPACE.search(self._buf, self._pos)
            if match:
                self._pos = match.start()
                return match.group()
            self._pos = len(self._buf)
            if not self._fill():
                return None

    def records(self) -> Iterator[RawRecord]:
        first = self._next_char()
        if first is None:
            raise SourceError(f"{self._label} is empty; expected a JSON array of objects")
        if first != "[":
            hint = " (one object per line is the jsonl format)" if first == "{" else ""
            raise SourceError(f"{self._label} is not a JSON array of objects: it starts with {first!r}{hint}")
        self._pos += 1
        index = 0
        if self._next_char() == "]":
            self._pos += 1
            self._check_end(index)
            return
        while True:
            index += 1
            if self._next_char() is None:
                raise self._truncated(index - 1)
            if index > 1 and self._buf[self._pos] == "]":
                self._pos += 1  # a trailing comma before ']' is a common slip; nothing is lost
                self._check_end(index - 1)
                return
            yield self._element(index)
            after = self._next_char()
            if after == ",":
                self._pos += 1
            elif after == "]":
                self._pos += 1
                self._check_end(index)
                return
            elif after is None:
                raise self._truncated(index)
            else:
                raise SourceError(
                    f"{self._label} is not a valid JSON array: expected ',' or ']' after element {index}, "
                    f"found {after!r}"
                )

    def _element(self, index: int) -> RawRecord:
        while not self._eof and len(self._buf) - self._pos < _CHUNK:
            self._fill()
        start = self._pos
        try:
            value, end = self._json.raw_decode(self._buf, start)
        except json.JSONDecodeError:
            return self._malformed_or_long(index)
        if end == len(self._buf) and not self._eof and not isinstance(value, dict | list | str):
            return self._malformed_or_long(index)  # a number may continue in the next chunk
        self._pos = end
        if not isinstance(value, dict):
            return self._not_object(index, self._buf[start:end], value)
        return RawRecord(index, value)

    def _not_object(self, index: int, text: str, value: Any) -> RawRecord:
        """The first element decides whether this is an array of objects at all."""
        if index == 1:
            raise SourceError(
                f"{self._label} is not a JSON array of objects: element 1 is {_json_kind(value)}"
            )
        return RawRecord(
            index, None, raw=printable(text), error=f"expected a JSON object, got {_json_kind(value)}"
        )

    def _malformed_or_long(self, index: int) -> RawRecord:
        """Find the element's end (reading on if needed), then decode that slice on its own."""
        scanner = _ElementScanner()
        while True:
            end = scanner.find_end(self._buf, self._pos)
            if end is not None:
                break
            if len(self._buf) - self._pos > self._max:
                raise SourceError(
                    f"element {index} of {self._label} runs past {self._max:,} characters without ending; "
                    "the file looks malformed (an unclosed string or bracket?)"
                )
            if not self._fill():
                text = self._buf[self._pos :]
                self._pos = len(self._buf)
                error = "the input ends inside this element (the file looks truncated)"
                return RawRecord(index, None, raw=printable(text.strip()), error=error)
        text = self._buf[self._pos : end].strip()
        self._pos = end
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            return RawRecord(
                index, None, raw=printable(text), error=f"malformed JSON: {exc.msg} (character {exc.pos + 1})"
            )
        if not isinstance(value, dict):
            return self._not_object(index, text, value)
        return RawRecord(index, value)

    def _truncated(self, index: int) -> SourceError:
        return SourceError(
            f"{self._label} ends before the closing ']' of its JSON array (after element {index}); "
            "the file looks truncated"
        )

    def _check_end(self, index: int) -> None:
        trailing = self._next_char()
        if trailing is not None:
            raise SourceError(
                f"{self._label} has more content after the closing ']' of its JSON array "
                f"(after element {index}): {trailing!r}"
            )


class _ElementScanner:
    """Tracks string and bracket state across chunks to find a raw element's end.

    The end is the ',' or ']' at depth 0 outside any string. Positions are kept relative to
    the element's start because the buffer is re-based each time a chunk is read.
    """

    def __init__(self) -> None:
        self._offset = 0
        self._depth = 0
        self._in_string = False

    def find_end(self, buf: str, start: int) -> int | None:
        i = start + self._offset
        while True:
            pattern = _INSIDE_STRING if self._in_string else _OUTSIDE_STRING
            match = pattern.search(buf, i)
            if match is None:
                self._offset = len(buf) - start
                return None
            char = match.group()
            if char == "\\":
                if match.end() >= len(buf):  # the escaped character is in the next chunk
                    self._offset = match.start() - start
                    return None
                i = match.end() + 1
                continue
            i = match.end()
            if char == '"':
                self._in_string = not self._in_string
            elif char in "[{":
                self._depth += 1
            elif char in "]}":
                if self._depth == 0 and char == "]":
                    return match.start()
                self._depth = max(self._depth - 1, 0)
            elif char == "," and self._depth == 0:
                return match.start()
