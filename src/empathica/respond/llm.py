"""Optional LLM drafting through any OpenAI-compatible chat API, always with an offline fallback.

Text leaves the machine only through this module, and only when a caller builds an
``OpenAIChatClient`` (the entry points do so when ``EMPATHICA_LLM_URL`` is set). An LLM draft
is held to the same rules as the offline composer: grounded in the same analysis and playbook,
only known reply moves, no escalating phrases, no apology where the company is not at fault, and
the channel's length. Anything else (timeout, HTTP error, garbage) returns the offline draft
with a warning saying why, so the agent always gets a usable reply and never waits longer than
the configured timeout.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from empathica.domain import REPLY_ROLES, Analysis, ReplyDraft, ReplyPart
from empathica.respond.banned import BANNED_PHRASES, find_banned
from empathica.respond.composer import CHANNELS, MAX_CHARS, TONES, mode_of
from empathica.respond.playbook import Playbook

if TYPE_CHECKING:  # httpx loads only when an LLM is actually called
    import httpx

#: Extra seconds allowed past the timeout before the caller gives up on a stuck client.
SLACK_S = 0.5

CHANNEL_RULES: dict[str, str] = {
    "email": "An e-mail body: complete, 4 to 7 sentences. No greeting line and no signature (added later).",
    "chat": "A live chat message: short and conversational, at most 4 sentences.",
    "social": "A PUBLIC social media reply: at most 240 characters in total, no personal data, no names, "
    "and invite the customer to send a direct message (DM).",
    "review": "A PUBLIC reply to a review: thank them for the review, no personal data, invite them to "
    "contact the company privately.",
}


class LLMError(RuntimeError):
    """The LLM endpoint failed: HTTP error, timeout, or an answer that is not a chat completion."""


class LLMClient(Protocol):
    """One method, so a fake can stand in for any endpoint in tests."""

    def complete(self, messages: list[dict[str, str]], *, timeout: float) -> str: ...


class OpenAIChatClient:
    """Speaks ``POST {base_url}/chat/completions`` (OpenAI, Ollama, vLLM, llama.cpp server...)."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._transport = transport

    def complete(self, messages: list[dict[str, str]], *, timeout: float) -> str:
        import httpx

        payload = {"model": self.model, "messages": messages, "temperature": 0.7}
        try:
            with httpx.Client(transport=self._transport, timeout=httpx.Timeout(timeout)) as client:
                response = client.post(self.url, json=payload, headers=self._headers)
        except httpx.TimeoutException as exc:
            raise LLMError(f"no answer from {self.url} within {timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise LLMError(f"cannot reach {self.url}: {exc}") from exc
        if response.status_code >= 400:
            raise LLMError(f"{self.url} answered HTTP {response.status_code}: {response.text[:200]}")
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"{self.url} did not answer with a chat completion") from exc
        if not isinstance(content, str):
            raise LLMError(f"{self.url} answered with no message text")
        return content


class FakeLLM:
    """Scripted answers for tests; an ``Exception`` in the script is raised instead of answered."""

    def __init__(self, answers: list[str | Exception], delay: float = 0.0) -> None:
        self.answers = list(answers)
        self.delay = delay
        self.calls: list[list[dict[str, str]]] = []

    def complete(self, messages: list[dict[str, str]], *, timeout: float) -> str:
        self.calls.append(messages)
        if self.delay:
            threading.Event().wait(self.delay)
        answer = self.answers.pop(0) if self.answers else LLMError("the fake has no answer left")
        if isinstance(answer, Exception):
            raise answer
        return answer


