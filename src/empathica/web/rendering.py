"""What every dashboard page shares: the templates with their filters, the page frame, the error page.

Pages read the ``Empathica`` and ``Settings`` held by the app (``request.app.state``) rather
than a module global, so every app built by ``create_app`` serves its own store and settings.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from empathica.config import Settings
from empathica.services import Empathica
from empathica.web import charts
from empathica.web.auth import page_context

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATES = Jinja2Templates(directory=HERE / "templates")

EXCERPT_CHARS = 220


# -- template filters -----------------------------------------------------------------------------


def fmt_datetime(value: datetime | None, with_time: bool = True) -> str:
    if value is None:
        return "—"
    text = f"{value.day} {value.strftime('%b %Y')}"
    return f"{text}, {value.strftime('%H:%M')}" if with_time else text


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def pct(part: int, whole: int) -> str:
    """Whole percent, never rounded up to 100% while something is still missing."""
    if whole <= 0:
        return "0%"
    value = round(100 * part / whole)
    return f"{min(value, 99) if part < whole else value}%"


def readable(label: str) -> str:
    """Taxonomy names are identifiers (``lack_of_interaction``); people read ``lack of interaction``."""
    return " ".join(label.replace("_", " ").replace("-", " ").split())


def thousands(value: int) -> str:
    return f"{value:,}"


def unit(value: float) -> float:
    """A score clamped to 0..1 so a bad stored number can never draw a bar wider than its track."""
    return min(max(float(value), 0.0), 1.0)


TEMPLATES.env.filters["when"] = fmt_datetime
TEMPLATES.env.filters["readable"] = readable
TEMPLATES.env.filters["thousands"] = thousands
TEMPLATES.env.filters["unit"] = unit
TEMPLATES.env.filters["excerpt"] = excerpt
TEMPLATES.env.filters["family"] = charts.family
TEMPLATES.env.globals["pct"] = pct
TEMPLATES.env.globals["emotion_colour"] = charts.emotion_colour


# -- the page frame -------------------------------------------------------------------------------


def service_of(request: Request) -> Empathica:
    service: Empathica = request.app.state.service
    return service


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def page_size(request: Request) -> int:
    """Rows per list page, bounded so a bad setting can neither empty a page nor flood it."""
    return max(1, min(settings_of(request).page_size, 500))


def render_page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """The template with what the frame needs: the nav entry, the version, the user and the CSRF token."""
    from empathica import __version__

    base = {"nav": name.split(".")[0].split("_")[0], "version": __version__, **page_context(request)}
    return TEMPLATES.TemplateResponse(request, name, {**base, **context}, status_code=status_code)


def render_error(request: Request, status_code: int, message: str) -> HTMLResponse:
    titles = {
        401: "Sign in needed",
        403: "Not allowed",
        404: "Not found",
        405: "Not allowed",
        429: "Too many requests",
        500: "Something went wrong",
    }
    return render_page(
        request,
        "error.html",
        {"status": status_code, "title": titles.get(status_code, "Error"), "message": message},
        status_code=status_code,
    )
