"""POST/GET /api/v1/feedback against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.services import Empathica

ITEMS = [
    {
        "id": "T-1",
        "text": "The app is broken again, write to ann@example.com",
        "channel": "email",
        "created_at": "2026-03-02T10:00:00Z",
        "rating": 1,
        "order": "A-77",
    },
    {"id": "T-2", "text": "Thank you for the quick refund", "channel": "chat", "created_at": "2026-03-09"},
]


def test_store_then_read_back(client: TestClient) -> None:
    r = client.post("/api/v1/feedback", json={"source": "helpdesk", "items": ITEMS})
    assert r.status_code == 201
    body = r.json()
    assert body["stored"] == 2 and body["duplicates"] == 0 and len(body["ids"]) == 2

    item = client.get(f"/api/v1/feedback/{body['ids'][0]}").json()
    assert item["external_id"] == "T-1"
    assert item["source"] == "helpdesk"
    assert item["channel"] == "email"
    assert item["rating"] == 1
    assert item["metadata"]["order"] == "A-77"
    assert "ann@example.com" not in item["text"]
    assert "original_text" not in item
    assert item["analysis"]["ekman"]["labels"] == ["sadness"]
    assert item["created_at"].startswith("2026-03-02T10:00:00")


def test_storing_twice_counts_duplicates_and_returns_the_same_ids(client: TestClient) -> None:
    first = client.post("/api/v1/feedback", json={"source": "helpdesk", "items": ITEMS}).json()
    again = client.post("/api/v1/feedback", json={"source": "helpdesk", "items": ITEMS}).json()
    assert again == {"stored": 0, "duplicates": 2, "ids": first["ids"]}
    assert client.get("/api/v1/feedback").json()["total"] == 2


def test_analyze_false_stores_without_analysis(client: TestClient) -> None:
    ids = client.post("/api/v1/feedback", json={"items": ITEMS[:1], "analyze": False}).json()["ids"]
    item = client.get(f"/api/v1/feedback/{ids[0]}").json()
    assert item["analysis"] is None
    assert item["source"] == "api"


def test_invalid_items_are_listed_and_nothing_is_stored(client: TestClient) -> None:
    items = [ITEMS[0], {"id": "B", "text": "fine", "rating": "five"}, {"id": "C", "text": "  "}]
    r = client.post("/api/v1/feedback", json={"source": "helpdesk", "items": items})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert [d["loc"][:3] for d in detail] == [["body", "items", 1], ["body", "items", 2]]
    assert detail[0]["loc"][3] == "rating"
    assert "five" in detail[0]["msg"]
    assert client.get("/api/v1/feedback").json()["total"] == 0


def test_store_body_shape_errors(client: TestClient) -> None:
    bodies: list[dict[str, object]] = [
        {"items": []},
        {"items": ["just a string"]},
        {"items": ITEMS, "extra": 1},
        {"source": 3},
    ]
    for body in bodies:
        r = client.post("/api/v1/feedback", json=body)
        assert r.status_code == 422, body


def test_original_text_only_when_the_server_keeps_it(settings: Settings, service: Empathica) -> None:
    keeping = settings.with_(keep_original_text=True)
    service.settings = keeping
    with TestClient(create_app(keeping, service)) as client:
        ids = client.post("/api/v1/feedback", json={"items": ITEMS[:1]}).json()["ids"]
        item = client.get(f"/api/v1/feedback/{ids[0]}").json()
    assert "ann@example.com" in item["original_text"]
    assert "ann@example.com" not in item["text"]


def test_filters(client: TestClient, seeded: dict[str, int]) -> None:
    def ids(**params: str) -> list[int]:
        r = client.get("/api/v1/feedback", params=params)
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    s = seeded
    assert ids() == [s["a4"], s["a3"], s["a2"], s["a1"]]  # newest first
    assert ids(channel="email") == [s["a3"], s["a1"]]
    assert ids(emotion="joy") == [s["a2"]]
    assert ids(emotion="disappointment") == [s["a1"]]
    assert ids(since="2026-03-05") == [s["a4"], s["a3"]]
    assert ids(until="2026-03-04") == [s["a2"], s["a1"]]  # a whole day: a2 is at 15:00
    assert ids(until="2026-03-04T12:00:00Z") == [s["a1"]]
    assert ids(q="DOUBLE charge") == [s["a3"]]
    assert ids(source="elsewhere") == []


def test_pagination(client: TestClient, seeded: dict[str, int]) -> None:
    page = client.get("/api/v1/feedback", params={"limit": 3, "offset": 2}).json()
    assert page["total"] == 4 and page["limit"] == 3 and page["offset"] == 2
    assert [i["id"] for i in page["items"]] == [seeded["a2"], seeded["a1"]]


def test_unanalysed_item_has_null_analysis(client: TestClient, seeded: dict[str, int]) -> None:
    assert client.get(f"/api/v1/feedback/{seeded['a4']}").json()["analysis"] is None


def test_bad_query_parameters_name_the_parameter(client: TestClient) -> None:
    cases = {
        "since": {"since": "yesterday"},
        "until": {"until": "2026-13-01"},
        "emotion": {"emotion": "hangry"},
        "limit": {"limit": "0"},
        "offset": {"offset": "-1"},
        "person_kind": {"person_kind": "robot"},
    }
    for name, params in cases.items():
        r = client.get("/api/v1/feedback", params=params)
        assert r.status_code == 422, params
        assert r.json()["detail"][0]["loc"] == ["query", name], r.json()
    assert client.get("/api/v1/feedback", params={"limit": 501}).status_code == 422
    r = client.get("/api/v1/feedback", params={"since": "2026-03-05", "until": "2026-03-01"})
    assert r.status_code == 422


def test_unknown_and_malformed_ids(client: TestClient) -> None:
    r = client.get("/api/v1/feedback/123456")
    assert r.status_code == 404
    assert r.json() == {"detail": "no feedback with id 123456"}
    assert client.get("/api/v1/feedback/abc").status_code == 422
