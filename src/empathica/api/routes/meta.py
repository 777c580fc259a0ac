"""Health, overview counts and the quarantine list."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

from fastapi import APIRouter, Query

from empathica.api.deps import Scoped, ServiceDep
from empathica.api.params import blank_to_none
from empathica.api.schemas import Health, OverviewOut, QuarantinePage, overview_json, rejected_json

router = APIRouter(tags=["meta"])


def package_version() -> str:
    try:
        return version("empathica")
    except PackageNotFoundError:
        from empathica import __version__

        return __version__


@router.get("/health", response_model=Health, summary="Liveness check")
def health() -> dict[str, str]:
    """Answers without touching the database or the model, so it stays cheap for probes."""
    return {"status": "ok", "version": package_version()}


@router.get(
    "/overview",
    dependencies=[Scoped("read")],
    response_model=OverviewOut,
    summary="Counts and weekly series for the dashboard",
)
def overview(service: ServiceDep) -> dict[str, Any]:
    return overview_json(service.overview())


@router.get(
    "/quarantine",
    dependencies=[Scoped("read")],
    response_model=QuarantinePage,
    summary="Rows rejected on import",
)
def quarantine(
    service: ServiceDep,
    source: Annotated[str | None, Query(description="Only rows from this source.")] = None,
    include_replayed: Annotated[bool, Query(description="Also list rows already replayed.")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    src = blank_to_none(source)
    rows = service.quarantine_list(src, include_replayed, limit, offset)
    return {
        "items": [rejected_json(r) for r in rows],
        "total": service.quarantine_count(src, include_replayed),
        "limit": limit,
        "offset": offset,
    }
