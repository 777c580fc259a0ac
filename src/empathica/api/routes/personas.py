"""Personas built from stored, analysed feedback."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from empathica.api.deps import Scoped, ServiceDep
from empathica.api.errors import field_error, invalid
from empathica.api.params import ChangeDays, ChangeUntil, KindParam, parse_when
from empathica.api.schemas import PersonasOut
from empathica.services import InputError

router = APIRouter(tags=["personas"])


@router.get(
    "/personas",
    dependencies=[Scoped("read")],
    response_model=PersonasOut,
    summary="Personas of customers or employees, largest first",
)
def personas(
    service: ServiceDep,
    kind: KindParam = "customer",
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


@router.get(
    "/personas/changes",
    dependencies=[Scoped("read")],
    summary="What changed in the personas over the last days",
)
def persona_changes(
    service: ServiceDep,
    kind: KindParam = "customer",
    days: ChangeDays = 7,
    until: ChangeUntil = None,
) -> dict[str, Any]:
    """Personas as of ``days`` ago against now: new and gone personas, share changes, and each
    persona's new or rising pains, needs and emotions with the ids of the items behind them.

    Too little feedback before the cut-off (fewer than 20 items or 5 people) is a 422 that says
    so; no feedback after it is a 200 whose ``message`` says nothing changed.
    """
    now = parse_when("until", until, end_of_day=True)
    try:
        return service.persona_changes(kind, days=days, now=now).to_record()
    except InputError as exc:
        raise invalid(field_error(["query", exc.field or "days"], str(exc))) from None
