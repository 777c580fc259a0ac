"""The dashboard: server-rendered pages over the same ``Empathica`` service as the API."""

from __future__ import annotations

from empathica.web.auth import AuthState, LoginRequired, require_page_login
from empathica.web.pages import router
from empathica.web.pages.login import router as login_router
from empathica.web.rendering import STATIC_DIR, render_error

__all__ = [
    "STATIC_DIR",
    "AuthState",
    "LoginRequired",
    "login_router",
    "render_error",
    "require_page_login",
    "router",
]
