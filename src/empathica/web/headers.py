"""Response headers that keep browsers from misusing the app's pages, added to every answer.

A pure ASGI middleware (not Starlette's ``BaseHTTPMiddleware``) so file downloads and streamed
answers pass through untouched; it only adds headers to the response start message.

- ``X-Frame-Options`` and CSP ``frame-ancestors``: no other site may frame a page, so it cannot
  trick a signed-in user into clicking "Sign out" or "Draft reply" under a decoy (clickjacking).
- ``X-Content-Type-Options: nosniff``: a stored text is never sniffed into HTML or script.
- ``Referrer-Policy: same-origin``: feedback ids and filters in URLs stay on this server.
- ``Cache-Control: no-store`` with login on: feedback shown to a signed-in user is not kept in
  the browser's disk cache, where the next user of a shared computer could read it after
  sign-out. Static files keep their caching; without login there is nobody to protect from.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALWAYS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
NO_STORE = (b"cache-control", b"no-store")
STATIC_PREFIX = "/static/"


class SecurityHeaders:
    """Adds ``ALWAYS`` to every HTTP response, and ``no-store`` outside /static when ``private``."""

    def __init__(self, app: ASGIApp, private: bool) -> None:
        self.app = app
        self.private = private

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = self.private and not str(scope.get("path", "")).startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in ALWAYS if name not in present]
                if no_store:
                    headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
                    headers.append(NO_STORE)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
