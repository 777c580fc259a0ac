"""The login form, the login itself and logout: the only dashboard pages open without a session.

One answer for an unknown user, a disabled one and a wrong password, so the form cannot be used
to find out who has an account; attempts are rate-limited per client address before any
password is checked, so guessing costs the guesser time, not the server argon2 runs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from empathica.web.auth import (
    CSRF_FIELD,
    auth_state,
    clear_session,
    client_ip,
    new_session,
    read_session,
    safe_next,
    set_session,
)
from empathica.web.ratelimit import address_key, retry_after
from empathica.web.rendering import render_error, render_page, service_of

router = APIRouter(include_in_schema=False)

LOGIN_FAILED = "Wrong username or password."


def _form(
    request: Request, next_url: str, error: str = "", username: str = "", status: int = 200
) -> Response:
    """The form; a visitor without a session gets an anonymous one, which its CSRF token is bound to."""
    session = read_session(request)
    fresh = session is None
    if session is None:
        session = new_session()
        request.state.auth_session = session
    page = render_page(
        request,
        "login.html",
        {
            "next_url": next_url,
            "error": error,
            "username": username,
            "login_csrf": auth_state(request).csrf_token(session),
        },
        status_code=status,
    )
    if fresh:
        set_session(request, page, session)
    return page


@router.get("/login", response_model=None)
def login_form(request: Request, next: str | None = None) -> Response:
    if not auth_state(request).required:
        return RedirectResponse(safe_next(next), status_code=303)
    return _form(request, safe_next(next))


@router.post("/login", response_model=None)
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    state = auth_state(request)
    target = safe_next(next)
    if not state.required:
        return RedirectResponse(target, status_code=303)
    if state.login_limiter is not None:
        wait = state.login_limiter.acquire(address_key(client_ip(request)))
        if wait > 0:
            page = render_error(
                request, 429, f"Too many login attempts. Try again in {retry_after(wait)} seconds."
            )
            page.headers["Retry-After"] = retry_after(wait)
            return page
    if not state.csrf_ok(read_session(request), csrf_token):
        return _form(
            request,
            target,
            "The form had expired. Please sign in again.",
            username,
            status=400,
        )
    found = service_of(request).login(username, password)
    if found is None:
        return _form(request, target, LOGIN_FAILED, username, status=401)
    user, fingerprint = found
    response = RedirectResponse(target, status_code=303)
    set_session(request, response, new_session(user, fingerprint))  # a new sid: no session fixation
    return response


@router.post("/logout", response_model=None)
def logout(request: Request, csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    state = auth_state(request)
    if state.required and not state.csrf_ok(read_session(request), csrf_token):
        return render_error(request, 403, "This sign-out form had expired; reload the page and try again.")
    response = RedirectResponse("/login", status_code=303)
    clear_session(request, response)
    # The session lives in the cookie, so the server cannot revoke a copy; what it can do is have
    # this browser forget the cookie and any pages it cached (Clear-Site-Data, where supported).
    response.headers["Clear-Site-Data"] = '"cache", "cookies"'
    return response
