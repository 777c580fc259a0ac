"""REST API (FastAPI) and the dashboard mounted beside it.

``create_app`` is the only public name: the app is built from settings passed in, so
nothing (engine, model, settings) is created when this package is imported.
"""

from __future__ import annotations

from empathica.api.app import create_app

__all__ = ["create_app"]
