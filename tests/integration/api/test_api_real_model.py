"""The API over the real bundled model: the twin of the keyword-analyzer tests."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import EKMAN_LABELS, GOEMOTIONS_LABELS
from empathica.pipeline.factory import build_analyzer
from empathica.services import Empathica
from empathica.storage import Repository
from helpers.theme_texts import TOPICS

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def analyzer():  # type: ignore[no-untyped-def]
    return build_analyzer()


@pytest.fixture
def real_client(settings: Settings, repo: Repository, analyzer) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    service = Empathica(settings, repository=repo, analyzer=analyzer)
    with TestClient(create_app(settings, service)) as client:
        yield client


def test_analyze_returns_full_records(real_client: TestClient) -> None:
    response = real_client.post(
        "/api/v1/analyze", json={"text": "This is the third time my refund failed. I am furious."}
    )
    assert response.status_code == 200, response.text
    record = response.json()
    assert set(record["emotions"]["scores"]) == set(GOEMOTIONS_LABELS)
    assert set(record["ekman"]["scores"]) == set(EKMAN_LABELS)
    assert record["sentiment"] == "negative"
    assert record["valence"] < 0
    assert "anger" in record["ekman"]["labels"]
    assert record["model_version"].startswith("emotion-minilm")


def test_stored_feedback_is_analysed_by_the_model(real_client: TestClient) -> None:
    created = real_client.post(
        "/api/v1/feedback",
        json={
            "source": "api",
            "items": [
                {"id": "k1", "text": "Thank you so much, the engineer was brilliant!", "channel": "email"},
                {"id": "k2", "text": "Call me on +44 20 7946 0958, dryer broken again", "channel": "phone"},
            ],
        },
    )
    assert created.status_code == 201, created.text
    first, second = created.json()["ids"]
    thanks = real_client.get(f"/api/v1/feedback/{first}").json()
    assert thanks["analysis"]["sentiment"] == "positive"
    assert "gratitude" in thanks["analysis"]["emotions"]["labels"]
    broken = real_client.get(f"/api/v1/feedback/{second}").json()
    assert "[PHONE]" in broken["text"] and "7946" not in broken["text"]
    listed = real_client.get("/api/v1/feedback", params={"emotion": "gratitude"}).json()
    assert [item["id"] for item in listed["items"]] == [first]


def test_every_route_is_documented(settings: Settings) -> None:
    from pathlib import Path

    text = (Path(__file__).parents[3] / "docs" / "api.md").read_text()
    spec = create_app(settings).openapi()
    missing = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method in operations
        if f"| `{method.upper()}` | `{path}` |" not in text
    ]
    assert missing == []


def test_a_request_taxonomy_is_used_with_the_real_model(real_client: TestClient) -> None:
    taxonomy = """\
causes:
  - name: food
    description: The dishes and drinks, their taste, temperature and portions.
    examples: ["The pasta was bland and cold.", "Best pizza in town."]
  - name: service
    description: How the staff served us, waiting for the waiter, friendliness.
    examples: ["Our waiter ignored us for half an hour.", "The staff were lovely."]
"""
    texts = ["My soup was cold and tasteless.", "The waiter was rude and never came back."]
    response = real_client.post("/api/v1/analyze", json={"texts": texts, "taxonomy": taxonomy})
    assert response.status_code == 200, response.text
    firsts = [r["causes"][0]["label"] for r in response.json()["results"]]
    assert firsts == ["food", "service"]
    plain = real_client.post("/api/v1/analyze", json={"texts": texts}).json()["results"]
    assert all(c["label"] not in {"food", "service"} for r in plain for c in r["causes"])


def test_themes_of_stored_feedback(real_client: TestClient) -> None:
    items = [
        {"id": f"{topic}-{i}", "text": text, "created_at": f"2026-0{1 + i % 3}-1{i % 9}"}
        for topic, texts in TOPICS.items()
        for i, text in enumerate(texts)
    ]
    stored = real_client.post("/api/v1/feedback", json={"source": "t", "items": items})
    assert stored.status_code == 201, stored.text
    ids = stored.json()["ids"]
    body = real_client.get("/api/v1/themes").json()
    assert set(body["assignments"]) == {str(i) for i in ids}
    assert len(body["themes"]) >= 2 and all(t["label"] and t["trend"] is not None for t in body["themes"])
    assert all(t["renamed"] is False for t in body["themes"])
    examples = {e for t in body["themes"] for e in t["examples"]}
    assert examples <= {str(i) for i in ids}
    # A date range with too few items is refused plainly, as is a date that is not one.
    few = real_client.get("/api/v1/themes", params={"since": "2026-03-01"})
    assert few.status_code == 422 and "at least 20 are needed" in few.text
    assert real_client.get("/api/v1/themes", params={"since": "soon"}).status_code == 422


def test_themes_page_links_every_example_to_its_item(real_client: TestClient) -> None:
    items = [{"id": f"{t}-{i}", "text": x} for t, texts in TOPICS.items() for i, x in enumerate(texts)]
    ids = real_client.post("/api/v1/feedback", json={"source": "t", "items": items}).json()["ids"]
    page = real_client.get("/themes")
    assert page.status_code == 200, page.text
    assert page.text.count('data-testid="theme"') >= 2
    links = {int(x) for x in re.findall(r'href="/feedback/(\d+)"', page.text)}
    assert links and links <= set(ids)
