"""Turning one raw record (a CSV row or a JSON object) into a Feedback, or into a Rejected.

This is the single place where a row is judged, so a file import and a quarantine replay
(the same raw record, perhaps with a larger text limit or a new column mapping) always agree.
A rejection says where (line), what (field) and why, in words a support lead can act on,
and keeps the record itself as a JSON object so it can be parsed again later.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from empathica.domain import Feedback, PersonKind, Rejected
from empathica.sources.dates import DateError, parse_date

__all__ = [
    "ColumnMapping",
    "IdMemory",
    "Row",
    "content_hash",
    "find_column",
    "parse_record",
    "printable",
    "raw_json",
]

_DEFAULT_DATE_COLUMN = "created_at"
#: Used for the created_at column when the mapping keeps its default and the record lacks it.
DATE_ALIASES: tuple[str, ...] = ("date", "timestamp", "created")


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column of the file holds which Feedback field; unmapped columns go to metadata."""

    text: str = "text"
    id: str | None = None
    channel: str = "channel"
    kind: str = "kind"
    created_at: str = _DEFAULT_DATE_COLUMN
    person_id: str = "person_id"
    person_kind: str = "person_kind"
    rating: str = "rating"


@dataclass(slots=True)
class Row:
    """An accepted record; ``line`` is 1-based (a JSON array element's 1-based index)."""

    line: int
    feedback: Feedback


class _Invalid(Exception):
    """One field of the record is bad; carries the field name for Rejected.field."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(slots=True)
class Parsed:
    """parse_record's result plus whether the id came from a column (only those need duplicate checks)."""

    result: Row | Rejected
    id_from_column: bool


def parse_record(
    record: Mapping[str, Any],
    *,
    line: int,
    source: str,
    mapping: ColumnMapping = ColumnMapping(),
    max_text_chars: int = 20_000,
    raw: str | None = None,
    unit: str = "line",
) -> Row | Rejected:
    """Validate one record; ``unit`` names the position in reasons ("line 14" or "element 3")."""
    return parse_record_detailed(
        record, line=line, source=source, mapping=mapping, max_text_chars=max_text_chars, raw=raw, unit=unit
    ).result


def parse_record_detailed(
    record: Mapping[str, Any],
    *,
    line: int,
    source: str,
    mapping: ColumnMapping,
    max_text_chars: int,
    raw: str | None = None,
    unit: str = "line",
) -> Parsed:
    if max_text_chars < 1:
        raise ValueError(f"max_text_chars must be at least 1, got {max_text_chars}")
    try:
        feedback, id_from_column = _build_feedback(record, source, mapping, max_text_chars)
    except _Invalid as invalid:
        where = f"{unit} {line}"
        reason = (
            f"{where}, field {invalid.field!r}: {invalid.message}"
            if invalid.field
            else f"{where}: {invalid.message}"
        )
        rejected = Rejected(
            source=source,
            line=line,
            reason=reason,
            raw=raw if raw is not None else raw_json(record),
            field=invalid.field,
        )
        return Parsed(rejected, id_from_column=False)
    return Parsed(Row(line=line, feedback=feedback), id_from_column)


def raw_json(record: Mapping[str, Any]) -> str:
    """The record as a JSON object string, readable when possible and always storable.

    Undecodable bytes survive as lone surrogates; those cannot be written as UTF-8, so such a
    record falls back to ASCII escapes, which still parse back to the very same record.
    """
    text = json.dumps(dict(record), ensure_ascii=False, default=str)
    if _first_bad_char(text) is None:
        return text
    return json.dumps(dict(record), ensure_ascii=True, default=str)


@dataclass(frozen=True, slots=True)
class _Columns:
    """Which record key serves each Feedback field (None: absent), resolved once per key set."""

    text: str | None
    id: str | None
    created_at: str | None
    channel: str | None
    kind: str | None
    person_id: str | None
    person_kind: str | None
    rating: str | None

    def used(self) -> frozenset[str]:
        keys = (self.text, self.id, self.created_at, self.channel, self.kind, self.person_id)
        return frozenset(k for k in (*keys, self.person_kind, self.rating) if k is not None)


@functools.lru_cache(maxsize=256)
def _resolve(keys: tuple[str, ...], mapping: ColumnMapping) -> tuple[_Columns, frozenset[str]]:
    """Cached per key set: every row of a CSV shares one, so the name matching runs once per file."""
    present = dict.fromkeys(keys)
    created = find_column(present, mapping.created_at)
    if created is None and mapping.created_at == _DEFAULT_DATE_COLUMN:
        created = next((k for k in (find_column(present, a) for a in DATE_ALIASES) if k is not None), None)
    columns = _Columns(
        text=find_column(present, mapping.text),
        id=find_column(present, mapping.id if mapping.id is not None else "id"),
        created_at=created,
        channel=find_column(present, mapping.channel),
        kind=find_column(present, mapping.kind),
        person_id=find_column(present, mapping.person_id),
        person_kind=find_column(present, mapping.person_kind),
        rating=find_column(present, mapping.rating),
    )
    return columns, columns.used()


