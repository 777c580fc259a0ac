"""Store feedback and read it back with its analysis."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from empathica.api.deps import Scoped, ServiceDep, SettingsDep
from empathica.api.errors import field_error, invalid
from empathica.api.params import blank_to_none, check_emotion, parse_when
from empathica.api.schemas import (
    ErrorOut,
    FeedbackOut,
    FeedbackPage,
    StoreRequest,
    StoreResponse,
    feedback_json,
)
from empathica.domain import FeedbackQuery, PersonKind

router = APIRouter(tags=["feedback"])


@router.post(
    "/feedback",
    dependencies=[Scoped("write")],
    response_model=StoreResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Store feedback (idempotent on source + id)",
    responses={422: {"description": "Some items were invalid; nothing was stored. Each is listed."}},
)
def store_feedback(body: StoreRequest, service: ServiceDep) -> dict[str, Any]:
    """All or nothing: when any item is invalid, none is stored and every problem is listed."""
    result = service.store(body.items, body.source, body.analyze)
    if result.rejected:
        errors = []
        for row in result.rejected:
            loc: list[str | int] = ["body", "items", row.line - 1]
            if row.field:
                loc.append(row.field)
            errors.append(field_error(loc, row.reason))
        raise invalid(*errors)
    return {"stored": result.summary.stored, "duplicates": result.summary.duplicates, "ids": result.ids}


@router.get(
    "/feedback",
    dependencies=[Scoped("read")],
    response_model=FeedbackPage,
    summary="List stored feedback, newest first",
)
def list_feedback(
    service: ServiceDep,
    settings: SettingsDep,
    channel: Annotated[str | None, Query(description="Exact channel, e.g. email.")] = None,
    emotion: Annotated[
        str | None, Query(description="A GoEmotions or Ekman label the analysis selected, e.g. anger.")
    ] = None,
    source: Annotated[str | None, Query()] = None,
    kind: Annotated[str | None, Query()] = None,
    person_kind: Annotated[PersonKind | None, Query()] = None,
    since: Annotated[str | None, Query(description="From this date or datetime (inclusive).")] = None,
    until: Annotated[
        str | None, Query(description="Up to this date (the whole day) or datetime (inclusive).")
    ] = None,
    q: Annotated[str | None, Query(description="Case-insensitive text search.", max_length=500)] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=500, description="Page size (default: server setting).")
    ] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    start = parse_when("since", since)
    end = parse_when("until", until, end_of_day=True)
    if start is not None and end is not None and start > end:
        raise invalid(field_error(["query", "until"], "'until' is before 'since'"))
    query = FeedbackQuery(
        channel=blank_to_none(channel),
        emotion=check_emotion(emotion),
        source=blank_to_none(source),
        kind=blank_to_none(kind),
        person_kind=person_kind,
        since=start,
        until=end,
        search=blank_to_none(q),
        limit=limit or max(1, min(settings.page_size, 500)),
        offset=offset,
    )
    page = service.list_feedback(query)
    return {
        "items": [feedback_json(item, settings.keep_original_text) for item in page.items],
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
    }


@router.get(
    "/feedback/{feedback_id}",
    dependencies=[Scoped("read")],
    response_model=FeedbackOut,
    summary="One stored item with its analysis",
    responses={404: {"model": ErrorOut}},
)
def get_feedback(feedback_id: int, service: ServiceDep, settings: SettingsDep) -> dict[str, Any]:
    item = service.get_feedback(feedback_id)
    if item is None:
        raise HTTPException(status_code=404, detail=f"no feedback with id {feedback_id}")
    return feedback_json(item, settings.keep_original_text)
