"""Who is calling: API keys in headers, the dashboard's signed session cookie, and CSRF tokens.

Shared by the dashboard and the REST API (the API builds its scope checks on top, in
``api.deps``). Cookies are signed with itsdangerous (a small, long-kept library that also dates
what it signs, so an old cookie expires without server state) rather than Starlette's
SessionMiddleware, because the cookie's ``Secure`` flag must follow each request's scheme and
the session must die when its user's password changes, which that middleware cannot express.

A session holds a random ``sid`` (rotated at login), the user id and a fingerprint of the user's
password hash; the CSRF token is an HMAC of the ``sid``, so it needs no storage and a token from
one session is worthless in another.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from empathica.config import Settings, is_loopback
from empathica.domain import ROLE_SCOPES, Role, Scope, User, allows
from empathica.services import Empathica
from empathica.web.ratelimit import Clock, RateLimiter, address_key

SESSION_COOKIE = "empathica_session"
#: A dashboard login lasts this long (seconds), then the login form is shown again.
SESSION_MAX_AGE = 12 * 3600
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SECRET_FILE = "secret_key"
DEFAULT_NEXT = "/overview"


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request; ``ident`` is what the rate limiter counts by."""

    kind: str  # "key", "user" or "anonymous" (auth off)
    name: str
    scopes: frozenset[Scope]
    ident: str

    def allows(self, scope: Scope) -> bool:
        return allows(self.scopes, scope)


