"""Query parameters shared by list endpoints: dates and filters, checked with clear 422s."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal

from fastapi import Query

from empathica.api.errors import field_error, invalid
from empathica.domain import GOEMOTIONS_LABELS

#: The "what changed" endpoints' window: compare now (or ``until``) with ``days`` before it.
ChangeDays = Annotated[int, Query(ge=1, le=3660, description="Compare with this many days ago.")]
ChangeUntil = Annotated[str | None, Query(description="Compare as of this date or datetime instead of now.")]
#: Whose feedback an insight is built from.
KindParam = Annotated[
    Literal["customer", "employee"], Query(description="Whose feedback: customers or employees.")
]


def parse_when(name: str, value: str | None, *, end_of_day: bool = False) -> datetime | None:
    """A date (``2026-03-05``) or datetime (``2026-03-05T10:00:00Z``) as aware UTC.

    A bare date given as ``until`` means the whole of that day, which is what a person
    typing ``until=2026-03-05`` expects.
    """
    if value is None or not value.strip():
        return None
    raw = value.strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            moment = datetime.combine(day, time.min, tzinfo=UTC)
            return moment + timedelta(days=1) - timedelta(microseconds=1) if end_of_day else moment
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise invalid(
            field_error(
                ["query", name],
                f"{raw!r} is not a date; use YYYY-MM-DD or an ISO 8601 datetime such as 2026-03-05T10:00:00Z",
            )
        ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def check_emotion(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    label = value.strip().lower()
    if label not in GOEMOTIONS_LABELS:
        raise invalid(
            field_error(
                ["query", "emotion"], f"unknown emotion {value!r}; use one of {', '.join(GOEMOTIONS_LABELS)}"
            )
        )
    return label


def blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None
