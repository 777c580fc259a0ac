"""The dashboard: server-rendered pages over the same ``Empathica`` service as the API."""

from __future__ import annotations

from empathica.web.pages import router
from empathica.web.rendering import STATIC_DIR, render_error

__all__ = ["STATIC_DIR", "render_error", "router"]
