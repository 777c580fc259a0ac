"""Personas built from stored, analysed feedback."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from empathica.api.deps import ServiceDep
from empathica.api.errors import field_error, invalid
from empathica.api.schemas import PersonasOut
from empathica.services import InputError

router = APIRouter(tags=["personas"])


@router.get(
    "/personas", response_model=PersonasOut, summary="Personas of customers or employees, largest first"
)
def personas(
    service: ServiceDep,
    kind: Annotated[
        Literal["customer", "employee"], Query(description="Whose personas: customers or employees.")
    ] = "customer",
) -> dict[str, Any]:
    """Personas (name, summary, size, demographics, the five questions answered with quotes).

    Too little analysed feedback (fewer than 20 items or 5 people of that kind) is a 422 that
    says so instead of an invented persona; employee groups under 5 people are never returned.
    """
    try:
        found = service.personas(kind)
    except InputError as exc:
        raise invalid(field_error(["query", "kind"], str(exc))) from None
    return {"kind": kind, "personas": [p.to_record() for p in found]}