def _build_feedback(
    record: Mapping[str, Any], source: str, mapping: ColumnMapping, max_text_chars: int
) -> tuple[Feedback, bool]:
    _check_characters(record)
    columns, used = _resolve(tuple(record), mapping)

    if columns.text is None:
        raise _Invalid(mapping.text, f"missing (the record has {_describe_keys(record)})")
    text = _text(record[columns.text], mapping.text, max_text_chars)
    created_at = _date(record[columns.created_at], columns.created_at) if columns.created_at else None
    channel = _optional_string(record[columns.channel], columns.channel) if columns.channel else None
    kind = _optional_string(record[columns.kind], columns.kind) if columns.kind else None
    person_id = _optional_string(record[columns.person_id], columns.person_id) if columns.person_id else None
    person_kind = (
        _person_kind(record[columns.person_kind], columns.person_kind)
        if columns.person_kind
        else PersonKind.CUSTOMER
    )
    rating = _rating(record[columns.rating], columns.rating) if columns.rating else None
    external_id, id_from_column = _external_id(record, columns.id, mapping, text, created_at, person_id)

    metadata = {key: _blank_to_none(value) for key, value in record.items() if key not in used}
    feedback = Feedback(
        source=source,
        external_id=external_id,
        text=text,
        channel=channel,
        kind=kind,
        created_at=created_at,
        person_id=person_id,
        person_kind=person_kind,
        rating=rating,
        metadata=metadata,
    )
    return feedback, id_from_column


def find_column(record: Mapping[str, Any], name: str) -> str | None:
    """Exact column name first, then ignoring case and surrounding spaces ("Text " finds "text")."""
    if name in record:
        return name
    wanted = name.strip().casefold()
    for key in record:
        if isinstance(key, str) and key.strip().casefold() == wanted:
            return key
    return None


def _describe_keys(record: Mapping[str, Any]) -> str:
    if not record:
        return "no fields"
    names = ", ".join(repr(k) for k in list(record)[:12])
    more = f" and {len(record) - 12} more" if len(record) > 12 else ""
    return f"fields {names}{more}"


def _text(value: Any, field: str, max_text_chars: int) -> str:
    if value is None:
        raise _Invalid(field, "the text is empty")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid(field, f"expected text, got {_json_kind(value)}")
    text = str(value).strip()
    if not text:
        raise _Invalid(field, "the text is empty or only whitespace")
    if len(text) > max_text_chars:
        raise _Invalid(
            field,
            f"the text is {len(text):,} characters long, over the limit of {max_text_chars:,} characters",
        )
    return text


def _date(value: Any, field: str) -> datetime | None:
    if _blank_to_none(value) is None:
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        raise _Invalid(field, str(exc)) from None


def _optional_string(value: Any, field: str) -> str | None:
    value = _blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid(field, f"expected a short text value, got {_json_kind(value)}")
    return _scalar_string(value)


def _person_kind(value: Any, field: str) -> PersonKind:
    value = _blank_to_none(value)
    if value is None:
        return PersonKind.CUSTOMER
    if isinstance(value, str):
        try:
            return PersonKind(value.strip().lower())
        except ValueError:
            pass
    allowed = " or ".join(repr(k.value) for k in PersonKind)
    raise _Invalid(field, f"{_show(value)} is not a person kind; use {allowed}")


def _rating(value: Any, field: str) -> float | None:
    value = _blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid(field, f"expected a number, got {_json_kind(value)}")
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except ValueError:
        raise _Invalid(field, f"{_show(value)} is not a number") from None
    if not math.isfinite(number):
        raise _Invalid(field, f"{_show(value)} is not a finite number")
    return number


def _external_id(
    record: Mapping[str, Any],
    key: str | None,
    mapping: ColumnMapping,
    text: str,
    created_at: datetime | None,
    person_id: str | None,
) -> tuple[str, bool]:
    """The id column's value, else a content hash so re-importing the same row is idempotent."""
    if key is None and mapping.id is not None:
        raise _Invalid(mapping.id, "missing (it is the mapped id column)")
    if key is not None:
        value = _blank_to_none(record[key])
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise _Invalid(key, f"expected an id (text or number), got {_json_kind(value)}")
            if isinstance(value, float) and not math.isfinite(value):
                raise _Invalid(key, f"{value!r} is not a usable id")
            return _scalar_string(value), True
        if mapping.id is not None:
            raise _Invalid(key, "the id is empty")
        # A default "id" column that is blank on this row: fall back to the content hash.
    return content_hash(text, created_at, person_id), False


