"""Signing in, working and signing out in a real Chromium against a real server with login required."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import Feedback
from empathica.services import Empathica
from empathica.storage import open_repository
from helpers.analyses import hand_analysis, with_reasons
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, off_machine
from helpers.live_server import live_server

pytestmark = pytest.mark.e2e

TEXT = "The parcel arrived broken and nobody answers."
PASSWORD = "a long enough passphrase"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    data = tmp_path_factory.mktemp("e2e-login")
    settings = Settings(data_dir=data, database_url=f"sqlite:///{data / 'e2e.db'}", auth="on")
    repo = open_repository(settings.sqlalchemy_url)
    repo.add_feedback(
        [
            Feedback(
                source="e2e",
                external_id="p1",
                text=TEXT,
                channel="email",
                created_at=datetime(2026, 3, 2, tzinfo=UTC),
            )
        ]
    )
    item = repo.find_item("e2e", "p1")
    assert item is not None and item.feedback.id is not None
    repo.save_analyses(
        [(item.feedback.id, with_reasons(hand_analysis(TEXT, "disappointment", "sadness", "negative", -0.6)))]
    )
    service = Empathica(settings, repository=repo)
    service.add_user("ana", "agent", PASSWORD)
    with live_server(create_app(settings, service)) as url:
        yield url, item.feedback.id
    repo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh to install Debian's chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_sign_in_redraft_with_csrf_and_sign_out(browser: Browser, server: tuple[str, int]) -> None:
    base_url, item_id = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))

    page.goto(f"{base_url}/feedback/{item_id}")
    page.wait_for_url(f"**/login?next={quote(f'/feedback/{item_id}', safe='/')}")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("login-error")).to_have_text("Wrong username or password.")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/feedback/{item_id}")
    expect(page.get_by_test_id("username")).to_have_text("ana")
    expect(page.get_by_test_id("text")).to_have_text(TEXT)

    # The redraft is a fetch() POST to the API on the session cookie: it works only with the CSRF header.
    panel = page.get_by_test_id("reply-panel")
    before = panel.get_by_test_id("reply-text").input_value()
    with page.expect_response("**/api/v1/replies/draft") as answer:
        panel.locator("select[name=channel]").select_option("social")
    assert answer.value.status == 200
    expect(panel.get_by_test_id("reply-status")).to_have_text("New draft")
    assert panel.get_by_test_id("reply-text").input_value() != before

    page.get_by_test_id("logout").click()
    page.wait_for_url("**/login")
    page.goto(f"{base_url}/overview")
    page.wait_for_url("**/login?next=/overview")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert off_machine(seen) == []
    context.close()
