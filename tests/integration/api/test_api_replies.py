"""Reply drafts and the coach over HTTP, with the real bundled model and a real LLM server twin."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.pipeline.factory import build_analyzer
from empathica.services import Empathica
from empathica.storage import Repository
from helpers.live_server import live_server

pytestmark = pytest.mark.model

ANGRY = "Third time I'm asking: where is my refund? Nobody answers my emails and I'm furious."
HOWTO = "How do I change the delivery address on an order I placed this morning?"


@pytest.fixture(scope="module")
def analyzer():  # type: ignore[no-untyped-def]
    return build_analyzer()


#: Replies run longer than the shared fixture's 200-character limit.
MAX_CHARS = 2000


@pytest.fixture
def client(settings: Settings, repo: Repository, analyzer) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    roomy = settings.with_(max_text_chars=MAX_CHARS)
    service = Empathica(roomy, repository=repo, analyzer=analyzer)
    with TestClient(create_app(roomy, service)) as c:
        yield c


def test_draft_for_a_text_is_grounded_and_complete(client: TestClient) -> None:
    response = client.post(
        "/api/v1/replies/draft",
        json={"text": ANGRY, "channel": "email", "agent_name": "Sam", "company": "Kettleby Home", "id": "t1"},
    )
    assert response.status_code == 200, response.text
    draft = response.json()
    assert draft["id"] == "t1"
    assert draft["source"] == "composer"
    assert draft["channel"] == "email"
    assert draft["grounding"]["cause"]  # a cause was found and named
    roles = [p["role"] for p in draft["parts"]]
    assert "next_step" in roles and "acknowledge" in roles
    assert "Sam" in draft["text"]
    assert "calm down" not in draft["text"].lower()


def test_social_draft_is_short(client: TestClient) -> None:
    draft = client.post("/api/v1/replies/draft", json={"text": ANGRY, "channel": "social"}).json()
    assert len(draft["text"]) <= 280


def test_draft_for_a_stored_item_uses_its_channel(client: TestClient) -> None:
    created = client.post(
        "/api/v1/feedback",
        json={"source": "t", "items": [{"id": "s1", "text": ANGRY, "channel": "twitter"}]},
    )
    feedback_id = created.json()["ids"][0]
    draft = client.post("/api/v1/replies/draft", json={"feedback_id": feedback_id}).json()
    assert draft["channel"] == "social"
    missing = client.post("/api/v1/replies/draft", json={"feedback_id": 999_999})
    assert missing.status_code == 404


def test_draft_rejects_bad_input_with_field_errors(client: TestClient) -> None:
    both = client.post("/api/v1/replies/draft", json={"text": ANGRY, "feedback_id": 1})
    assert both.status_code == 422
    assert "exactly one" in both.text
    empty = client.post("/api/v1/replies/draft", json={"text": "   "})
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"] == ["body", "text"]
    channel = client.post("/api/v1/replies/draft", json={"text": ANGRY, "channel": "fax"})
    assert channel.status_code == 422
    assert channel.json()["detail"][0]["loc"][-1] == "channel"


def test_coach_tells_cold_from_calm(client: TestClient) -> None:
    cold = client.post(
        "/api/v1/replies/assess", json={"customer": ANGRY, "reply": "Refunds take 5-7 working days."}
    ).json()
    warm = client.post(
        "/api/v1/replies/assess",
        json={
            "customer": ANGRY,
            "reply": "I'm so sorry you've had to chase us three times for your refund - that's not "
            "good enough, and I understand why you're furious. I've checked your order and issued the "
            "refund today; you'll get an email confirmation within the hour.",
        },
    ).json()
    howto = client.post(
        "/api/v1/replies/assess",
        json={"customer": HOWTO, "reply": "Open Orders, pick the order and choose Change address."},
    ).json()
    assert cold["empathy_needed"] in {"some", "high"}
    assert howto["empathy_needed"] == "none"
    assert warm["score"] > cold["score"]
    assert howto["score"] > cold["score"]
    assert warm["behaviours"]["apologises"] and not cold["behaviours"]["apologises"]
    assert cold["suggestions"]


def test_coach_flags_a_macro(client: TestClient) -> None:
    macro = "Thank you for contacting us. We apologise for any inconvenience caused."
    verdict = client.post(
        "/api/v1/replies/assess", json={"customer": ANGRY, "reply": macro, "macros": [macro]}
    ).json()
    assert verdict["scripted"]["score"] >= 0.8
    assert verdict["scripted"]["closest"] == macro


def test_coach_rejects_empty_and_huge_replies(client: TestClient) -> None:
    empty = client.post("/api/v1/replies/assess", json={"customer": ANGRY, "reply": ""})
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"] == ["body", "reply"]
    huge = client.post("/api/v1/replies/assess", json={"customer": ANGRY, "reply": "x" * (MAX_CHARS + 1)})
    assert huge.status_code == 422
    assert "over the limit" in huge.text
    wrong = client.post("/api/v1/replies/assess", json={"customer": ANGRY, "reply": 42})
    assert wrong.status_code == 422


# -- an OpenAI-compatible LLM server: real HTTP, answers chosen per test --------------------------


def openai_app(answer: Any, delay: float = 0.0, status: int = 200) -> FastAPI:
    app = FastAPI()
    app.state.requests = []

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> Any:
        from fastapi.responses import JSONResponse

        app.state.requests.append(await request.json())
        if delay:
            import asyncio

            await asyncio.sleep(delay)
        content = answer if isinstance(answer, str) else json.dumps(answer)
        return JSONResponse(
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]},
            status_code=status,
        )

    return app


GOOD_LLM_ANSWER = {
    "parts": [
        {"role": "acknowledge", "text": "I can hear how frustrating it is to chase a refund three times."},
        {"role": "apologise", "text": "I'm sorry we left your emails unanswered."},
        {"role": "next_step", "text": "I've issued the refund today and will email you the confirmation."},
        {"role": "close", "text": "Sam"},
    ]
}


def llm_client(settings: Settings, repo: Repository, analyzer: Any, url: str, timeout: float) -> TestClient:
    configured = settings.with_(
        llm_url=url + "/v1", llm_model="test-model", llm_timeout=timeout, max_text_chars=MAX_CHARS
    )
    return TestClient(create_app(configured, Empathica(configured, repository=repo, analyzer=analyzer)))


def test_llm_writes_the_draft_when_configured(settings: Settings, repo: Repository, analyzer: Any) -> None:
    app = openai_app(GOOD_LLM_ANSWER)
    with live_server(app) as url, llm_client(settings, repo, analyzer, url, 10) as client:
        draft = client.post("/api/v1/replies/draft", json={"text": ANGRY}).json()
    assert draft["source"] == "llm", draft["warnings"]
    assert "chase a refund" in draft["text"]
    sent = app.state.requests[0]
    assert sent["model"] == "test-model"
    assert any("refund" in m["content"] for m in sent["messages"])


@pytest.mark.parametrize(
    ("answer", "delay", "status"),
    [("no json here, just words", 0.0, 200), (GOOD_LLM_ANSWER, 5.0, 200), ({"error": "boom"}, 0.0, 500)],
    ids=["garbage", "hang", "server-error"],
)
def test_llm_failures_fall_back_to_the_offline_draft(
    settings: Settings, repo: Repository, analyzer: Any, answer: Any, delay: float, status: int
) -> None:
    with (
        live_server(openai_app(answer, delay, status)) as url,
        llm_client(settings, repo, analyzer, url, 1.0) as client,
    ):
        started = time.monotonic()
        response = client.post("/api/v1/replies/draft", json={"text": ANGRY})
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    draft = response.json()
    assert draft["source"] == "composer"
    assert draft["warnings"], "the fallback must say why"
    assert elapsed < 4.0  # bounded by the timeout, never the hang
