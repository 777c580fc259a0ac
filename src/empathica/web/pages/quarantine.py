"""Rows that could not be stored, and why, a page at a time."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from empathica.web.rendering import page_size, render_page, service_of

#: Characters of a rejected row's raw text shown before it is cut.
RAW_CHARS = 160

router = APIRouter(include_in_schema=False)


@router.get("/quarantine", response_class=HTMLResponse)
def quarantine_page(request: Request) -> HTMLResponse:
    service = service_of(request)
    size = page_size(request)
    raw_page = request.query_params.get("page", "1")
    page_no = max(1, int(raw_page)) if raw_page.isdigit() else 1
    total = service.quarantine_count()
    rows = service.quarantine_list(limit=size, offset=(page_no - 1) * size)
    last_page = max(1, -(-total // size))
    return render_page(
        request,
        "quarantine.html",
        {
            "rows": rows,
            "total": total,
            "first": (page_no - 1) * size + 1 if rows else 0,
            "last": (page_no - 1) * size + len(rows),
            "raw_chars": RAW_CHARS,
            "prev_url": f"/quarantine?page={page_no - 1}" if page_no > 1 else None,
            "next_url": f"/quarantine?page={page_no + 1}" if page_no < last_page else None,
        },
    )
