"""Themes of pains and gains over stored feedback."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from empathica.api.deps import Scoped, ServiceDep
from empathica.api.errors import field_error, invalid
from empathica.api.params import parse_when
from empathica.api.schemas import ThemeChangesOut, ThemesOut
from empathica.domain import FeedbackQuery
from empathica.services import SEGMENT_FIELDS, InputError, parse_segment

router = APIRouter(tags=["themes"])


@router.get(
    "/themes",
    dependencies=[Scoped("read")],
    response_model=ThemesOut,
    summary="Themes of pains and gains in stored feedback, ranked",
)
def themes(
    service: ServiceDep,
    since: Annotated[str | None, Query(description="From this date or datetime (inclusive).")] = None,
    until: Annotated[str | None, Query(description="Up to this date (the whole day) or datetime.")] = None,
    segment: Annotated[
        list[str] | None,
        Query(
            description=f"KEY=VALUE, repeatable: {', '.join(SEGMENT_FIELDS)} (customer or employee) or a "
            "metadata attribute such as plan=pro. The stored themes ranked on the segment's items."
        ),
    ] = None,
) -> dict[str, Any]:
    """Ranked themes (label, keywords, polarity, size, score, trend, example ids) and each item's theme.

    Without dates: the stored themes (built on first use, new feedback joined without a rebuild,
    names and merges kept). With ``since``/``until``: themes of that range, computed on request.
    With ``segment``: the stored themes (same ids) judged on the segment's items only, dates
    narrowing the segment; themes with no item in it are left out, and each has its ``share``.
    Fewer than 20 matching items is a 422 that says so: too little to call anything a theme.
    """
    start = parse_when("since", since)
    end = parse_when("until", until, end_of_day=True)
    if start is not None and end is not None and start > end:
        raise invalid(field_error(["query", "until"], "'until' is before 'since'"))
    if segment:
        try:
            return service.themes_of_segment(parse_segment(segment), start, end).to_record()
        except InputError as exc:
            raise invalid(field_error(["query", exc.field or "segment"], str(exc))) from None
    try:
        if start is None and end is None:
            result = service.stored_themes()  # the kept themes, new feedback joined first
        else:
            result = service.themes_stored(FeedbackQuery(since=start, until=end))
    except InputError as exc:
        raise invalid(field_error(["query", "since"], str(exc))) from None
    return result.to_record()


@router.get(
    "/themes/changes",
    dependencies=[Scoped("read")],
    response_model=ThemeChangesOut,
    summary="What changed in the themes lately: new, growing, shrinking, feelings that turned",
)
def theme_changes(
    service: ServiceDep,
    days: Annotated[int, Query(ge=1, le=366, description="Length of the window in days.")] = 7,
    until: Annotated[
        str | None, Query(description="End of the window, a date (the whole day) or datetime; default now.")
    ] = None,
) -> dict[str, Any]:
    """The last ``days`` days against the ``days`` before them, by the items' own dates.

    New themes (first item in the window), growing and shrinking ones with both counts and their
    ratio, themes whose feeling turned (pain to gain or back), and how many new items were placed.
    """
    end = parse_when("until", until, end_of_day=True)
    try:
        return service.theme_changes(days, end).to_record()
    except InputError as exc:
        raise invalid(field_error(["query", exc.field or "days"], str(exc))) from None
