"""POST /api/v1/analyze: the three request forms and field-level 422s."""

from __future__ import annotations

from fastapi.testclient import TestClient

from empathica.services import MAX_BATCH, Empathica


def test_one_text_answers_one_record(client: TestClient, service: Empathica) -> None:
    r = client.post("/api/v1/analyze", json={"text": "I am furious, mail me at jo@example.com", "id": "t1"})
    assert r.status_code == 200
    record = r.json()
    assert record["id"] == "t1"
    assert record["ekman"]["labels"] == ["anger"]
    assert record["sentiment"] == "negative"
    assert record["model_version"] == service.analyzer.model_version
    assert "jo@example.com" not in record["text"]
    assert record["redactions"][0]["kind"] == "email"


def test_texts_answer_results_in_order(client: TestClient) -> None:
    r = client.post("/api/v1/analyze", json={"texts": ["thank you!", "it came broken", "ok"]})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["ekman"]["labels"] for x in results] == [["joy"], ["sadness"], ["neutral"]]
    assert [x["id"] for x in results] == [None, None, None]


def test_items_keep_ids_and_metadata(client: TestClient) -> None:
    body = {
        "items": [
            {"id": "x", "text": "scared of the bill", "metadata": {"shop": "north"}},
            {"text": "thanks"},
        ]
    }
    results = client.post("/api/v1/analyze", json=body).json()["results"]
    assert [x["id"] for x in results] == ["x", None]
    assert results[0]["metadata"] == {"shop": "north"}
    assert results[0]["ekman"]["labels"] == ["fear"]


def test_empty_text_in_a_batch_points_at_its_index(client: TestClient) -> None:
    r = client.post("/api/v1/analyze", json={"texts": ["fine", "good", "ok", "   "]})
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "texts", 3]
    assert "empty" in error["msg"]
    assert error["type"] == "value_error"


def test_empty_item_text_points_at_the_item(client: TestClient) -> None:
    r = client.post("/api/v1/analyze", json={"items": [{"text": "ok"}, {"id": "b", "text": ""}]})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "items", 1, "text"]


def test_single_text_in_a_list_still_gets_an_index(client: TestClient) -> None:
    r = client.post("/api/v1/analyze", json={"texts": [""]})
    assert r.json()["detail"][0]["loc"] == ["body", "texts", 0]


def test_too_long_text_names_the_limit(client: TestClient) -> None:
    r = client.post("/api/v1/analyze", json={"text": "x" * 201})
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "text"]
    assert "201" in error["msg"] and "200" in error["msg"]


def test_wrong_types_and_shapes_are_422(client: TestClient) -> None:
    cases = [
        {"texts": ["ok", 5]},
        {"text": 12},
        {"text": "a", "texts": ["b"]},
        {},
        {"txt": "typo"},
        {"items": [{"text": "ok", "colour": "red"}]},
        {"texts": []},
        {"texts": "not a list"},
        {"id": "lonely", "texts": ["x"]},
    ]
    for body in cases:
        r = client.post("/api/v1/analyze", json=body)
        assert r.status_code == 422, body
        assert isinstance(r.json()["detail"], list), body


def test_wrong_type_in_list_is_located(client: TestClient) -> None:
    r = client.post("/api/v1/analyze", json={"texts": ["ok", 5]})
    assert r.json()["detail"][0]["loc"] == ["body", "texts", 1]


def test_malformed_json_is_422_not_500(client: TestClient) -> None:
    r = client.post(
        "/api/v1/analyze", content=b'{"text": "unterminated', headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "json_invalid"


def test_batch_over_the_limit_is_refused(client: TestClient) -> None:
    r = client.post("/api/v1/analyze", json={"texts": ["a"] * (MAX_BATCH + 1)})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "texts"]
