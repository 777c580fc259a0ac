"""The "what changed since last week" panel shared by the Themes, Personas and Map pages.

Each page computes its own report; what is common is reading the window from the query
and, when the window is empty because the data stops earlier, pointing at the last week
that has feedback.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from fastapi import Request

from empathica.domain import FeedbackQuery


def read_changes(request: Request, compute: Any) -> tuple[Any, str | None, int]:
    """The "what changed" panel's report, or why there is none; ``days`` and ``asof`` are read
    from the page's query (``asof`` fixes "now", for a past week or a reproducible page)."""
    from empathica.services import InputError

    raw_days = (request.query_params.get("days") or "7").strip()
    raw_asof = (request.query_params.get("asof") or "").strip()
    if not raw_days.isdigit() or not 1 <= int(raw_days) <= 3660:
        return None, f"'{raw_days}' is not a number of days; use 1 to 3660.", 7
    days = int(raw_days)
    now = None
    if raw_asof:
        try:
            now = datetime.combine(date.fromisoformat(raw_asof), time.max, tzinfo=UTC)
        except ValueError:
            return None, f"'{raw_asof}' is not a date; use YYYY-MM-DD.", days
    try:
        return compute(days, now), None, days
    except InputError as exc:
        return None, str(exc), days


def newest_date(service: Any) -> date | None:
    """The date of the newest dated feedback, for a "nothing this week" panel to point back to."""
    page = service.list_feedback(FeedbackQuery(limit=1))
    newest = page.items[0].feedback.created_at if page.items else None
    return newest.date() if newest is not None else None


def quiet_window(report: Any, service: Any, request: Request, param: str) -> tuple[date, str] | None:
    """The newest feedback's date when none arrived in the report's window and older feedback exists.

    Stored data often stops before today (an export, the demo): the page then offers the same
    window ending on that date (a link setting ``param``) instead of a panel that can only say
    "nothing".
    """
    if report is None or report.new_items:
        return None
    newest = newest_date(service)
    start = getattr(report, "since", None) or getattr(report, "start", None)
    if newest is None or start is None or newest >= start.date():
        return None
    return newest, str(request.url.include_query_params(**{param: newest.isoformat()}))
