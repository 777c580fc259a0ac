"""The insight pages over stored analyses: themes, personas and the empathy map.

Each one also carries a "what changed since last week" panel (``pages.changes``). A bad
query value is said on the page, with a 422 status, rather than raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from empathica.domain import FeedbackQuery, Theme
from empathica.insights import ThemeChanges
from empathica.web.pages.changes import quiet_window, read_changes
from empathica.web.rendering import excerpt, pct, render_page, service_of

router = APIRouter(include_in_schema=False)


# -- themes -------------------------------------------------------------------------------------


@dataclass(slots=True)
class ThemeRow:
    theme: Theme
    share: str
    examples: list[tuple[int, str]]  # (stored id, excerpt)


@router.get("/themes", response_class=HTMLResponse)
def themes_page(request: Request) -> HTMLResponse:
    """The stored themes, or one segment's view of them, and what changed in the last week.

    ``since`` alone clusters that date range afresh (as the API does); with ``segment``
    ("plan=pro, channel=email") it narrows the segment instead. ``until`` ends the week of
    "what changed" (default: now), so a past week can be looked at again.
    """
    from empathica.services import InputError, parse_segment

    service = service_of(request)
    raw = (request.query_params.get("since") or "").strip()
    raw_segment = (request.query_params.get("segment") or "").strip()
    raw_until = (request.query_params.get("until") or "").strip()
    since: datetime | None = None
    until: datetime | None = None
    problem: str | None = None
    bad_input = False
    for name, value in (("since", raw), ("until", raw_until)):
        if value:
            try:
                moment = datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
            except ValueError:
                problem, bad_input = f"{name} '{value}' is not a date; use YYYY-MM-DD.", True
                continue
            if name == "since":
                since = moment
            else:
                until = moment + timedelta(days=1)  # the whole of that day
    rows: list[ThemeRow] = []
    total = unassigned = 0
    changes: ThemeChanges | None = None
    if problem is None:
        try:
            if raw_segment:
                view = service.themes_of_segment(
                    parse_segment([p for p in raw_segment.split(",") if p.strip()]), since
                )
                themes, total, unassigned = view.themes, view.items, view.unassigned
            else:
                result = (
                    service.stored_themes()
                    if since is None
                    else service.themes_stored(FeedbackQuery(since=since))
                )
                themes, total = result.themes, len(result.ids)
                unassigned = sum(a is None for a in result.assignments)
        except InputError as exc:
            problem, bad_input = str(exc), bool(raw_segment)
        else:
            for theme in themes:
                examples = []
                for ex in theme.examples:
                    item = service.get_feedback(int(ex))
                    if item is not None:
                        examples.append((int(ex), excerpt(item.feedback.text, 160)))
                rows.append(ThemeRow(theme, pct(theme.size, total), examples))
            try:
                changes = service.theme_changes(7, until)
            except InputError:
                changes = None
    return render_page(
        request,
        "themes.html",
        {
            "rows": rows,
            "since": raw,
            "segment": raw_segment,
            "until": raw_until,
            "problem": problem,
            "total": total,
            "unassigned": unassigned,
            "changes": changes,
            "quiet": quiet_window(changes, service, request, "until"),
        },
        status_code=422 if bad_input else 200,
    )


# -- personas -----------------------------------------------------------------------------------


@router.get("/personas", response_class=HTMLResponse)
def personas_page(request: Request) -> HTMLResponse:
    """Persona cards from stored analyses; too little data is said plainly, never papered over."""
    from empathica.services import InputError

    service = service_of(request)
    kind = (request.query_params.get("kind") or "customer").strip()
    problem: str | None = None
    found: list[Any] = []
    if kind not in ("customer", "employee"):
        problem = f"'{kind}' is not a kind of person; choose customers or employees."
    else:
        try:
            found = service.personas(kind)
        except InputError as exc:
            problem = str(exc)
    changes, changes_problem, days = None, None, 7
    if not problem:
        changes, changes_problem, days = read_changes(
            request, lambda d, now: service.persona_changes(kind, days=d, now=now)
        )
    return render_page(
        request,
        "personas.html",
        {
            "personas": found,
            "kind": kind,
            "problem": problem,
            "changes": changes,
            "changes_problem": changes_problem,
            "days": days,
            "quiet": quiet_window(changes, service, request, "asof"),
        },
        status_code=422 if problem else 200,
    )


# -- empathy map ----------------------------------------------------------------------------------

#: Evidence items quoted under an entry on the page; the rest are listed as links.
MAP_QUOTES = 5


@dataclass(slots=True)
class MapCell:
    name: str
    title: str
    entries: list[tuple[Any, list[tuple[str, str]], list[str]]]  # (entry, quoted (id, excerpt), other ids)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """The empathy map of a segment; every entry opens onto the feedback that supports it."""
    from empathica.domain import PersonKind
    from empathica.insights.empathy_map import SECTION_TITLES
    from empathica.services import MAP_STAGES, InputError

    service = service_of(request)
    params = {
        k: (request.query_params.get(k) or "").strip()
        for k in ("channel", "stage", "since", "until", "kind", "persona")
    }
    problem: str | None = None
    dates: dict[str, datetime | None] = {"since": None, "until": None}
    for name in ("since", "until"):
        if params[name]:
            try:
                day = date.fromisoformat(params[name])
            except ValueError:
                problem = f"'{params[name]}' is not a date; use YYYY-MM-DD."
                continue
            moment = datetime.combine(day, time.min, tzinfo=UTC)
            dates[name] = moment + timedelta(days=1, microseconds=-1) if name == "until" else moment
    kind = params["kind"] or "customer"
    if kind not in ("customer", "employee"):
        problem = f"'{kind}' is not a kind of person; use customer or employee."
    cells: list[MapCell] = []
    emap = None
    if problem is None:
        query = FeedbackQuery(
            channel=params["channel"] or None,
            person_kind=PersonKind(kind),
            since=dates["since"],
            until=dates["until"],
        )
        try:
            emap = service.empathy_map(
                query, stage=params["stage"] or None, persona=params["persona"] or None
            )
        except InputError as exc:
            problem = str(exc)
    if emap is not None:
        quotable = [e.evidence[:MAP_QUOTES] for entries in emap.sections.values() for e in entries]
        texts = service.get_many([int(k) for keys in quotable for k in keys if k.isdigit()])  # one query
        for name in ("thinks_feels", "sees", "hears", "says_does", "pains", "gains"):
            rows = []
            for entry in emap.sections[name]:
                quoted = []
                for key in entry.evidence[:MAP_QUOTES]:
                    found = texts.get(int(key)) if key.isdigit() else None
                    if found is not None:
                        quoted.append((key, excerpt(found.feedback.text, 180)))
                rows.append((entry, quoted, entry.evidence[MAP_QUOTES:]))
            cells.append(MapCell(name, SECTION_TITLES[name], rows))
    changes, changes_problem, days = None, None, 7
    if emap is not None:
        if dates["since"] or dates["until"]:
            changes_problem = (
                "Clear Since and Until to compare this map with last week: a comparison sets its own dates."
            )
        else:
            changes, changes_problem, days = read_changes(
                request,
                lambda d, now: service.map_changes(
                    query, days=d, now=now, stage=params["stage"] or None, persona=params["persona"] or None
                ),
            )
    query_string = urlencode({k: v for k, v in params.items() if v})
    return render_page(
        request,
        "map.html",
        {
            "emap": emap,
            "cells": cells,
            "params": params,
            "problem": problem,
            "channels": service.channels(),
            "stages": MAP_STAGES,
            "query_string": query_string,
            "changes": changes,
            "changes_problem": changes_problem,
            "days": days,
            "titles": SECTION_TITLES,
            "quiet": quiet_window(changes, service, request, "asof"),
        },
        status_code=422 if problem and emap is None and any(params.values()) else 200,
    )
