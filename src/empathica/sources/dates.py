"""Reading the dates people put in exports, without ever guessing.

Exports carry dates in whatever shape the exporting tool liked. A wrong date silently moves
feedback into the wrong week of every trend chart, so a value is accepted only when it has
exactly one reading; "03/04/2026" is refused with a reason instead of being read one way.
Every accepted value comes back as an aware datetime in UTC (naive values are taken as UTC),
so items from different sources sort and bucket together.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

__all__ = ["DateError", "parse_date"]

_ISO_HINT = "write it as ISO 8601, e.g. 2026-03-05 or 2026-03-05T14:30:00Z"

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
        ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
        ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
    ),
    start=1,
):  # fmt: skip
    for _name in _names:
        _MONTHS[_name] = _number

_MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_EPOCH = re.compile(r"(\d{10}|\d{13})(?:\.(\d+))?")
_TIME = r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_WEEKDAY = r"(?:[A-Za-z]{3,9},?\s+)?"
_SLASHED_YMD = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})" + _TIME)
_DAY_MONTH_YEAR = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})" + _TIME)
_MONTH_DAY_YEAR = re.compile(_WEEKDAY + r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME)
_NUMERIC_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})" + _TIME)


class DateError(ValueError):
    """The value is not a date that can be read one way only; the message says why and what to use."""


def parse_date(value: object) -> datetime:
    """Read one date value (string, epoch number or datetime) as an aware UTC datetime.

    Raises DateError with a human reason; callers add the line and field.
    """
    if isinstance(value, datetime):
        return _to_utc(value)
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not a date; {_ISO_HINT}")
    if isinstance(value, int | float):
        return _from_number(value)
    if not isinstance(value, str):
        raise DateError(f"a {type(value).__name__} is not a date; {_ISO_HINT}")
    text = value.strip()
    if not text:
        raise DateError(f"the date is empty; {_ISO_HINT}")
    return _from_text(text)


def _from_text(text: str) -> datetime:
    epoch = _EPOCH.fullmatch(text)
    if epoch:
        return _from_number(float(text) if epoch.group(2) else int(text), shown=text)
    if text.isdigit() and len(text) != 8:  # eight digits is ISO 8601's basic form, 20260305
        return _from_number(int(text), shown=text)
    if text[:4].isdigit() and len(text) >= 8 and text[4] in "-0123456789":
        try:
            return _to_utc(datetime.fromisoformat(text))
        except ValueError as exc:
            raise DateError(f"{text!r} looks like ISO 8601 but cannot be read ({exc}); {_ISO_HINT}") from exc
    match = _SLASHED_YMD.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.group(1, 2, 3))
        return _build(text, year, month, day, match.group(4, 5, 6))
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match:
        month = _month(text, match.group(2))
        return _build(text, int(match.group(3)), month, int(match.group(1)), match.group(4, 5, 6))
    match = _MONTH_DAY_YEAR.fullmatch(text)
    if match:
        month = _month(text, match.group(1))
        return _build(text, int(match.group(3)), month, int(match.group(2)), match.group(4, 5, 6))
    match = _NUMERIC_DMY.fullmatch(text)
    if match:
        return _from_numeric_day_month(text, match)
    raise DateError(f"{text!r} is not a date format Empathica reads; {_ISO_HINT}")


def _from_numeric_day_month(text: str, match: re.Match[str]) -> datetime:
    """Accept nn/nn/yyyy only when the order cannot matter (one part above 12, or both equal)."""
    first, second, year_text = int(match.group(1)), int(match.group(3)), match.group(4)
    if len(year_text) == 2:
        raise DateError(f"{text!r} has a two-digit year, which could be any century; {_ISO_HINT}")
    year = int(year_text)
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first or first == second:
        month, day = first, second
    elif first > 12 and second > 12:
        raise DateError(f"{text!r} is not a real date: neither {first} nor {second} can be a month")
    else:
        raise DateError(
            f"{text!r} is ambiguous: it could be {first} {_MONTH_NAMES[second]} {year} (day first) "
            f"or {_MONTH_NAMES[first]} {second}, {year} (month first); write it as YYYY-MM-DD, "
            f"e.g. {year:04d}-{second:02d}-{first:02d} for the first reading"
        )
    return _build(text, year, month, day, match.group(5, 6, 7))


def _month(text: str, name: str) -> int:
    month = _MONTHS.get(name.lower())
    if month is None:
        raise DateError(f"{text!r}: {name!r} is not a month name; {_ISO_HINT}")
    return month


def _build(text: str, year: int, month: int, day: int, clock: tuple[str | None, ...]) -> datetime:
    hour, minute, second = (int(part) if part else 0 for part in clock)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError as exc:
        raise DateError(f"{text!r} is not a real date or time ({exc})") from exc


def _from_number(number: float, shown: str | None = None) -> datetime:
    """Unix time: 10 integer digits are seconds, 13 are milliseconds; anything else is refused."""
    shown = shown if shown is not None else repr(number)
    if not math.isfinite(number) or number < 0:
        raise DateError(f"{shown} is not a unix time; {_ISO_HINT}")
    digits = len(str(int(number)))
    if digits == 10:
        seconds = float(number)
    elif digits == 13:
        seconds = number / 1000
    else:
        raise DateError(
            f"{shown} is a number but not a unix time in seconds (10 digits) or milliseconds (13 digits); "
            f"{_ISO_HINT}"
        )
    return datetime.fromtimestamp(seconds, tz=UTC)


def _to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