def build_messages(
    analysis: Analysis,
    playbook: Playbook,
    *,
    channel: str,
    tone: str,
    agent_name: str | None,
    company: str | None,
    fallback: ReplyDraft,
) -> list[dict[str, str]]:
    """The chat prompt: the same grounding and playbook steps the offline composer uses."""
    grounding = fallback.grounding
    entry = playbook.entry(grounding.cause)
    mode = mode_of(analysis)
    at_fault = entry.at_fault and mode == "complaint"
    steps = (
        [playbook.fill(entry.public_step, company=company, agent=agent_name)]
        if channel in ("social", "review") and entry.public_step
        # The steps that fit the customer's situation (a crushed parcel is not a lost one).
        else [playbook.fill(s, company=company, agent=agent_name) for s in entry.steps_for(analysis.text)]
    )
    promises = [playbook.fill(p, company=company, agent=agent_name) for p in entry.promises]
    kind = {
        "complaint": "an unhappy customer",
        "praise": "a happy customer: thank them, do not apologise",
        "question": "a neutral question: answer it clearly, without emotional language",
    }[mode]
    system = (
        f"You write customer service replies for {company or 'the company'} "
        f"as {agent_name or 'a support agent'}. "
        f"Tone: {tone}. {CHANNEL_RULES[channel]} Reply to {kind}. "
        "Acknowledge the customer's situation in their own terms, match what they need, and use one of the "
        "allowed next steps word for word. Promise nothing beyond the allowed promises. "
        + ("Apologise once, sincerely: the company is at fault. " if at_fault else "Do NOT apologise. ")
        + "Never use these phrases: "
        + "; ".join(BANNED_PHRASES)
        + ". Answer with JSON only: "
        '{"parts": [{"role": "...", "text": "..."}]} where role is one of: ' + ", ".join(REPLY_ROLES) + "."
    )
    user = json.dumps(
        {
            "customer_message": analysis.text,
            "emotion": grounding.emotion,
            "cause": grounding.cause,
            "customer_words_for_cause": grounding.evidence,
            "need": grounding.need,
            "journey_stage": grounding.stage,
            "allowed_next_steps": steps,
            "allowed_promises": promises,
            "max_characters": MAX_CHARS[channel],
        },
        ensure_ascii=False,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _parse_parts(answer: str) -> list[ReplyPart]:
    """The reply moves in an answer; ValueError says what is wrong with it."""
    text = answer.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    if fenced:
        text = fenced.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("the answer is not JSON")
    try:
        data: Any = json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ValueError(f"the answer is not valid JSON ({exc.msg})") from exc
    raw = data.get("parts") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise ValueError('the answer has no "parts" list')
    parts: list[ReplyPart] = []
    for item in raw:
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("role"), str)
            or not isinstance(item.get("text"), str)
        ):
            raise ValueError('each part must have a "role" and a "text"')
        if item["role"] not in REPLY_ROLES:
            raise ValueError(f"unknown reply role {item['role']!r}")
        if item["text"].strip():
            parts.append(ReplyPart(item["role"], item["text"].strip()))
    if not parts:
        raise ValueError("every part is empty")
    return parts


def _call(client: LLMClient, messages: list[dict[str, str]], timeout: float) -> str:
    """The client's answer, but never later than ``timeout`` + slack, whatever the client does."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["answer"] = client.complete(messages, timeout=timeout)
        except Exception as exc:  # reported to the caller below
            result["error"] = exc

    worker = threading.Thread(target=run, name="empathica-llm", daemon=True)
    worker.start()
    worker.join(timeout + SLACK_S)
    if worker.is_alive():
        raise LLMError(f"no answer within {timeout:g} s")
    if "error" in result:
        error = result["error"]
        raise error if isinstance(error, LLMError) else LLMError(f"the LLM call failed: {error}")
    answer = result.get("answer")
    if not isinstance(answer, str):
        raise LLMError("the LLM returned no text")
    return answer


def draft_with_llm(
    client: LLMClient,
    analysis: Analysis,
    playbook: Playbook,
    *,
    channel: str,
    tone: str,
    agent_name: str | None,
    company: str | None,
    fallback: ReplyDraft,
    timeout: float,
) -> ReplyDraft:
    """An LLM-written draft (``source="llm"``), or ``fallback`` with a warning saying why not."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; choose one of: {', '.join(CHANNELS)}")
    if tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}; choose one of: {', '.join(TONES)}")

    def fall_back(reason: str) -> ReplyDraft:
        return replace(
            fallback,
            warnings=[*fallback.warnings, f"LLM draft not used: {reason}; showing the offline draft"],
        )

    messages = build_messages(
        analysis,
        playbook,
        channel=channel,
        tone=tone,
        agent_name=agent_name,
        company=company,
        fallback=fallback,
    )
    try:
        answer = _call(client, messages, timeout)
    except LLMError as exc:
        return fall_back(str(exc))
    try:
        parts = _parse_parts(answer)
    except ValueError as exc:
        return fall_back(str(exc))
    body = " ".join(p.text for p in parts)
    if channel == "email":
        paragraphs = fallback.text.split("\n\n")
        text = "\n\n".join([paragraphs[0], body, paragraphs[-1]]) if len(paragraphs) >= 2 else body
    else:
        text = body
    banned = find_banned(text)
    if banned:
        return fall_back(f"it used escalating phrases ({', '.join(banned)})")
    entry = playbook.entry(fallback.grounding.cause)
    if any(p.role == "apologise" for p in parts) and not (
        entry.at_fault and mode_of(analysis) == "complaint"
    ):
        return fall_back("it apologised where the company is not at fault")
    if len(text) > MAX_CHARS[channel]:
        return fall_back(
            f"it was {len(text)} characters, over the {MAX_CHARS[channel]} allowed for {channel}"
        )
    return ReplyDraft(
        text=text,
        parts=parts,
        grounding=fallback.grounding,
        channel=channel,
        tone=tone,
        source="llm",
        warnings=[],
        id=fallback.id,
    )
