"""Login required: API keys, scopes, sessions with CSRF and rate limits, over ASGI on a real database.

The app is the same ``create_app`` the server runs, with ``auth="on"``; the only thing replaced is
the rate limiter's clock, so a test can use up a limit and then move time instead of waiting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.services import Empathica
from empathica.web.auth import SESSION_COOKIE, AuthState

PASSWORD = "a long enough passphrase"
TEXT = {"text": "I am furious, the parcel never came."}


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def auth_settings(settings: Settings) -> Settings:
    return settings.with_(
        auth="on", secret_key="test-secret", rate_limit="5/minute", login_rate_limit="3/minute"
    )


@pytest.fixture
def app_client(auth_settings: Settings, service: Empathica, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(auth_settings, service)
    app.state.auth = AuthState(auth_settings, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def csrf_of(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([0-9a-f]*)">', html)
    assert match, "no csrf meta tag"
    return match.group(1)


def login(client: TestClient, username: str = "ana", password: str = PASSWORD, next_url: str = "") -> str:
    """Signs in through the form like a browser; returns the CSRF token of the page it lands on."""
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form.text)
    assert token
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1), "next": next_url},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/overview").text)


# -- API keys and scopes ----------------------------------------------------------------------


def test_no_key_is_401_with_a_bearer_challenge_and_the_api_error_shape(app_client: TestClient) -> None:
    r = app_client.get("/api/v1/feedback")
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in r.json()["detail"]
    assert app_client.get("/api/v1/health").status_code == 200  # probes need no key


def test_every_api_route_but_health_needs_a_key(app_client: TestClient) -> None:
    spec = app_client.get("/api/v1/openapi.json").json()  # the schema itself is public: it holds no data
    calls = [(m.upper(), p) for p, methods in spec["paths"].items() for m in methods]
    assert len(calls) >= 12
    open_routes = []
    for method, path in calls:
        if app_client.request(method, re.sub(r"\{[^}]+\}", "1", path)).status_code != 401:
            open_routes.append(f"{method} {path}")
    assert open_routes == ["GET /api/v1/health"]


def test_scopes_decide_what_a_key_may_do(app_client: TestClient, service: Empathica) -> None:
    _, reader = service.create_api_key("dashboard screen", ["read"])
    _, agent = service.create_api_key("helpdesk", ["read", "analyze"])
    _, admin = service.create_api_key("ops", ["admin"])

    assert app_client.get("/api/v1/feedback", headers=bearer(reader)).status_code == 200
    denied = app_client.post("/api/v1/analyze", json=TEXT, headers=bearer(reader))
    assert denied.status_code == 403
    assert "lacks the 'analyze' scope" in denied.json()["detail"]

    assert app_client.post("/api/v1/analyze", json=TEXT, headers={"X-API-Key": agent}).status_code == 200
    draft = app_client.post("/api/v1/replies/draft", json={**TEXT, "channel": "email"}, headers=bearer(agent))
    assert draft.status_code == 200
    store = {"source": "api", "items": [{"id": "x1", "text": "Thanks, all sorted."}]}
    assert app_client.post("/api/v1/feedback", json=store, headers=bearer(agent)).status_code == 403
    assert app_client.post("/api/v1/feedback", json=store, headers=bearer(admin)).status_code == 201


def test_a_wrong_or_revoked_key_is_401_and_use_is_recorded(
    app_client: TestClient, service: Empathica
) -> None:
    key, text = service.create_api_key("bot", ["read"])
    assert app_client.get("/api/v1/overview", headers=bearer(text[:-1] + "x")).status_code == 401
    assert service.api_keys()[0].last_used_at is None
    assert app_client.get("/api/v1/overview", headers=bearer(text)).status_code == 200
    assert service.api_keys()[0].last_used_at is not None

    service.revoke_api_key(key.id)
    r = app_client.get("/api/v1/overview", headers=bearer(text))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_the_api_rate_limit_answers_429_with_retry_after(
    app_client: TestClient, service: Empathica, clock: FakeClock
) -> None:
    _, first = service.create_api_key("busy", ["read"])
    _, second = service.create_api_key("calm", ["read"])
    assert [app_client.get("/api/v1/overview", headers=bearer(first)).status_code for _ in range(5)] == [
        200
    ] * 5
    limited = app_client.get("/api/v1/overview", headers=bearer(first))
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "12"  # 5 per minute: one every 12 s
    assert "rate limit" in limited.json()["detail"]
    assert app_client.get("/api/v1/overview", headers=bearer(second)).status_code == 200  # per key
    clock.now += 12
    assert app_client.get("/api/v1/overview", headers=bearer(first)).status_code == 200


# -- the dashboard session --------------------------------------------------------------------


def test_pages_redirect_to_login_and_back(app_client: TestClient, service: Empathica) -> None:
    service.add_user("ana", "agent", PASSWORD)
    r = app_client.get("/feedback?emotion=anger", follow_redirects=False)
    assert r.status_code == 303
    location = urlsplit(r.headers["location"])
    assert location.path == "/login" and parse_qs(location.query)["next"] == ["/feedback?emotion=anger"]

    form = app_client.get(r.headers["location"])
    assert form.status_code == 200 and 'name="next" value="/feedback?emotion=anger"' in form.text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form.text)
    assert token
    done = app_client.post(
        "/login",
        data={
            "username": "ana",
            "password": PASSWORD,
            "csrf_token": token.group(1),
            "next": "/feedback?emotion=anger",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/feedback?emotion=anger"
    cookie = done.headers["set-cookie"]
    assert SESSION_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http here; https requests get Secure
    page = app_client.get("/feedback")
    assert page.status_code == 200
    assert 'data-testid="username"' in page.text and ">ana<" in page.text and 'action="/logout"' in page.text


def test_login_never_sends_the_browser_to_another_site(app_client: TestClient, service: Empathica) -> None:
    service.add_user("ana", "agent", PASSWORD)
    form = app_client.get("/login", params={"next": "https://evil.example/"})
    assert 'name="next" value="/overview"' in form.text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form.text)
    assert token
    r = app_client.post(
        "/login",
        data={
            "username": "ana",
            "password": PASSWORD,
            "csrf_token": token.group(1),
            "next": "//evil.example",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/overview"


def test_unknown_user_and_wrong_password_get_the_same_answer(
    app_client: TestClient, service: Empathica
) -> None:
    service.add_user("ana", "agent", PASSWORD)
    answers = []
    for username, password in (("ana", "not the password"), ("nobody", PASSWORD)):
        form = app_client.get("/login")
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form.text)
        assert token
        r = app_client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token.group(1)}
        )
        answers.append((r.status_code, re.search(r'data-testid="login-error">([^<]*)<', r.text)))
    assert [(status, m.group(1) if m else None) for status, m in answers] == [
        (401, "Wrong username or password."),
        (401, "Wrong username or password."),
    ]


def test_login_without_its_csrf_token_is_refused(app_client: TestClient, service: Empathica) -> None:
    service.add_user("ana", "agent", PASSWORD)
    app_client.get("/login")
    r = app_client.post("/login", data={"username": "ana", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 400 and "expired" in r.text
    assert app_client.get("/overview", follow_redirects=False).status_code == 303


def test_login_attempts_are_rate_limited_per_address(
    app_client: TestClient, service: Empathica, clock: FakeClock
) -> None:
    service.add_user("ana", "agent", PASSWORD)
    statuses = [
        app_client.post("/login", data={"username": "ana", "password": "guess"}).status_code for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    limited = app_client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert limited.status_code == 429 and limited.headers["retry-after"] == "20"
    assert "Too many login attempts" in limited.text
    clock.now += 20
    assert login(app_client)  # the right password works again once the wait is over


def test_one_ipv6_network_shares_one_login_limit(
    auth_settings: Settings, service: Empathica, clock: FakeClock
) -> None:
    """A host picking a fresh address from its /64 for every guess still meets the limit."""
    app = create_app(auth_settings, service)
    app.state.auth = AuthState(auth_settings, clock=clock)
    guesses = [
        TestClient(app, client=(f"2001:db8:5:6::{n}", 40000)).post(
            "/login", data={"username": "ana", "password": "guess"}
        )
        for n in range(1, 5)
    ]
    assert [r.status_code for r in guesses] == [400, 400, 400, 429]
    other_network = TestClient(app, client=("2001:db8:5:7::1", 40000))
    assert other_network.post("/login", data={"username": "ana", "password": "guess"}).status_code == 400


def test_the_session_cookie_works_for_the_api_only_with_the_csrf_header(
    app_client: TestClient, service: Empathica
) -> None:
    service.add_user("ana", "agent", PASSWORD)
    token = login(app_client)
    assert app_client.get("/api/v1/feedback").status_code == 200  # reads need no token
    no_header = app_client.post("/api/v1/analyze", json=TEXT)
    assert no_header.status_code == 403 and "X-CSRF-Token" in no_header.json()["detail"]
    wrong = app_client.post("/api/v1/analyze", json=TEXT, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    assert app_client.post("/api/v1/analyze", json=TEXT, headers={"X-CSRF-Token": token}).status_code == 200
    store = {"source": "web", "items": [{"id": "w1", "text": "Thanks!"}]}
    r = app_client.post("/api/v1/feedback", json=store, headers={"X-CSRF-Token": token})
    assert r.status_code == 403 and "ana lacks the 'write' scope" in r.json()["detail"]  # an agent


def test_logout_needs_its_token_and_ends_the_session(app_client: TestClient, service: Empathica) -> None:
    service.add_user("ana", "viewer", PASSWORD)
    token = login(app_client)
    assert app_client.post("/logout", follow_redirects=False).status_code == 403
    r = app_client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert r.headers["clear-site-data"] == '"cache", "cookies"'  # the browser drops what it kept
    assert app_client.get("/overview", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_session(app_client: TestClient, service: Empathica) -> None:
    service.add_user("ana", "viewer", PASSWORD)
    login(app_client)
    service.disable_user("ana")
    assert app_client.get("/overview", follow_redirects=False).status_code == 303
    assert app_client.get("/api/v1/overview").status_code == 401


def test_auth_off_needs_nothing_and_login_just_redirects(client: TestClient) -> None:
    assert client.get("/api/v1/feedback").status_code == 200
    assert client.post("/api/v1/analyze", json=TEXT).status_code == 200
    assert client.get("/login", follow_redirects=False).headers["location"] == "/overview"
    page = client.get("/overview").text
    assert csrf_of(page) == "" and 'action="/logout"' not in page


def test_over_https_the_session_cookie_is_secure(auth_settings: Settings, service: Empathica) -> None:
    service.add_user("ana", "viewer", PASSWORD)
    app = create_app(auth_settings, service)
    with TestClient(app, base_url="https://testserver") as https_client:
        form = https_client.get("/login")
        assert "Secure" in form.headers["set-cookie"]
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form.text)
        assert token
        done = https_client.post(
            "/login",
            data={"username": "ana", "password": PASSWORD, "csrf_token": token.group(1)},
            follow_redirects=False,
        )
        assert done.status_code == 303 and "Secure" in done.headers["set-cookie"]


def test_no_page_can_be_framed_and_signed_in_answers_are_not_cached(
    app_client: TestClient, service: Empathica
) -> None:
    """Another site must not frame the sign-in form or a page (clickjacking), and a shared
    computer's browser must not keep feedback from a signed-in session on disk."""
    service.add_user("ana", "viewer", PASSWORD)
    login(app_client)
    for path in ("/login", "/overview", "/api/v1/overview", "/api/v1/health"):
        r = app_client.get(path)
        assert r.headers["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["referrer-policy"] == "same-origin", path
        assert r.headers["cache-control"] == "no-store", path
    static = app_client.get("/static/style.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")
    assert static.headers["x-content-type-options"] == "nosniff"


def test_without_login_pages_still_refuse_frames_but_may_be_cached(client: TestClient) -> None:
    r = client.get("/overview")
    assert r.headers["x-frame-options"] == "DENY"
    assert "cache-control" not in r.headers
