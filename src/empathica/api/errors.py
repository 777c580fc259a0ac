"""Error answers: field-level 422s for input a client can fix, a bare 500 for the rest.

422 bodies use FastAPI's own shape (``detail`` = list of ``loc``/``msg``/``type``) whether
pydantic or the service found the problem, so clients handle one format. Unexpected errors
are logged with their traceback on the server and answered without one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

log = logging.getLogger("empathica.api")


def field_error(loc: Sequence[str | int], msg: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": "value_error"}


def invalid(*errors: dict[str, Any]) -> RequestValidationError:
    """A 422 raised from route code, answered exactly like pydantic's own validation errors."""
    return RequestValidationError(list(errors))


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    if is_api(request):
        return JSONResponse(
            {"detail": "internal server error; the server log has the details"}, status_code=500
        )
    renderer = getattr(request.app.state, "render_error", None)
    if renderer is not None:
        rendered: Response = renderer(request, 500, "Something went wrong on our side.")
        return rendered
    return JSONResponse({"detail": "internal server error"}, status_code=500)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _unexpected)