def content_hash(text: str, created_at: datetime | None, person_id: str | None) -> str:
    """A stable id from what the row says, so the same row imported twice is stored once."""
    parts = (text, created_at.isoformat() if created_at else "", person_id or "")
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "h:" + digest[:16]


def _scalar_string(value: str | int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _check_characters(record: Mapping[str, Any]) -> None:
    """Refuse undecodable bytes, unpaired surrogates and NUL anywhere in the record.

    None of them can be stored as text (PostgreSQL refuses NUL and invalid UTF-8), and a row
    that breaks the database half-way through an import would lose the rows around it.
    """
    for key, value in record.items():
        bad = _first_bad_char(key) if isinstance(key, str) else None
        if bad is not None:
            raise _Invalid(printable(key), f"the column name {_bad_char_reason(*bad)}")
        bad = _first_bad_in_value(value)
        if bad is not None:
            raise _Invalid(printable(key), _bad_char_reason(*bad))


def _first_bad_in_value(value: Any) -> tuple[int, str] | None:
    if isinstance(value, str):
        return _first_bad_char(value)
    if isinstance(value, Mapping):
        for key, item in value.items():
            bad = (_first_bad_char(key) if isinstance(key, str) else None) or _first_bad_in_value(item)
            if bad is not None:
                return bad
    elif isinstance(value, list | tuple):
        for item in value:
            bad = _first_bad_in_value(item)
            if bad is not None:
                return bad
    return None


def _first_bad_char(text: str) -> tuple[int, str] | None:
    # Fast path: almost every string is clean, and encode() checks all of it in C.
    if "\x00" not in text:
        try:
            text.encode("utf-8")
            return None
        except UnicodeEncodeError:
            pass
    for index, char in enumerate(text):
        if char == "\x00" or "\ud800" <= char <= "\udfff":
            return index, char
    return None


def _bad_char_reason(index: int, char: str) -> str:
    position = f"at character {index + 1}"
    if char == "\x00":
        return f"contains a NUL character (0x00) {position}, which cannot be stored as text"
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return (
            f"byte 0x{code - 0xDC00:02X} {position} is not valid UTF-8; "
            "save the file as UTF-8 (it may be Latin-1 or Windows-1252)"
        )
    return f"contains an unpaired surrogate \\u{code:04x} {position}, which is not valid text"


def printable(text: str) -> str:
    """Undecodable bytes shown as \\xNN escapes, so the text can be stored and read by a person."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


def _show(value: Any, limit: int = 60) -> str:
    shown = repr(value.strip()) if isinstance(value, str) else repr(value)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


class IdMemory:
    """Remembers, per external id, a hash of its text and the line it was first seen on.

    A file may repeat an id (same row exported twice: fine) or reuse it for another text
    (a real conflict). Only 16 bytes per id are kept in flat arrays, so a file with millions
    of ids needs tens of megabytes, not gigabytes of Python objects.
    """

    _EMPTY = 0

    def __init__(self) -> None:
        self._keys = _zeros(1024)
        self._values = _zeros(1024)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def check(self, external_id: str, text: str, line: int) -> int | None:
        """Remember the id; return the first line when it was seen before with a different text."""
        key = _hash64(external_id) | 1  # never 0, which marks an empty slot
        text_hash = _hash64(text) >> 32
        slot = self._find(key)
        stored = self._values[slot] if self._keys[slot] == key else None
        if stored is not None:
            if stored >> 32 == text_hash:
                return None
            return stored & 0xFFFFFFFF
        self._keys[slot] = key
        self._values[slot] = (text_hash << 32) | min(line, 0xFFFFFFFF)
        self._count += 1
        if self._count * 4 > len(self._keys) * 3:
            self._grow()
        return None

    def _find(self, key: int) -> int:
        mask = len(self._keys) - 1
        slot = key & mask
        keys = self._keys
        while keys[slot] != self._EMPTY and keys[slot] != key:
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values
        size = len(old_keys) * 2
        self._keys = _zeros(size)
        self._values = _zeros(size)
        for key, value in zip(old_keys, old_values, strict=True):
            if key != self._EMPTY:
                slot = self._find(key)
                self._keys[slot] = key
                self._values[slot] = value


def _zeros(size: int) -> array[int]:
    return array("Q", [0]) * size  # no temporary bytes object the size of the table


def _hash64(text: str) -> int:
    data = text.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")
