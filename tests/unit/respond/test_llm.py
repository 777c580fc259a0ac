"""The LLM drafter against a fake client (logic) and a real HTTP server speaking the OpenAI API (twin)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from empathica.domain import Analysis, ReplyDraft
from empathica.respond import FakeLLM, LLMError, OpenAIChatClient, Playbook, compose, draft_with_llm
from helpers.analyses import MakeAnalysis
from helpers.live_server import live_server

GOOD = json.dumps({"parts": [
    {"role": "acknowledge", "text": "Your parcel still hasn't arrived after two weeks."},
    {"role": "apologise", "text": "I'm sorry we let you down."},
    {"role": "next_step", "text": "I've asked our courier for the latest tracking scan."},
]})  # fmt: skip


@pytest.fixture
def complaint(make_analysis: MakeAnalysis) -> Analysis:
    return make_analysis("My parcel still hasn't arrived after two weeks.", needs=("fast_resolution",))


def _draft(
    client: object, analysis: Analysis, playbook: Playbook, channel: str = "chat", timeout: float = 2.0
) -> tuple[ReplyDraft, ReplyDraft]:
    fallback = compose(analysis, playbook, channel=channel, agent_name="Sam", company="Acme")
    draft = draft_with_llm(
        client, analysis, playbook, channel=channel, tone="warm", agent_name="Sam", company="Acme",  # type: ignore[arg-type]
        fallback=fallback, timeout=timeout,
    )  # fmt: skip
    return draft, fallback


def test_good_answer_becomes_an_llm_draft(complaint: Analysis, playbook: Playbook) -> None:
    fake = FakeLLM([GOOD])
    draft, _ = _draft(fake, complaint, playbook)
    assert draft.source == "llm" and draft.warnings == []
    assert [p.role for p in draft.parts] == ["acknowledge", "apologise", "next_step"]
    assert draft.text.startswith("Your parcel still hasn't arrived")
    assert draft.grounding.cause == "delivery"
    system, user = fake.calls[0]
    assert "Never use these phrases" in system["content"] and "calm down" in system["content"]
    assert "Apologise once" in system["content"]
    prompt = json.loads(user["content"])
    assert prompt["cause"] == "delivery" and prompt["need"] == "fast_resolution"
    # "still hasn't arrived" is a missing parcel: the LLM is offered the trace step, not the general one.
    assert len(prompt["allowed_next_steps"]) == 1
    assert prompt["allowed_next_steps"][0].startswith("I've opened a trace with the courier")


def test_email_llm_draft_keeps_greeting_and_signature(complaint: Analysis, playbook: Playbook) -> None:
    draft, fallback = _draft(FakeLLM([f"```json\n{GOOD}\n```"]), complaint, playbook, channel="email")
    assert draft.source == "llm"
    assert draft.text.split("\n\n")[0] == fallback.text.split("\n\n")[0]
    assert draft.text.endswith("Sam\nAcme")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("Sure! Here is a reply: sorry about that.", "not JSON"),
        ("{not json}", "not valid JSON"),
        ('{"reply": "hi"}', 'no "parts" list'),
        ('{"parts": [{"role": "grovel", "text": "Please forgive us."}]}', "unknown reply role 'grovel'"),
        ('{"parts": [{"role": "close", "text": "  "}]}', "every part is empty"),
        (
            '{"parts": [{"role": "validate", "text": "Please calm down, as per our policy."}]}',
            "escalating phrases",
        ),
        (
            json.dumps({"parts": [{"role": "acknowledge", "text": "x" * 700}]}),
            "over the 600 allowed for chat",
        ),
        (LLMError("HTTP 500"), "HTTP 500"),
        (RuntimeError("boom"), "the LLM call failed: boom"),
    ],
)
def test_bad_answers_fall_back_with_a_reason(
    complaint: Analysis, playbook: Playbook, answer: str | Exception, reason: str
) -> None:
    draft, fallback = _draft(FakeLLM([answer]), complaint, playbook)
    assert draft.source == "composer" and draft.text == fallback.text
    assert len(draft.warnings) == 1 and reason in draft.warnings[0]
    assert draft.warnings[0].startswith("LLM draft not used:")


def test_apology_where_not_at_fault_falls_back(make_analysis: MakeAnalysis, playbook: Playbook) -> None:
    analysis = make_analysis("Forty pounds a month is far too expensive.", cause="price_value")
    answer = json.dumps({"parts": [{"role": "apologise", "text": "We apologise for our prices."}]})
    draft, _ = _draft(FakeLLM([answer]), analysis, playbook)
    assert draft.source == "composer" and "not at fault" in draft.warnings[0]
    system = FakeLLM([answer])
    _draft(system, analysis, playbook)
    assert "Do NOT apologise" in system.calls[0][0]["content"]


def test_a_client_that_hangs_cannot_hold_the_caller(complaint: Analysis, playbook: Playbook) -> None:
    started = time.monotonic()
    draft, _ = _draft(FakeLLM([GOOD], delay=5.0), complaint, playbook, timeout=0.3)
    assert time.monotonic() - started < 1.5
    assert draft.source == "composer" and "no answer within 0.3 s" in draft.warnings[0]


def test_unknown_channel_is_refused(complaint: Analysis, playbook: Playbook) -> None:
    fallback = compose(complaint, playbook)
    with pytest.raises(ValueError, match="unknown channel 'fax'"):
        draft_with_llm(FakeLLM([GOOD]), complaint, playbook, channel="fax", tone="warm", agent_name=None,
                       company=None, fallback=fallback, timeout=1.0)  # fmt: skip


# -- twin: a real HTTP server that speaks the OpenAI chat-completions API --------------------------


def _openai_app() -> FastAPI:
    app = FastAPI()
    app.state.seen = []

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> Response:
        body = await request.json()
        app.state.seen.append((body, request.headers.get("authorization")))
        mode = body["model"]
        if mode == "hang":
            await asyncio.sleep(5)
        if mode == "http500":
            return PlainTextResponse("internal error", status_code=500)
        if mode == "not-openai":
            return JSONResponse({"result": "ok"})
        content = GOOD if mode == "good" else "I am not JSON at all"
        return JSONResponse({"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]})

    return app


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, FastAPI]]:
    app = _openai_app()
    with live_server(app) as url:
        yield url + "/v1", app


def test_real_server_good_answer(
    server: tuple[str, FastAPI], complaint: Analysis, playbook: Playbook
) -> None:
    url, app = server
    client = OpenAIChatClient(url, "good", api_key="secret")
    draft, _ = _draft(client, complaint, playbook)
    assert draft.source == "llm" and draft.parts[1].role == "apologise"
    body, auth = app.state.seen[-1]
    assert auth == "Bearer secret" and body["messages"][0]["role"] == "system"


@pytest.mark.parametrize(("model", "reason"), [
    ("garbage", "not JSON"), ("http500", "HTTP 500"), ("not-openai", "did not answer with a chat completion"),
])  # fmt: skip
def test_real_server_bad_answers_fall_back(
    server: tuple[str, FastAPI], complaint: Analysis, playbook: Playbook, model: str, reason: str
) -> None:
    draft, fallback = _draft(OpenAIChatClient(server[0], model), complaint, playbook)
    assert draft.text == fallback.text and reason in draft.warnings[-1]


def test_real_server_hang_falls_back_in_bounded_time(
    server: tuple[str, FastAPI], complaint: Analysis, playbook: Playbook
) -> None:
    started = time.monotonic()
    draft, _ = _draft(OpenAIChatClient(server[0], "hang"), complaint, playbook, timeout=0.5)
    assert time.monotonic() - started < 2.0
    assert draft.source == "composer" and "0.5 s" in draft.warnings[-1]


def test_unreachable_server_is_an_llm_error() -> None:
    with pytest.raises(LLMError, match="cannot reach"):
        OpenAIChatClient("http://127.0.0.1:9", "m").complete([{"role": "user", "content": "hi"}], timeout=1.0)
