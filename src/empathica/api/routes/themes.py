"""Themes of pains and gains over stored feedback."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from empathica.api.deps import ServiceDep
from empathica.api.errors import field_error, invalid
from empathica.api.params import parse_when
from empathica.api.schemas import ThemesOut
from empathica.domain import FeedbackQuery
from empathica.services import InputError

router = APIRouter(tags=["themes"])


@router.get(
    "/themes", response_model=ThemesOut, summary="Themes of pains and gains in stored feedback, ranked"
)
def themes(
    service: ServiceDep,
    since: Annotated[str | None, Query(description="From this date or datetime (inclusive).")] = None,
    until: Annotated[str | None, Query(description="Up to this date (the whole day) or datetime.")] = None,
) -> dict[str, Any]:
    """Ranked themes (label, keywords, polarity, size, score, trend, example ids) and each item's theme.

    Without dates: the stored themes (built on first use, new feedback joined without a rebuild,
    names and merges kept). With ``since``/``until``: themes of that range, computed on request.
    Fewer than 20 matching items is a 422 that says so: too little to call anything a theme.
    """
    start = parse_when("since", since)
    end = parse_when("until", until, end_of_day=True)
    if start is not None and end is not None and start > end:
        raise invalid(field_error(["query", "until"], "'until' is before 'since'"))
    try:
        if start is None and end is None:
            result = service.stored_themes()  # the kept themes, new feedback joined first
        else:
            result = service.themes_stored(FeedbackQuery(since=start, until=end))
    except InputError as exc:
        raise invalid(field_error(["query", "since"], str(exc))) from None
    return result.to_record()
