"""Empathy maps over a real database: the API in JSON, PNG and PDF, and the dashboard page."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from empathica.domain import GOEMOTIONS_LABELS, Analysis, Cause, Feedback, LabelScores
from empathica.services import Empathica


def hand_analysis(text: str) -> Analysis:
    scores = dict.fromkeys(GOEMOTIONS_LABELS, 0.01) | {"disappointment": 0.9}
    return Analysis(
        id=None, text=text, emotions=LabelScores(["disappointment"], scores), ekman=LabelScores([], {}),
        sentiment="negative", valence=-0.6, intensity=0.6, model_version="hand-1",
    )  # fmt: skip


def seed_segment(service: Empathica, n: int = 24) -> dict[str, int]:
    """``n`` analysed email items (a third hear from a friend, half late-delivery pains) and 3 chat items."""
    start = datetime(2026, 4, 1, 9, tzinfo=UTC)
    rows = []
    for i in range(n):
        text = (
            f"My friend said your delivery is slow. Order {i} came a week late."
            if i % 3 == 0
            else f"Order {i} came a week late and nobody called."
        )
        rows.append((f"m{i}", text, "email", start + timedelta(days=i)))
    rows += [(f"c{i}", "Thank you, lovely chat.", "chat", start + timedelta(days=i)) for i in range(3)]
    service.repo.add_feedback(
        [Feedback(source="maps", external_id=k, text=t, channel=c, created_at=d) for k, t, c, d in rows]
    )
    ids = {}
    analyses = []
    for key, text, _channel, _day in rows:
        item = service.repo.find_item("maps", key)
        assert item is not None and item.feedback.id is not None
        ids[key] = item.feedback.id
        a = hand_analysis(text)
        if key.startswith("m") and int(key[1:]) % 2 == 0:
            a.causes = [Cause("late_delivery", 0.8, "came a week late", polarity="pain")]
        analyses.append((item.feedback.id, a))
    service.repo.save_analyses(analyses)
    return ids


@pytest.fixture
def segment(service: Empathica) -> dict[str, int]:
    return seed_segment(service)


def test_map_json_entries_resolve_to_stored_feedback(client: TestClient, segment: dict[str, int]) -> None:
    got = client.get("/api/v1/maps", params={"channel": "email"})
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["items"] == 24 and body["title"] == "Email customers"
    assert body["segment"] == {"people": "customers", "channel": "email"}
    pains = {e["text"]: e for e in body["sections"]["pains"]}
    late = pains["Late delivery"]
    assert sorted(late["evidence"]) == sorted(str(segment[f"m{i}"]) for i in range(0, 24, 2))
    assert late["strength"] == pytest.approx(0.5)
    hears = body["sections"]["hears"]
    assert hears and hears[0]["text"].startswith("Friends & family: My friend said your delivery is slow")
    assert len(hears[0]["evidence"]) == 8
    for entry in [e for section in body["sections"].values() for e in section]:
        for key in entry["evidence"]:
            item = client.get(f"/api/v1/feedback/{key}")
            assert item.status_code == 200 and item.json()["channel"] == "email"


def test_map_as_png_and_pdf(client: TestClient, segment: dict[str, int]) -> None:
    png = client.get("/api/v1/maps", params={"channel": "email", "format": "png", "paper": "letter"})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).size == (2200, 1700)
    pdf = client.get("/api/v1/maps", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "empathy-map.pdf" in pdf.headers["content-disposition"]


def test_map_errors_are_plain(client: TestClient, segment: dict[str, int]) -> None:
    few = client.get("/api/v1/maps", params={"channel": "chat"})
    assert few.status_code == 422
    assert "3 items match" in few.text and "at least 20 are needed" in few.text
    assert client.get("/api/v1/maps", params={"stage": "later"}).status_code == 422
    assert client.get("/api/v1/maps", params={"format": "svg"}).status_code == 422
    backwards = {"since": "2026-05-01", "until": "2026-04-01"}
    assert client.get("/api/v1/maps", params=backwards).status_code == 422


def test_map_page_links_entries_to_their_evidence(client: TestClient, segment: dict[str, int]) -> None:
    page = client.get("/map", params={"channel": "email"})
    assert page.status_code == 200
    assert 'href="/map" aria-current="page"' in page.text
    assert 'data-testid="map-person"' in page.text and "Email customers" in page.text
    assert f'href="/feedback/{segment["m0"]}"' in page.text
    assert "format=pdf" in page.text and "channel=email" in page.text
    for name in ("thinks_feels", "says_does", "hears", "sees", "pains", "gains"):
        assert f'data-testid="map-{name}"' in page.text
    few = client.get("/map", params={"channel": "chat"})
    assert 'data-testid="map-problem"' in few.text and "at least 20 are needed" in few.text
    bad = client.get("/map", params={"since": "yesterday"})
    assert bad.status_code == 422 and "is not a date" in bad.text
