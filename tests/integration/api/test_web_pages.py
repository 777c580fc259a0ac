"""The dashboard's HTML pages, rendered over a real database."""

from __future__ import annotations

import re
from html import unescape as html_unescape

from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import Rejected
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
