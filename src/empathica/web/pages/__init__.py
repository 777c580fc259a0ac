"""The dashboard's pages, one module per page family, joined into the one router the app includes.

Each module owns its routes (``router``) and the view helpers only it uses; what they all share
(templates, the page frame, the error page) is ``empathica.web.rendering``.
"""

from __future__ import annotations

from fastapi import APIRouter

from empathica.web.pages import api_docs, feedback, insights, overview, quarantine

router = APIRouter(include_in_schema=False)
for _module in (overview, feedback, quarantine, insights, api_docs):
    router.include_router(_module.router)

__all__ = ["router"]