def load_secret(settings: Settings) -> str:
    """``secret_key`` if set, else the one in ``data_dir/secret_key``, created once with mode 0600.

    The file is written whole under a temporary name and then hard-linked into place, which fails
    if the name exists: two processes starting at once never see a half-written secret, and the
    one that loses the race reads the winner's.
    """
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / SECRET_FILE
    found = _read_secret(path)
    if found is not None:
        return found
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd, temporary = tempfile.mkstemp(prefix=".secret_key.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secret + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            found = _read_secret(path)
            if found is None:  # pragma: no cover - deleted again between the link and the read
                raise RuntimeError(f"{path} vanished while it was being created; start again") from None
            return found
    finally:
        os.unlink(temporary)
    return secret


def _read_secret(path: Path) -> str | None:
    """The secret in ``path``; None when there is no such file; an error when it is unsafe to use."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    if os.name == "posix" and mode & 0o077:
        raise RuntimeError(
            f"{path} can be read by other users of this machine, who could sign session cookies "
            f"with it: run `chmod 600 {path}` (or delete it to have a new one made)"
        )
    secret = path.read_text(encoding="utf-8").strip()
    if not secret:
        raise RuntimeError(f"{path} is empty: delete it to have a new secret generated")
    return secret


def check_secret(settings: Settings) -> None:
    """Raise the error a login would meet with an existing secret file, without making one."""
    if not settings.secret_key:
        _read_secret(Path(settings.data_dir) / SECRET_FILE)


class AuthState:
    """One per app: whether login is required, the cookie signer and the rate limiters."""

    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.required = settings.auth_required
        api_rate, login_rate = settings.api_rate, settings.login_rate
        limiter_args: dict[str, Any] = {} if clock is None else {"clock": clock}
        # A loopback server without login has one caller, this machine: limiting it only slows its scripts.
        exposed = self.required or not is_loopback(settings.host)
        self.api_limiter = RateLimiter(api_rate, **limiter_args) if api_rate and exposed else None
        self.login_limiter = RateLimiter(login_rate, **limiter_args) if login_rate else None
        self._secret: bytes | None = None
        self._lock = threading.Lock()

    @property
    def secret(self) -> bytes:
        """Read (or made) on first use, so a server without login never writes a secret file."""
        with self._lock:
            if self._secret is None:
                self._secret = load_secret(self.settings).encode("utf-8")
            return self._secret

    def _signer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt="empathica-session")

    def sign(self, session: dict[str, Any]) -> str:
        return self._signer().dumps(session)

    def unsign(self, cookie: str) -> dict[str, Any] | None:
        try:
            data = self._signer().loads(cookie, max_age=SESSION_MAX_AGE)
        except BadSignature:  # also SignatureExpired
            return None
        return data if isinstance(data, dict) and isinstance(data.get("sid"), str) else None

    def csrf_token(self, session: dict[str, Any]) -> str:
        return hmac.new(self.secret, b"csrf:" + session["sid"].encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session: dict[str, Any] | None, token: str | None) -> bool:
        if session is None or not token:
            return False
        return hmac.compare_digest(self.csrf_token(session), token)


def auth_state(request: Request) -> AuthState:
    state: AuthState = request.app.state.auth
    return state


def client_ip(request: Request) -> str:
    """The direct peer's address; headers such as X-Forwarded-For are not trusted (anyone can send them)."""
    return request.client.host if request.client else "unknown"


# -- sessions ---------------------------------------------------------------------------------


def new_session(user: User | None = None, fingerprint: str | None = None) -> dict[str, Any]:
    return {"sid": secrets.token_urlsafe(18), "uid": user.id if user else None, "fp": fingerprint}


def read_session(request: Request) -> dict[str, Any] | None:
    """The request's valid session (signature and age checked), cached for the request."""
    if not hasattr(request.state, "auth_session"):
        cookie = request.cookies.get(SESSION_COOKIE)
        request.state.auth_session = auth_state(request).unsign(cookie) if cookie else None
    session: dict[str, Any] | None = request.state.auth_session
    return session


def set_session(request: Request, response: Response, session: dict[str, Any]) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        auth_state(request).sign(session),
        max_age=SESSION_MAX_AGE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def clear_session(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


def session_user(request: Request) -> User | None:
    """The logged-in dashboard user, or None; checked against the database once per request."""
    if not hasattr(request.state, "auth_user"):
        session = read_session(request)
        user = None
        uid, fingerprint = (session or {}).get("uid"), (session or {}).get("fp")
        if isinstance(uid, int) and isinstance(fingerprint, str):
            service: Empathica = request.app.state.service
            user = service.session_user(uid, fingerprint)
        request.state.auth_user = user
    found: User | None = request.state.auth_user
    return found


def page_context(request: Request) -> dict[str, Any]:
    """What base.html needs: the user shown in the header and the CSRF token for forms and fetch()."""
    state = getattr(request.app.state, "auth", None)
    if state is None or not state.required:
        return {"user": None, "csrf_token": "", "auth_required": False}
    session = read_session(request)
    return {
        "user": session_user(request),
        "csrf_token": state.csrf_token(session) if session else "",
        "auth_required": True,
    }


# -- API keys ---------------------------------------------------------------------------------


def presented_key(request: Request) -> str | None:
    """``Authorization: Bearer <key>`` or ``X-API-Key: <key>``; None when neither header is there."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    key = request.headers.get("x-api-key", "").strip()
    return key or None


def key_principal(request: Request, text: str) -> Principal | None:
    service: Empathica = request.app.state.service
    key = service.authenticate_key(text)
    if key is None:
        return None
    return Principal("key", f"key {key.prefix} ({key.name})", key.scopes, f"key:{key.id}")


def user_principal(user: User) -> Principal:
    return Principal("user", user.username, ROLE_SCOPES[Role(user.role)], f"user:{user.id}")


def anonymous(request: Request) -> Principal:
    """Auth off: every scope, counted by client address (an IPv6 host by its /64)."""
    return Principal("anonymous", "anonymous", frozenset(Scope), address_key(client_ip(request)))


# -- where to go after login ------------------------------------------------------------------


def safe_next(target: str | None) -> str:
    """A local path to return to after login; anything that could leave this site becomes the default."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return DEFAULT_NEXT
    if any(ord(c) < 0x20 or c == "\x7f" for c in target):
        return DEFAULT_NEXT
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith("/login"):
        return DEFAULT_NEXT
    return target


def login_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(here, safe="/")


class LoginRequired(Exception):
    """Raised by a dashboard page without a logged-in user; answered with a redirect to the login form."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def require_page_login(request: Request) -> None:
    """Dependency of every dashboard page: with login required, no user means the login form."""
    if auth_state(request).required and session_user(request) is None:
        raise LoginRequired(login_url(request))
