"""Dependency aliases for route signatures.

Routes read the one ``Empathica`` held by the app rather than building their own, so a
test (or the CLI) decides which database and analyzer the whole app uses.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from empathica.config import Settings
from empathica.services import Empathica


def get_service(request: Request) -> Empathica:
    service: Empathica = request.app.state.service
    return service


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


ServiceDep = Annotated[Empathica, Depends(get_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
