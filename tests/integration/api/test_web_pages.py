"""The dashboard's HTML pages, rendered over a real database."""

from __future__ import annotations

import re
from html import unescape as html_unescape

from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import (
    Analysis,
    Cause,
    EmotionSpan,
    Feedback,
    JourneyStage,
    LabelScores,
    Need,
    Rejected,
    ThreadStage,
)
from empathica.services import Empathica


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="feedback-row" data-id="(\d+)"', html)


def test_root_redirects_to_overview(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code in (302, 307)
    assert r.headers["location"] == "/overview"


def test_feedback_list_shows_chips_and_filters(client: TestClient, seeded: dict[str, int]) -> None:
    html = client.get("/feedback").text
    assert rows(html) == [str(seeded[k]) for k in ("a4", "a3", "a2", "a1")]
    assert 'class="chip fam-anger primary" title="anger 0.91"' in html
    assert 'class="chip fam-sadness" title="disappointment 0.91"' in html
    assert "not analysed" in html
    assert re.findall(r'<option value="(\w+)" >', html)[:2] == ["chat", "email"]  # channel select
    assert "Showing 1–4 of 4" in html

    narrowed = client.get("/feedback", params={"emotion": "joy"}).text
    assert rows(narrowed) == [str(seeded["a2"])]
    assert '<option value="joy" selected>' in narrowed


def test_bad_filters_are_explained_not_fatal(client: TestClient, seeded: dict[str, int]) -> None:
    r = client.get("/feedback", params={"since": "last week", "emotion": "hangry", "page": "x"})
    assert r.status_code == 200
    assert "is not a date" in r.text and "Unknown emotion" in r.text and "not a page number" in r.text
    assert len(rows(r.text)) == 4


def test_empty_state_with_filters(client: TestClient, seeded: dict[str, int]) -> None:
    html = client.get("/feedback", params={"q": "no such words here"}).text
    assert rows(html) == [] and "No feedback matches these filters" in html


def test_pagination_links_keep_filters(
    settings: Settings, service: Empathica, seeded: dict[str, int]
) -> None:
    small = settings.with_(page_size=2)
    with TestClient(create_app(small, service)) as client:
        first = client.get("/feedback", params={"channel": "email"}).text
        assert "Showing 1–2 of 2" in first
        everything = client.get("/feedback").text
        assert "Showing 1–2 of 4" in everything
        assert 'href="/feedback?page=2" rel="next"' in everything
        second = client.get("/feedback", params={"page": 2}).text
        assert "Showing 3–4 of 4" in second and rows(second) == [str(seeded["a2"]), str(seeded["a1"])]
        filtered = client.get("/feedback", params={"q": "the", "page": 1}).text
        assert 'href="/feedback?q=the&amp;page=2"' in filtered


def test_detail_page(client: TestClient, seeded: dict[str, int]) -> None:
    html = client.get(f"/feedback/{seeded['a3']}").text
    assert "I am furious about the double charge." in html
    assert html.count('class="bar-row') == 28 + 7
    assert html.count('class="bar-row selected"') == 2
    assert 'aria-label="valence -0.90"' in html
    assert "hand-1" in html


def marks(html: str) -> list[tuple[str, str, str]]:
    """(classes, span keys, text) of every evidence mark in the item's text."""
    text = html.split('data-testid="text">', 1)[1].split("</blockquote>", 1)[0]
    return re.findall(r'<mark class="([^"]+)" data-spans="([^"]+)" title="[^"]*">(.*?)</mark>', text, re.S)


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def store_analysed(
    service: Empathica,
    text: str,
    causes: list[Cause],
    needs: list[Need],
    spans: list[EmotionSpan] | None = None,
    external_id: str = "x1",
) -> int:
    service.repo.add_feedback([Feedback(source="test", external_id=external_id, text=text, channel="chat")])
    item = service.repo.find_item("test", external_id)
    assert item is not None and item.feedback.id is not None
    analysis = Analysis(
        id=None,
        text=text,
        emotions=LabelScores(["anger"], {"anger": 0.9, "neutral": 0.1}),
        ekman=LabelScores(["anger"], {"anger": 0.9, "neutral": 0.1}),
        sentiment="negative",
        valence=-0.8,
        intensity=0.8,
        causes=causes,
        needs=needs,
        spans=spans or [],
    )
    service.repo.save_analyses([(item.feedback.id, analysis)])
    return item.feedback.id


def test_detail_highlights_overlapping_evidence(client: TestClient, seeded: dict[str, int]) -> None:
    html = client.get(f"/feedback/{seeded['a1']}").text
    # causes c0 "arrived broken", c1 "broken and nobody answers"; need n0 "nobody answers" inside c1
    assert marks(html) == [
        ("hl hl-pain", "c0", "arrived "),
        ("hl hl-pain", "c0 c1", "broken"),
        ("hl hl-pain", "c1", " and "),
        ("hl hl-need hl-pain", "c1 n0", "nobody answers"),
    ]
    shown = html.split('data-testid="text">', 1)[1].split("</blockquote>", 1)[0]
    assert re.sub(r"<[^>]+>", "", shown) == "The parcel arrived broken and nobody answers."


def test_detail_shows_the_why_chain_stage_and_risk(client: TestClient, seeded: dict[str, int]) -> None:
    html = client.get(f"/feedback/{seeded['a1']}").text
    chain = html.split('data-testid="chain"', 1)[1].split("</section>", 1)[0]
    feels, because, needs = re.split(r"<h3>", chain)[1:]
    assert (
        feels.startswith("Feels")
        and 'data-label="disappointment"' in feels
        and 'data-label="annoyance"' in feels
    )
    cause_labels = re.findall(r'<span class="reason-label">([^<]+)</span>', because)
    assert cause_labels == ["product quality", "lack of interaction"]  # strongest first, made readable
    assert because.count('<span class="badge pol-badge pol-pain">pain</span>') == 2
    assert '<q class="evidence">broken and nobody answers</q>' in because and "0.74" in because
    assert re.findall(r'<span class="reason-label">([^<]+)</span>', needs) == ["to be heard"]
    assert '<q class="evidence">nobody answers</q>' in needs
    assert re.search(
        r'class="badge stage-after"[^>]*>after</span>\s*<q class="small">The parcel arrived</q>', html
    )

    risk = html.split('data-testid="risk"', 1)[1].split("</section>", 1)[0]
    assert 'data-testid="priority">high</span>' in risk
    widths = dict(re.findall(r'data-risk="(\w+)">.*?width: ([\d.]+)%', risk, re.S))
    assert widths == {"amplification": "35.0", "urgency": "80.0", "churn": "60.0"}
    assert '<strong data-testid="reach">1,250</strong>' in risk
    assert re.findall(r"<li>([^<]+)</li>", risk) == ["strong disappointment", "no reply from the company"]
    assert '<script src="/static/reasons.js" defer></script>' in html
    assert client.get("/static/reasons.js").status_code == 200


def test_user_text_is_escaped_inside_highlights(client: TestClient, service: Empathica) -> None:
    text = 'Your agent wrote <script>alert("x")</script> & hung up on me.'
    evil = '<script>alert("x")</script>'
    fid = store_analysed(
        service,
        text,
        [Cause("<b>staff</b>", 0.9, evil, *span_of(text, evil), ["anger"])],
        [Need("respect", 0.5, "& hung up", *span_of(text, "& hung up"))],
    )
    html = client.get(f"/feedback/{fid}").text
    assert "<script>alert" not in html and "<b>staff</b>" not in html
    assert marks(html) == [
        ("hl hl-pain", "c0", "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"),
        ("hl hl-need", "n0", "&amp; hung up"),
    ]
    assert '<q class="evidence">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</q>' in html
    assert '<span class="reason-label">&lt;b&gt;staff&lt;/b&gt;</span>' in html


def test_detail_lists_each_sentences_feelings(client: TestClient, service: Empathica) -> None:
    thanks, worry = "Thanks for last time <3.", "Now I fear I lose my money & trip."
    text = f"{thanks} {worry}"
    spans = [
        EmotionSpan(thanks, *span_of(text, thanks), ["gratitude"], 0.95),
        EmotionSpan(worry, *span_of(text, worry), ["fear", "nervousness"], 0.7),
    ]
    fid = store_analysed(service, text, [], [], spans)
    html = client.get(f"/feedback/{fid}").text
    block = html.split('data-testid="spans"', 1)[1].split("</ol>", 1)[0]
    quoted = re.findall(r"<q>(.*?)</q>", block)
    assert quoted == ["Thanks for last time &lt;3.", "Now I fear I lose my money &amp; trip."]
    assert re.findall(r'data-label="([a-z]+)"', block) == ["gratitude", "fear", "nervousness"]
    short = store_analysed(service, "Rude again.", [], [], external_id="x2")
    assert 'data-testid="spans"' not in client.get(f"/feedback/{short}").text


def test_stale_offsets_fall_back_to_the_quoted_words(client: TestClient, service: Empathica) -> None:
    text = "Nobody called me back. The refund is still missing."
    fid = store_analysed(
        service,
        text,
        [
            Cause("lack_of_interaction", 0.8, "Nobody called me back", 30, 51),  # offsets of another text
            Cause("billing_payment", 0.6, "words that are not in the text", 0, 5),
        ],
        [Need("fast_resolution", 0.7, "", 23, 33)],  # no quote: the offsets alone are trusted
    )
    html = client.get(f"/feedback/{fid}").text
    assert marks(html) == [("hl hl-pain", "c0", "Nobody called me back"), ("hl hl-need", "n0", "The refund")]
    assert html.count('data-testid="cause"') == 2 and html.count("data-unplaced") == 1


def test_detail_without_reasons_still_renders(client: TestClient, seeded: dict[str, int]) -> None:
    r = client.get(f"/feedback/{seeded['a2']}")
    assert r.status_code == 200
    assert 'data-testid="no-reasons"' in r.text and "Thank you, the agent was lovely!" in r.text
    assert (
        "<mark" not in r.text and 'data-testid="risk"' not in r.text and 'data-testid="stage"' not in r.text
    )
    assert html_unescape(r.text).count('class="bar-row selected"') == 2  # the emotion panels are intact


def test_list_flags_priority_and_top_cause(client: TestClient, seeded: dict[str, int]) -> None:
    html = client.get("/feedback").text
    by_row = dict(re.findall(r'<tr class="feedback-row" data-id="(\d+)">(.*?)</tr>', html, re.S))
    flagged = by_row[str(seeded["a1"])]
    assert 'class="badge prio prio-high" data-testid="priority">high</span>' in flagged
    assert re.search(r'<span class="cause-chip pol-pain"[^>]*>product quality</span>', flagged)
    others = [row for fid, row in by_row.items() if fid != str(seeded["a1"])]
    assert len(others) == 3 and not any("row-reasons" in row for row in others)


def test_detail_of_unanalysed_and_unknown(client: TestClient, seeded: dict[str, int]) -> None:
    assert "Not analysed yet" in client.get(f"/feedback/{seeded['a4']}").text
    for missing in ("999999", "abc"):
        r = client.get(f"/feedback/{missing}")
        assert r.status_code == 404
        assert "text/html" in r.headers["content-type"] and "Not found" in r.text


def test_overview_page(client: TestClient, seeded: dict[str, int]) -> None:
    html = client.get("/overview").text
    assert "1 of 4 items are not analysed yet" in html and "empathica analyze --stored" in html
    assert html.count('<svg class="chart"') == 2
    assert 'data-series="anger"' in html and 'data-series="email"' in html


def test_overview_empty_database(client: TestClient) -> None:
    html = client.get("/overview").text
    assert "No feedback stored yet" in html and "<svg" not in html


def test_quarantine_page(client: TestClient, service: Empathica) -> None:
    assert "Nothing in quarantine" in client.get("/quarantine").text
    service.repo.quarantine(
        [
            Rejected(
                source="shop.csv",
                line=7,
                reason="line 7, field 'rating': 'five' is not a number",
                raw='{"text": "ok", "rating": "five", "pad": "' + "z" * 400 + '"}',
                field="rating",
            )
        ]
    )
    [row] = service.quarantine_list()
    html = client.get("/quarantine").text
    assert "shop.csv" in html and "&#39;five&#39; is not a number" in html
    assert f"empathica quarantine replay {row.id}" in html
    [shown] = re.findall(r'<code class="raw" title="[^"]*">([^<]*)</code>', html)
    assert html_unescape(shown) == row.raw[:160] + "…"  # the raw row is cut in the cell, whole on hover


def test_static_files_are_served_locally(client: TestClient) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200 and "text/css" in r.headers["content-type"]
    html = client.get("/overview").text
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html


def test_detail_shows_the_threads_stage_next_to_the_messages_own(
    client: TestClient, service: Empathica
) -> None:
    text = "Any news on my order?"
    service.repo.add_feedback([Feedback(source="test", external_id="t2", text=text, channel="chat")])
    item = service.repo.find_item("test", "t2")
    assert item is not None and item.feedback.id is not None
    neutral = LabelScores(["neutral"], {"neutral": 0.9})
    analysis = Analysis(
        id="t2",
        text=text,
        emotions=neutral,
        ekman=neutral,
        sentiment="neutral",
        valence=0.0,
        intensity=0.1,
        stage=JourneyStage("during", 0.38, "Any news on my order?"),
        thread=ThreadStage("T-9", "after", 0.91, "the box arrived crushed", "t1", 3),
    )
    service.repo.save_analyses([(item.feedback.id, analysis)])
    html = client.get(f"/feedback/{item.feedback.id}").text
    assert re.search(r'data-testid="stage">.*?class="badge stage-during"', html, re.S)
    thread = html.split('data-testid="thread-stage">', 1)[1].split("</p>", 1)[0]
    assert "Thread T-9 (3 messages)" in thread
    assert re.search(
        r'class="badge stage-after"[^>]*>after</span>\s*<q class="small">the box arrived crushed</q>', thread
    )


def test_themes_page_says_plainly_when_there_is_too_little(
    client: TestClient, seeded: dict[str, int]
) -> None:
    page = client.get("/themes")
    assert page.status_code == 200
    assert 'data-testid="themes-problem"' in page.text
    assert "at least 20 are needed to find themes" in page.text
    assert 'href="/themes" aria-current="page"' in page.text
    bad = client.get("/themes", params={"since": "last tuesday"})
    assert bad.status_code == 422 and "is not a date; use YYYY-MM-DD" in bad.text
