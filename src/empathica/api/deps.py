"""Dependency aliases for route signatures.

Routes read the one ``Empathica`` held by the app rather than building their own, so a
test (or the CLI) decides which database and analyzer the whole app uses.

``Scoped("write")`` is the access check every API route but health declares: who is calling
(an API key, or the dashboard's session cookie plus its CSRF header on anything but a read),
whether that caller holds the scope, and whether it is within its rate limit.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from empathica.config import Settings
from empathica.domain import Scope
from empathica.services import Empathica
from empathica.web.auth import (
    CSRF_HEADER,
    SAFE_METHODS,
    Principal,
    anonymous,
    auth_state,
    key_principal,
    presented_key,
    read_session,
    session_user,
    user_principal,
)
from empathica.web.ratelimit import retry_after
from empathica.web.rendering import service_of, settings_of

ServiceDep = Annotated[Empathica, Depends(service_of)]
SettingsDep = Annotated[Settings, Depends(settings_of)]

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers=_CHALLENGE)


def caller(request: Request) -> Principal:
    """The principal of this request, or a 401/403 saying what is missing."""
    state = auth_state(request)
    if not state.required:
        return anonymous(request)
    key = presented_key(request)
    if key is not None:
        principal = key_principal(request, key)
        if principal is None:
            raise _unauthorized("the API key is not valid or has been revoked")
        return principal
    user = session_user(request)
    if user is None:
        raise _unauthorized(
            "authentication required: send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
        )
    if request.method not in SAFE_METHODS and not state.csrf_ok(
        read_session(request), request.headers.get(CSRF_HEADER)
    ):
        raise HTTPException(
            status_code=403,
            detail=f"missing or invalid {CSRF_HEADER} header: a dashboard session must send its CSRF token",
        )
    return user_principal(user)


def authorize(request: Request, scope: Scope) -> Principal:
    principal = caller(request)
    if not principal.allows(scope):
        raise HTTPException(
            status_code=403, detail=f"{principal.name} lacks the '{scope.value}' scope this endpoint needs"
        )
    limiter = auth_state(request).api_limiter
    if limiter is not None:
        wait = limiter.acquire(principal.ident)
        if wait > 0:
            raise HTTPException(
                status_code=429,
                detail=f"rate limit of {limiter.rate.limit} requests per {limiter.rate.period:g} s "
                f"exceeded; retry in {retry_after(wait)} s",
                headers={"Retry-After": retry_after(wait)},
            )
    return principal


def Scoped(scope: str) -> Any:
    """A dependency that lets the request through only with ``scope`` (``admin`` implies every scope).

    Capitalised because it reads like a type in signatures: ``Annotated[Principal, Scoped("read")]``.
    """
    wanted = Scope(scope)

    def check(request: Request) -> Principal:
        return authorize(request, wanted)

    check.__name__ = f"requires_{wanted.value}"
    return Depends(check)
