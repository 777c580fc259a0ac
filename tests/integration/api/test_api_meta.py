"""Health, overview, quarantine, OpenAPI and the no-traceback 500."""

from __future__ import annotations

from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import FeedbackQuery, Page, Rejected
from empathica.services import Empathica


def test_health(client: TestClient) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["version"][0].isdigit()


def test_overview_counts(client: TestClient, seeded: dict[str, int]) -> None:
    ov = client.get("/api/v1/overview").json()
    assert ov["total"] == 4 and ov["analysed"] == 3
    assert ov["by_channel"] == {"email": 2, "chat": 2}
    assert ov["by_emotion"] == {"sadness": 1, "joy": 1, "anger": 1}
    assert ov["weeks"] == ["2026-03-02", "2026-03-09"]
    assert ov["emotion_by_week"]["anger"] == [0, 1]
    assert ov["channel_by_week"]["chat"] == [1, 1]


def test_quarantine_lists_rejected_rows(client: TestClient, service: Empathica) -> None:
    service.repo.quarantine(
        [
            Rejected(
                source=f"file{i}.csv",
                line=i,
                reason=f"line {i}: the text is empty",
                raw='{"text": ""}',
                field="text",
            )
            for i in range(1, 4)
        ]
    )
    page = client.get("/api/v1/quarantine", params={"limit": 2}).json()
    assert page["total"] == 3 and page["limit"] == 2 and len(page["items"]) == 2
    row = page["items"][0]
    assert set(row) >= {"id", "source", "line", "field", "reason", "raw", "replayed"}
    only = client.get("/api/v1/quarantine", params={"source": "file2.csv"}).json()
    assert [r["line"] for r in only["items"]] == [2] and only["total"] == 1
    assert client.get("/api/v1/quarantine", params={"limit": 0}).status_code == 422


def test_openapi_documents_every_route(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api/v1/analyze",
        "/api/v1/feedback",
        "/api/v1/feedback/{feedback_id}",
        "/api/v1/overview",
        "/api/v1/quarantine",
        "/api/v1/health",
        "/api/v1/themes",
        "/api/v1/themes/changes",
        "/api/v1/personas",
        "/api/v1/personas/changes",
        "/api/v1/maps",
        "/api/v1/maps/changes",
        "/api/v1/replies/draft",
        "/api/v1/replies/assess",
    }
    assert client.get("/docs").status_code == 200


class Exploding(Empathica):
    def list_feedback(self, query: FeedbackQuery) -> Page:
        raise RuntimeError("secret internals /srv/db password=hunter2")


def test_unexpected_error_is_a_json_500_without_traceback(settings: Settings) -> None:
    app = create_app(settings, Exploding(settings))
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/feedback")
        page = client.get("/feedback")
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/json")
    assert "hunter2" not in r.text and "Traceback" not in r.text
    assert "detail" in r.json()
    assert page.status_code == 500
    assert "hunter2" not in page.text and "Something went wrong" in page.text
