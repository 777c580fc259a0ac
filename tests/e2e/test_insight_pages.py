"""Personas, empathy maps, themes and sentence spans in a real Chromium against a real uvicorn.

The store is built by hand: 57 analysed customer items from 20 people over the two weeks up to
``END``, stored themes with every item placed, and no model. Three kinds of people write:

* eight delivery complainers (``d*``), three items each in the first week and one in the last,
  where each asks to cancel and get a refund (a new "says & does" entry on their map);
* six grateful shoppers (``g*``) praising store staff, first week only;
* six worried customers (``s*``) charged twice, last week only (a new persona and a new theme).

``model_dir`` names a folder that does not exist, so a page that tried to load the model would
fail instead of quietly spending a minute loading it.

The browser is Debian's /usr/bin/chromium, never a downloaded one: run
``scripts/ensure-chromium.sh`` once if it is missing (these tests fail, not skip, without it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import Analysis, Cause, EmotionSpan, Feedback, Need, PersonKind, Theme
from empathica.services import Empathica
from empathica.storage import open_repository
from helpers.analyses import hand_analysis, span_of
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, off_machine
from helpers.live_server import live_server

pytestmark = pytest.mark.e2e

#: The last day of the data; "last week" is 25 to 31 May, the week before it 18 to 24 May.
END = datetime(2026, 5, 31, 12, tzinfo=UTC)
ASOF = END.date().isoformat()

#: First-week texts of the delivery complainers: each cues a section of the map.
HEARD = "My friend told me your couriers are careless, and now my parcel came late and crushed."
SEEN = "The app is easy to use, but I saw on the tracking page that it was delivered and nothing came."
WAITING = "Your driver told me it would come on Monday and I am still waiting for my parcel."
#: Their last-week text: cancelling and a refund are new on their map.
CANCEL = "I want to cancel my order and get a refund, the parcel never came."
STAFF = "The staff in the store were lovely and so helpful, thank you."
TILL = "Thank you to the lady at the till who sorted my problem in minutes."
CHARGED = "I am worried my card was charged twice, please check my account."
NO_ANSWER = "Still no answer about the double charge on my card and it makes me nervous."
#: A long message whose feelings change sentence by sentence (the stored analysis has spans).
SENTENCES = (
    "Thank you for fixing my order so quickly last month.",
    "Today the parcel arrived broken and I am really angry about it.",
    "I worry that the next one will break too.",
)
LONG = " ".join(SENTENCES)
SPAN_LABELS = (["gratitude"], ["anger", "annoyance"], ["nervousness", "fear"])


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    person: str
    text: str
    when: datetime
    plan: str
    theme: str


def rows() -> list[Row]:
    out: list[Row] = []
    for p in range(8):
        plan = "pro" if p < 2 else "free"  # two of the complainers pay for the pro plan
        for j, text in enumerate((HEARD, SEEN, WAITING)):
            when = END - timedelta(days=13 - (p + j) % 6, hours=p)
            out.append(Row(f"d{p}-{j}", f"D{p}", text, when, plan, "T1"))
        out.append(Row(f"d{p}-late", f"D{p}", CANCEL, END - timedelta(days=p % 6, hours=2), plan, "T1"))
    for p in range(6):
        for j, text in enumerate((STAFF, TILL)):
            out.append(Row(f"g{p}-{j}", f"G{p}", text, END - timedelta(days=12 - p, hours=j), "pro", "T2"))
        for j, text in enumerate((CHARGED, NO_ANSWER)):
            out.append(Row(f"s{p}-{j}", f"S{p}", text, END - timedelta(days=p, hours=3 + j), "pro", "T3"))
    out.append(Row("g0-long", "G0", LONG, END - timedelta(days=10), "pro", "T2"))
    return out


#: What each text was read as: (emotion, Ekman emotion, valence, causes as (label, words, polarity),
#: need as (label, words) or None). Written by hand, so every figure on the pages follows from it.
READINGS: dict[str, tuple[str, str, float, list[tuple[str, str, str]], tuple[str, str] | None]] = {
    HEARD: ("annoyance", "anger", -0.7, [("delivery", "came late and crushed", "pain")],
            ("fast_resolution", "came late and crushed")),
    SEEN: ("annoyance", "anger", -0.7,
           [("delivery", "nothing came", "pain"), ("app", "easy to use", "gain")],
           ("fast_resolution", "nothing came")),
    WAITING: ("annoyance", "anger", -0.7, [("delivery", "still waiting for my parcel", "pain")],
              ("fast_resolution", "still waiting")),
    CANCEL: ("annoyance", "anger", -0.7,
             [("delivery", "never came", "pain"), ("refund", "get a refund", "pain")],
             ("fast_resolution", "cancel my order")),
    STAFF: ("gratitude", "joy", 0.8, [("staff", "lovely and so helpful", "gain")], None),
    TILL: ("gratitude", "joy", 0.8, [("staff", "sorted my problem", "gain")], None),
    LONG: ("gratitude", "joy", 0.6, [("staff", "fixing my order so quickly", "gain")], None),
    CHARGED: ("fear", "fear", -0.5, [("billing", "charged twice", "pain")],
              ("reassurance", "check my account")),
    NO_ANSWER: ("nervousness", "fear", -0.5, [("billing", "double charge", "pain")],
                ("reassurance", "no answer")),
}  # fmt: skip


def analysis_of(text: str) -> Analysis:
    emotion, ekman, valence, causes, need = READINGS[text]
    a = hand_analysis(text, emotion, ekman, "positive" if valence > 0 else "negative", valence)
    a.causes = [
        Cause(label, 0.8, words, *span_of(text, words), [emotion], pol) for label, words, pol in causes
    ]
    a.needs = [Need(need[0], 0.7, need[1], *span_of(text, need[1]))] if need else []
    if text == LONG:
        a.spans = [
            EmotionSpan(sentence, *span_of(text, sentence), list(labels), 0.9)
            for sentence, labels in zip(SENTENCES, SPAN_LABELS, strict=True)
        ]
    return a


THEMES = {
    "T1": ("Late and damaged deliveries", "pain", ["parcel", "courier"]),
    "T2": ("Helpful store staff", "gain", ["staff", "thank"]),
    "T3": ("Double charges", "pain", ["charge", "card"]),
}


@dataclass(frozen=True, slots=True)
class Store:
    url: str
    ids: dict[str, int]  # stored id by row key


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    data = tmp_path_factory.mktemp("insights")
    settings = Settings(
        data_dir=data,
        database_url=f"sqlite:///{data / 'insights.db'}",
        model_dir=str(data / "no-model-here"),  # loading the model would fail the page
    )
    repo = open_repository(settings.sqlalchemy_url)
    table = rows()
    repo.add_feedback(
        [
            Feedback(
                source="e2e",
                external_id=r.key,
                text=r.text,
                channel="email",
                created_at=r.when,
                person_id=r.person,
                person_kind=PersonKind.CUSTOMER,
                metadata={"plan": r.plan},
            )
            for r in table
        ]
    )
    ids: dict[str, int] = {}
    for r in table:
        item = repo.find_item("e2e", r.key)
        assert item is not None and item.feedback.id is not None
        ids[r.key] = item.feedback.id
    repo.save_analyses([(ids[r.key], analysis_of(r.text)) for r in table])
    sizes = {key: sum(r.theme == key for r in table) for key in THEMES}
    themes = [
        Theme(
            id=key, label=label, keywords=words, polarity=polarity, size=sizes[key], score=float(sizes[key]),
            intensity=0.6, examples=[str(ids[r.key]) for r in table if r.theme == key][:2],
            centroid=(1.0, 0.0), threshold=0.4,
        )
        for key, (label, polarity, words) in THEMES.items()
    ]  # fmt: skip
    repo.insights.save_themes(themes, {ids[r.key]: r.theme for r in table}, rebuild=True)
    app = create_app(settings, Empathica(settings, repository=repo))
    with live_server(app) as url:
        yield Store(url, ids)
    repo.close()


@pytest.fixture(scope="module")
def seen_urls() -> list[str]:
    """Every URL the browser asked for in this module (the off-machine check reads it last)."""
    return []


@pytest.fixture(scope="module")
def context(seen_urls: list[str]) -> Iterator[BrowserContext]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh to install Debian's chromium")
    with sync_playwright() as pw:
        browser: Browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        shared = browser.new_context(viewport={"width": 1280, "height": 900})
        shared.on("request", lambda request: seen_urls.append(request.url))
        yield shared
        shared.close()
        browser.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    tab = context.new_page()
    yield tab
    tab.close()


def hrefs(links: Locator) -> list[str]:
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def ids_of(store: Store, prefix: str, texts: tuple[str, ...] | None = None) -> set[str]:
    """The stored ids (as the pages link them) of the rows whose key starts with ``prefix``."""
    return {
        str(store.ids[r.key])
        for r in rows()
        if r.key.startswith(prefix) and (texts is None or r.text in texts)
    }


def test_persona_cards_and_a_new_persona_since_last_week(page: Page, store: Store) -> None:
    page.goto(f"{store.url}/personas?asof={ASOF}")
    cards = page.get_by_test_id("persona")
    expect(cards).to_have_count(3)
    people = [int(n) for n in re.findall(r"(\d+) people", " ".join(cards.locator(".pill").all_inner_texts()))]
    assert people == [8, 6, 6]  # everyone is in one persona, the largest first
    expect(cards.locator("h2")).to_have_text(
        ["P1 The Irked Chaser", "P2 The Grateful Loyalist", "P3 The Anxious Worrier"]
    )
    expect(cards.first.get_by_test_id("persona-map")).to_have_attribute(
        "href", "/map?persona=P1&kind=customer"
    )
    quotes = cards.nth(0).locator(".theme-examples a")
    assert quotes.count() > 0 and {h.removeprefix("/feedback/") for h in hrefs(quotes)} <= ids_of(store, "d")

    panel = page.get_by_test_id("changes")
    expect(panel.get_by_role("heading")).to_have_text("What changed since last week")
    expect(panel).to_contain_text("Since 2026-05-24: 20 new items (37 → 57)")
    expect(panel.get_by_test_id("quiet-hint")).to_have_count(0)
    new = panel.get_by_test_id("change-new")
    expect(new).to_have_count(1)  # the worried customers, who only wrote last week
    expect(new).to_contain_text("6 people (30%)")
    worried = ids_of(store, "s")
    evidence = new.locator("a[href^='/feedback/']")
    assert evidence.count() >= 4 and {h.removeprefix("/feedback/") for h in hrefs(evidence)} <= worried
    fear = new.locator("li", has_text="new emotion: fear")
    expect(fear).to_contain_text("0% → 50% of their items")
    first = fear.locator("a").first
    target = (first.get_attribute("href") or "").removeprefix("/feedback/")
    first.click()
    page.wait_for_url(f"**/feedback/{target}")
    expect(page.get_by_test_id("text")).to_have_text(CHARGED)  # the fear, not the nervousness
    expect(page.locator("h1")).to_have_text(f"Feedback #{target}")


#: Each section of the complainers' map, and an entry their words put there.
SECTIONS = {
    "thinks_feels": "Feel annoyed, but don't say it",
    "says_does": "Wait and chase",
    "hears": "Friends & family: My friend told me",
    "sees": "Website & app: The app is easy to use",
    "pains": "Delivery",
    "gains": "App",
}


def test_a_personas_map_opens_onto_its_evidence_and_what_changed(page: Page, store: Store) -> None:
    page.goto(f"{store.url}/personas")
    page.get_by_test_id("persona").first.get_by_test_id("persona-map").click()
    page.wait_for_url("**/map?persona=P1&kind=customer")
    expect(page.get_by_test_id("map-person")).to_contain_text("The Irked Chaser")
    expect(page.get_by_test_id("map-person")).to_contain_text("32 items")
    expect(page.locator(".empathy-map .map-cell")).to_have_count(len(SECTIONS))
    for name, entry in SECTIONS.items():
        expect(page.get_by_test_id(f"map-{name}").locator("summary", has_text=entry).first).to_be_visible()

    heard = page.get_by_test_id("map-hears").locator("details", has_text="Friends & family")
    evidence = heard.get_by_test_id("evidence")
    expect(evidence).to_be_hidden()
    heard.locator("summary").click()
    expect(evidence).to_be_visible()
    quoted = evidence.locator("li:not(.muted) a")
    expect(quoted).to_have_count(5)  # five quoted, the other three by number
    expect(evidence.locator("li.muted a")).to_have_count(3)
    said = ids_of(store, "d", (HEARD,))
    assert {h.removeprefix("/feedback/") for h in hrefs(evidence.locator("a"))} == said
    expect(quoted.first).to_have_text(HEARD)
    quoted.first.click()
    page.wait_for_url(re.compile(r"/feedback/\d+$"))
    expect(page.get_by_test_id("text")).to_have_text(HEARD)
    page.go_back()

    # The data ends months before today: the panel offers the week the data ends with.
    changes = page.get_by_test_id("changes")
    hint = changes.get_by_test_id("quiet-hint")
    expect(hint).to_contain_text("the newest is from 2026-05-31")
    hint.get_by_role("link").click()
    page.wait_for_url(f"**/map?persona=P1&kind=customer&asof={ASOF}")
    changes = page.get_by_test_id("changes")
    expect(changes).to_contain_text("Since 2026-05-24: 8 new items (24 → 32)")
    cancel = changes.get_by_test_id("change-new").filter(has_text="Says & does: Cancel")
    expect(cancel).to_contain_text("0% → 25%")
    listed = {h.removeprefix("/feedback/") for h in hrefs(cancel.locator("a"))}
    assert len(listed) == 5 and listed <= ids_of(store, "d", (CANCEL,))  # the first five of eight
    expect(changes.get_by_test_id("change-new").filter(has_text="Pains: Refund")).to_have_count(1)


def theme_sizes(page: Page) -> dict[str, int]:
    cards = page.get_by_test_id("theme")
    out = {}
    for i in range(cards.count()):
        card = cards.nth(i)
        out[card.get_attribute("data-theme") or ""] = int(card.locator(".theme-stats strong").inner_text())
    return out


def test_themes_narrow_to_a_segment_and_show_a_new_theme(page: Page, store: Store) -> None:
    page.goto(f"{store.url}/themes?until={ASOF}")
    expect(page.get_by_test_id("theme")).to_have_count(3)
    assert theme_sizes(page) == {"T1": 32, "T2": 13, "T3": 12}
    changes = page.get_by_test_id("theme-changes")
    expect(changes).to_contain_text("2026-05-25 to 2026-06-01")
    expect(changes).to_contain_text("20 new items, 20 placed in a theme")
    items = changes.locator(".change-list li")
    expect(items.filter(has=page.locator(".pill", has_text="new"))).to_have_text(
        "new T3 Double charges: 12 items"
    )
    expect(items.filter(has_text="shrinking").filter(has_text="T1")).to_contain_text("24 → 8 items")

    form = page.get_by_test_id("segment-form")
    form.locator("input[name=segment]").fill("plan=pro")
    form.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "segment=plan%3Dpro" in url and f"until={ASOF}" in url)
    expect(page.locator("p.muted.small", has_text="Segment plan=pro")).to_contain_text("33 items, 3 themes")
    assert theme_sizes(page) == {"T1": 8, "T2": 13, "T3": 12}  # only two complainers are on pro
    expect(page.locator('[data-theme="T1"] .theme-stats')).to_contain_text("8 items (24%)")
    expect(page.get_by_test_id("theme-changes")).to_contain_text("new T3 Double charges")


def test_a_quiet_week_points_to_the_week_the_data_ends(page: Page, store: Store) -> None:
    page.goto(f"{store.url}/personas")
    panel = page.get_by_test_id("changes")
    expect(panel).to_contain_text(": 0 new items (57 → 57)")
    expect(panel.get_by_test_id("change-new")).to_have_count(0)
    hint = panel.get_by_test_id("quiet-hint")
    expect(hint).to_contain_text("No feedback is dated in these 7 days; the newest is from 2026-05-31.")
    hint.get_by_role("link", name="See the 7 days up to 2026-05-31").click()
    page.wait_for_url(f"**/personas?asof={ASOF}")
    panel = page.get_by_test_id("changes")
    expect(panel.get_by_test_id("quiet-hint")).to_have_count(0)
    expect(panel).to_contain_text("20 new items (37 → 57)")
    expect(panel.get_by_test_id("change-new")).to_have_count(1)


def test_a_long_item_reads_sentence_by_sentence(page: Page, store: Store) -> None:
    page.goto(f"{store.url}/feedback/{store.ids['g0-long']}")
    expect(page.get_by_test_id("text")).to_have_text(LONG)
    spans = page.get_by_test_id("spans")
    expect(spans.get_by_role("heading")).to_have_text("Sentence by sentence")
    sentences = spans.locator("li")
    expect(sentences).to_have_count(len(SENTENCES))
    for i, (sentence, labels) in enumerate(zip(SENTENCES, SPAN_LABELS, strict=True)):
        row = sentences.nth(i)
        expect(row.locator("q")).to_have_text(sentence)
        chips = row.locator(".chip")
        expect(chips).to_have_text(labels)
        for j, label in enumerate(labels):
            expect(chips.nth(j)).to_have_attribute("data-label", label)
            expect(chips.nth(j)).to_have_class(re.compile(r"\bfam-[a-z]+\b"))
    assert "fam-joy" in (sentences.nth(0).locator(".chip").get_attribute("class") or "")
    assert "fam-fear" in (sentences.nth(2).locator(".chip").last.get_attribute("class") or "")


def test_no_request_leaves_the_machine(page: Page, store: Store, seen_urls: list[str]) -> None:
    paths = (
        f"/personas?asof={ASOF}",
        f"/map?persona=P1&kind=customer&asof={ASOF}",
        f"/themes?segment=plan%3Dpro&until={ASOF}",
        f"/feedback/{store.ids['g0-long']}",
    )
    for path in paths:
        page.goto(f"{store.url}{path}")
        page.wait_for_load_state("networkidle")
    assert sum(urlsplit(u).path.startswith("/static/") for u in seen_urls) > 0  # assets were fetched
    assert len(seen_urls) > len(paths)
    assert off_machine(seen_urls) == []
