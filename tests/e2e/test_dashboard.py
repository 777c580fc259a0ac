"""The dashboard in a real Chromium (Playwright) against a real uvicorn server.

The browser is Debian's /usr/bin/chromium, never a downloaded one: run
``scripts/ensure-chromium.sh`` once if it is missing (these tests fail, not skip, without it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import (
    EKMAN_LABELS,
    GOEMOTIONS_LABELS,
    Analysis,
    Cause,
    Feedback,
    JourneyStage,
    LabelScores,
    Need,
    Risk,
)
from empathica.services import Empathica
from empathica.storage import open_repository
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, off_machine
from helpers.live_server import live_server

pytestmark = pytest.mark.e2e

#: (text, channel, fine label, Ekman label, sentiment, valence)
ITEMS = [
    (
        "The package arrived crushed and support ignored me for a week.",
        "email",
        "annoyance",
        "anger",
        "negative",
        -0.7,
    ),
    ("Thank you! The new app is so much faster.", "review", "gratitude", "joy", "positive", 0.8),
    ("I'm worried my card was charged twice.", "chat", "nervousness", "fear", "negative", -0.4),
    (
        "Absolutely furious that my order was cancelled without notice.",
        "email",
        "anger",
        "anger",
        "negative",
        -0.9,
    ),
    (
        "Lovely staff at the Leeds store, very patient with my mum.",
        "survey",
        "admiration",
        "joy",
        "positive",
        0.7,
    ),
    ("Oh, I didn't know you had a loyalty scheme.", "chat", "surprise", "surprise", "neutral", 0.1),
    ("Sad to see the old plan go, it suited me.", "survey", "sadness", "sadness", "negative", -0.4),
]


def _at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _reasons(analysis: Analysis) -> Analysis:
    """Causes, a need, a stage and a risk for the first item (crushed parcel, ignored by support)."""
    text = analysis.text
    analysis.causes = [
        Cause("delivery", 0.83, "arrived crushed", *_at(text, "arrived crushed"), ["annoyance"]),
        Cause("lack_of_interaction", 0.77, "support ignored me", *_at(text, "support ignored me"), ["anger"]),
    ]
    analysis.needs = [Need("to_be_heard", 0.7, "ignored me for a week", *_at(text, "ignored me for a week"))]
    analysis.stage = JourneyStage("after", 0.8, "The package arrived")
    analysis.risk = Risk(0.2, 40, 0.9, 0.7, "urgent", ["no reply for a week", "strong anger"])
    return analysis


def _scores(selected: str, labels: tuple[str, ...]) -> LabelScores:
    scores = {label: 0.02 + 0.01 * (i % 4) for i, label in enumerate(labels)}
    scores[selected] = 0.88
    return LabelScores([selected], scores)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("e2e")
    settings = Settings(data_dir=data, database_url=f"sqlite:///{data / 'e2e.db'}")
    repo = open_repository(settings.sqlalchemy_url)
    start = datetime(2026, 2, 2, 9, tzinfo=UTC)
    repo.add_feedback(
        [
            Feedback(
                source="e2e",
                external_id=f"e{i}",
                text=text,
                channel=channel,
                created_at=start + timedelta(days=4 * i),
            )
            for i, (text, channel, *_) in enumerate(ITEMS)
        ]
    )
    analyses = []
    for i, (text, _, fine, ekman, sentiment, valence) in enumerate(ITEMS):
        item = repo.find_item("e2e", f"e{i}")
        assert item is not None and item.feedback.id is not None
        analysis = Analysis(
            id=f"e{i}",
            text=text,
            emotions=_scores(fine, GOEMOTIONS_LABELS),
            ekman=_scores(ekman, EKMAN_LABELS),
            sentiment=sentiment,
            valence=valence,
            intensity=abs(valence),
            model_version="e2e-hand",
        )
        analyses.append((item.feedback.id, _reasons(analysis) if i == 0 else analysis))
    repo.save_analyses(analyses)

    app = create_app(settings, Empathica(settings, repository=repo))
    with live_server(app) as url:
        yield url
    repo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh to install Debian's chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def seen_urls() -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, seen_urls: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.on("request", lambda request: seen_urls.append(request.url))
    yield tab
    context.close()


def test_list_shows_chips(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/feedback")
    expect(page.locator("tr.feedback-row")).to_have_count(len(ITEMS))
    newest = page.locator("tr.feedback-row").first
    expect(newest.locator(".chip.primary")).to_have_text("sadness")
    expect(page.locator(".chip.primary.fam-anger")).to_have_count(2)
    expect(page.locator('.chip[title^="annoyance"]')).to_have_attribute("title", "annoyance 0.88")
    expect(page.get_by_text(f"Showing 1–{len(ITEMS)} of {len(ITEMS)} items").first).to_be_visible()


def test_filter_by_emotion_narrows_the_list(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/feedback")
    page.select_option("select[name=emotion]", "anger")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(lambda url: "emotion=anger" in url)
    rows = page.locator("tr.feedback-row")
    expect(rows).to_have_count(2)
    for i in range(2):
        expect(rows.nth(i).locator(".chip.primary")).to_have_text("anger")
    page.select_option("select[name=channel]", "email")
    page.fill("input[name=q]", "furious")
    page.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Absolutely furious")


def test_clicking_an_item_opens_its_analysis(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/feedback")
    page.get_by_role("link", name="Thank you! The new app is so much faster.").click()
    page.wait_for_url("**/feedback/*")
    expect(page.get_by_test_id("text")).to_have_text(ITEMS[1][0])
    expect(page.locator("[data-testid=emotion-bars] li")).to_have_count(len(GOEMOTIONS_LABELS))
    expect(page.locator("[data-testid=emotion-bars] li.selected .bar-label")).to_have_text("gratitude")
    expect(page.locator("[data-testid=ekman-bars] li.selected .bar-label")).to_have_text("joy")
    expect(page.locator("svg.gauge")).to_be_visible()
    page.get_by_role("link", name="← All feedback").click()
    page.wait_for_url("**/feedback")


def test_item_page_shows_the_why_chain(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/feedback")
    flagged = page.locator("tr.feedback-row", has_text=ITEMS[0][0])
    expect(flagged.locator(".prio")).to_have_text("urgent")
    expect(flagged.locator(".cause-chip")).to_have_text("delivery")
    flagged.locator("a.item-link").click()
    page.wait_for_url("**/feedback/*")
    expect(page.get_by_test_id("text")).to_have_text(ITEMS[0][0])  # highlighting keeps the text whole
    chain = page.get_by_test_id("chain")
    expect(chain).to_be_visible()
    causes = chain.get_by_test_id("cause")
    expect(causes).to_have_count(2)
    expect(causes.first).to_contain_text("delivery")
    expect(causes.nth(1)).to_contain_text("lack of interaction")
    expect(chain.get_by_test_id("need")).to_contain_text("to be heard")
    expect(page.get_by_test_id("stage")).to_contain_text("after")
    expect(page.get_by_test_id("risk").get_by_test_id("priority")).to_have_text("urgent")
    expect(page.locator("mark.hl-pain", has_text="arrived crushed")).to_be_visible()

    # hovering a cause lights up exactly its words; clicking pins it
    its_marks = page.locator('mark[data-spans~="c1"]')
    expect(its_marks.first).not_to_have_class(re.compile(r"\bactive\b"))
    causes.nth(1).hover()
    for i in range(its_marks.count()):
        expect(its_marks.nth(i)).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator('mark[data-spans~="c0"]')).not_to_have_class(re.compile(r"\bactive\b"))
    assert "".join(its_marks.all_text_contents()) == "support ignored me"
    causes.nth(1).click()
    page.mouse.move(0, 0)
    expect(its_marks.first).to_have_class(re.compile(r"\bpinned\b"))
    expect(causes.nth(1)).to_have_attribute("aria-pressed", "true")


def test_overview_draws_the_charts(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.wait_for_url("**/overview")
    expect(page.get_by_test_id("total")).to_have_text(str(len(ITEMS)))
    chart = page.locator("#emotion-chart svg.chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect.seg").count() >= len(ITEMS) - 1  # items sharing a week and emotion stack
    expect(page.locator("#emotion-chart .legend li")).to_have_count(len({i[3] for i in ITEMS}))
    expect(page.locator("#channel-chart svg.chart")).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100


def test_no_request_leaves_the_machine(page: Page, base_url: str, seen_urls: list[str]) -> None:
    for path in ("/overview", "/feedback", "/feedback?emotion=joy", "/quarantine", "/docs"):
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{base_url}/feedback")
    page.locator("a.item-link").first.click()
    page.wait_for_load_state("networkidle")
    assert len(seen_urls) > 5
    assert off_machine(seen_urls) == []


def _open_first_item(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/feedback")
    page.locator("tr.feedback-row", has_text=ITEMS[0][0]).locator("a.item-link").click()
    page.wait_for_url("**/feedback/*")


def test_suggested_reply_can_be_redrafted_and_copied(browser: Browser, base_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    _open_first_item(page, base_url)
    panel = page.get_by_test_id("reply-panel")
    expect(panel.get_by_test_id("grounding")).to_contain_text("delivery")
    draft = panel.get_by_test_id("reply-text")
    email_text = draft.input_value()
    assert len(email_text) > 80
    panel.locator("select[name=channel]").select_option("social")
    expect(panel.get_by_test_id("reply-status")).to_have_text("New draft")
    social_text = draft.input_value()
    assert social_text != email_text and len(social_text) <= 280
    panel.get_by_test_id("copy-reply").click()
    expect(panel.get_by_test_id("reply-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == social_text
    context.close()


def test_check_my_reply_flags_what_is_missing_as_you_type(page: Page, base_url: str) -> None:
    _open_first_item(page, base_url)
    coach = page.get_by_test_id("coach-panel")
    box = coach.get_by_test_id("coach-input")
    box.press_sequentially("Please see our delivery policy.", delay=5)
    verdict = coach.get_by_test_id("coach-verdict")
    expect(verdict).to_be_visible(timeout=20_000)  # the first check loads the model
    expect(coach.locator('li[data-behaviour="apologises"]')).to_have_class(re.compile(r"\bmissing\b"))
    expect(coach.get_by_test_id("coach-tips").locator("li").first).to_be_visible()
    cold = int(coach.get_by_test_id("coach-score").inner_text())

    page.get_by_test_id("use-reply").click()  # the suggested draft, checked by the same coach
    expect(coach.get_by_test_id("coach-input")).not_to_have_value("Please see our delivery policy.")
    expect(verdict).not_to_have_attribute("data-score", str(cold), timeout=20_000)
    warm = int(coach.get_by_test_id("coach-score").inner_text())
    assert warm > cold
    expect(coach.locator('li[data-behaviour="next_step"]')).to_have_class(re.compile(r"\bok\b"))
