"""Six-section customer empathy maps of a segment, as JSON or as a printable PNG/PDF page."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse, Response

from empathica.api.deps import Scoped, ServiceDep
from empathica.api.errors import field_error, invalid
from empathica.api.params import ChangeDays, ChangeUntil, KindParam, parse_when
from empathica.domain import FeedbackQuery, PersonKind
from empathica.insights.map_export import MEDIA_TYPES, ExportError, export
from empathica.services import InputError

router = APIRouter(tags=["maps"])


@router.get(
    "/maps/changes",
    dependencies=[Scoped("read")],
    summary="What changed in an empathy map over the last days",
)
def map_changes(
    service: ServiceDep,
    persona: Annotated[
        str | None, Query(max_length=120, description="Only this persona's feedback: id (P2) or name.")
    ] = None,
    channel: Annotated[str | None, Query(description="Only this channel.")] = None,
    stage: Annotated[
        str | None, Query(description="Only this journey stage: before, during or after.")
    ] = None,
    kind: KindParam = "customer",
    days: ChangeDays = 7,
    until: ChangeUntil = None,
) -> dict[str, Any]:
    """Entries new, grown and faded in each section since ``days`` ago, with their evidence ids.

    An unknown persona is a 404 listing the personas there are; fewer than 20 items on either
    side of the comparison is a 422 that says so.
    """
    now = parse_when("until", until, end_of_day=True)
    query = FeedbackQuery(channel=channel, person_kind=PersonKind(kind))
    try:
        changes = service.map_changes(query, days=days, now=now, stage=stage, persona=persona)
    except InputError as exc:
        if exc.field == "persona":
            raise HTTPException(status_code=404, detail=str(exc)) from None
        raise invalid(field_error(["query", exc.field or "days"], str(exc))) from None
    return changes.to_record()


@router.get(
    "/maps",
    dependencies=[Scoped("read")],
    summary="A customer empathy map of a segment: six sections with evidence, as JSON, PNG or PDF",
    responses={
        200: {
            "content": {"image/png": {}, "application/pdf": {}},
            "description": "The map as JSON (entries: text, evidence ids, strength, note) or a page.",
        }
    },
)
def empathy_map(
    service: ServiceDep,
    channel: Annotated[str | None, Query(description="Only this channel.")] = None,
    stage: Annotated[
        str | None, Query(description="Only this journey stage: before, during or after.")
    ] = None,
    since: Annotated[str | None, Query(description="From this date or datetime (inclusive).")] = None,
    until: Annotated[str | None, Query(description="Up to this date (the whole day) or datetime.")] = None,
    kind: KindParam = "customer",
    title: Annotated[str | None, Query(max_length=80, description="Name in the middle of the map.")] = None,
    persona: Annotated[
        str | None, Query(max_length=120, description="Only this persona's feedback: id (P2) or name.")
    ] = None,
    format: Annotated[Literal["json", "png", "pdf"], Query(description="json, png or pdf.")] = "json",
    paper: Annotated[Literal["a4", "letter"], Query(description="Landscape page size for png/pdf.")] = "a4",
) -> Any:
    """Thinks & feels, says & does, hears, sees, pains and gains of the matching stored feedback.

    Each entry carries the ids of the stored items that support it (``/api/v1/feedback/{id}``)
    and its strength, the share of the segment's items that support it. Fewer than 20 matching
    items is a 422 that says so rather than a map built from anecdotes.
    """
    start = parse_when("since", since)
    end = parse_when("until", until, end_of_day=True)
    if start is not None and end is not None and start > end:
        raise invalid(field_error(["query", "until"], "'until' is before 'since'"))
    query = FeedbackQuery(channel=channel, person_kind=PersonKind(kind), since=start, until=end)
    try:
        emap = service.empathy_map(query, title=title, stage=stage, persona=persona)
    except InputError as exc:
        if exc.field == "persona":
            raise HTTPException(status_code=404, detail=str(exc)) from None
        raise invalid(field_error(["query", exc.field or "segment"], str(exc))) from None
    if format == "json":
        return JSONResponse(emap.to_record())
    try:
        data = export(emap, format, paper=paper)
    except ExportError as exc:  # pragma: no cover - the query's types already rule these out
        raise invalid(field_error(["query", "format"], str(exc))) from None
    name = f"empathy-map.{format}"
    return Response(
        data,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
