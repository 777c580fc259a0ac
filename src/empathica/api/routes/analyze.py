"""Analyse texts without storing them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from empathica.api.deps import Scoped, ServiceDep
from empathica.api.errors import field_error, invalid
from empathica.api.schemas import AnalysisOut, AnalyzeRequest, AnalyzeResults
from empathica.services import InputError

router = APIRouter(tags=["analyze"])


@router.post(
    "/analyze",
    dependencies=[Scoped("analyze")],
    response_model=AnalysisOut | AnalyzeResults,
    summary="Analyse one text or a batch",
    responses={
        422: {
            "description": "A text is missing, empty, too long or of the wrong type, or the "
            "taxonomy is not valid (the message names its line)."
        }
    },
)
def analyze(body: AnalyzeRequest, service: ServiceDep) -> dict[str, Any]:
    """``{"text"}`` answers one record; ``{"texts"}`` or ``{"items"}`` answer ``{"results": [...]}``.

    An optional ``taxonomy`` (YAML text) replaces the server's causes / needs / stages for
    this request only.
    """
    tax = body.taxonomy
    if body.text is not None:
        analyses = _run(service, [body.text], [body.id], None, "text", tax)
        return analyses[0]
    if body.texts is not None:
        return {"results": _run(service, body.texts, None, None, "texts", tax)}
    items = body.items or []
    return {
        "results": _run(
            service,
            [i.text for i in items],
            [i.id for i in items],
            [dict(i.metadata or {}) for i in items],
            "items",
            tax,
        )
    }


def _run(
    service: ServiceDep,
    texts: list[str],
    ids: list[str | None] | None,
    metadata: list[dict[str, Any]] | None,
    form: str,
    taxonomy: str | None = None,
) -> list[dict[str, Any]]:
    if not texts:
        raise invalid(field_error(["body", form], "give at least one text"))
    try:
        return [a.to_record() for a in service.analyze(texts, ids, metadata, taxonomy)]
    except InputError as exc:
        raise invalid(field_error(_where(form, exc, len(texts)), str(exc))) from None


def _where(form: str, exc: InputError, n: int) -> list[str | int]:
    """Point at the offending text (or the taxonomy) the way the client sent it."""
    if exc.field == "taxonomy":
        return ["body", "taxonomy"]
    if form == "text":
        return ["body", "text"]
    index = exc.index
    if index is None and exc.field == "text" and n == 1:
        index = 0  # the service numbers texts only when there are several
    if index is None:
        return ["body", form]
    if form == "items":
        return ["body", "items", index, "text"]
    return ["body", "texts", index]
