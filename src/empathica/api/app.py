"""Build the FastAPI app: REST API under /api/v1, the dashboard at /, static files at /static.

Everything is built inside ``create_app`` from the settings passed in; importing this
module opens no database and loads no model, so tests and the CLI each get the app
they configure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from empathica.api.errors import install_handlers, is_api
from empathica.api.routes import analyze, feedback, maps, meta, personas, replies, themes
from empathica.api.routes.meta import package_version
from empathica.config import Settings
from empathica.services import Empathica
from empathica.web import STATIC_DIR, AuthState, LoginRequired, login_router, render_error, require_page_login
from empathica.web import router as web_router
from empathica.web.headers import SecurityHeaders

API_PREFIX = "/api/v1"

DESCRIPTION = """
Empathica reads what customers and employees write and says how they feel.

* `POST /api/v1/analyze` analyses texts without storing them.
* `POST /api/v1/feedback` stores feedback (idempotent on source + id) and analyses it.
* `GET /api/v1/feedback` lists stored feedback with filters; `GET /api/v1/overview` gives the counts.
* `POST /api/v1/replies/draft` drafts an empathetic reply; `POST /api/v1/replies/assess` coaches an
  agent's own reply before it is sent.

Texts are redacted (e-mail addresses, phone and card numbers ...) before they are stored.

When the server requires authentication (always when it listens beyond loopback), send an API key
as `Authorization: Bearer emp_...` or `X-API-Key: emp_...`; each endpoint names the scope it needs
(`read`, `analyze`, `write`; `admin` holds them all). `GET /api/v1/health` is always open.
"""


def create_app(settings: Settings, service: Empathica | None = None) -> FastAPI:
    """The app holds one ``Empathica``; one passed in stays the caller's to close."""
    owned = service is None
    svc = service if service is not None else Empathica(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            svc.close()

    app = FastAPI(
        title="Empathica",
        version=package_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # /docs is the dashboard's own page: Swagger UI would load from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.service = svc
    app.state.render_error = render_error
    app.state.auth = AuthState(settings)

    # API routes carry their own scope checks (api.deps.Scoped); dashboard pages all need a login.
    for module in (analyze, feedback, maps, meta, personas, replies, themes):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(login_router)
    app.include_router(web_router, dependencies=[Depends(require_page_login)])
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    install_handlers(app)
    app.add_middleware(SecurityHeaders, private=app.state.auth.required)

    @app.exception_handler(LoginRequired)
    async def _to_login(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request) or request.url.path.startswith("/static/"):
            return await http_exception_handler(request, exc)
        return render_error(request, exc.status_code, str(exc.detail))

    return app
