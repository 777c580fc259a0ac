"""The dashboard: server-rendered pages over the same ``Empathica`` service as the API."""

from __future__ import annotations

from empathica.web.views import STATIC_DIR, render_error, router

__all__ = ["STATIC_DIR", "render_error", "router"]
