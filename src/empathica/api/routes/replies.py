"""Reply drafts and the empathy coach: for a text sent now or for a stored feedback item.

Both answer for a stored item (``feedback_id``) without re-analysing it, so the item page's
"Check my reply" box costs one encoder pass per keystroke pause, not two.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field, model_validator

from empathica.api.deps import Scoped, ServiceDep
from empathica.api.errors import field_error, invalid
from empathica.domain import Analysis
from empathica.services import Empathica, InputError

router = APIRouter(tags=["replies"])

#: Most macros or recent replies one assess call may compare against.
MAX_LIBRARY = 500


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Target(_Strict):
    """Exactly one of a text to analyse now or a stored item's id."""

    feedback_id: int | None = Field(default=None, description="A stored item; its analysis is reused.")

    def _check_one(self, text: str | None, name: str) -> None:
        if (text is None) == (self.feedback_id is None):
            raise ValueError(f"give exactly one of '{name}' or 'feedback_id'")


class DraftRequest(_Target):
    text: str | None = Field(default=None, description="The customer's message.")
    id: str | None = Field(default=None, description="Your id, echoed back.")
    channel: Literal["email", "chat", "social", "review"] | None = Field(
        default=None, description="Where the reply goes (default: from the feedback's channel, else email)."
    )
    tone: Literal["warm", "neutral", "formal"] = "warm"
    agent_name: str | None = Field(default=None, max_length=80)
    company: str | None = Field(default=None, max_length=80)
    customer_name: str | None = Field(default=None, max_length=80)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Third time I've asked: where is my refund? Nobody answers my emails.",
                    "channel": "email",
                    "agent_name": "Sam",
                    "company": "Kettleby Home",
                },
                {"feedback_id": 12, "tone": "formal"},
            ]
        },
    )

    @model_validator(mode="after")
    def _one(self) -> DraftRequest:
        self._check_one(self.text, "text")
        return self


class AssessRequest(_Target):
    customer: str | None = Field(default=None, description="What the customer wrote.")
    reply: str = Field(description="The agent's draft reply.")
    id: str | None = Field(default=None, description="Your id, echoed back.")
    macros: list[str] | None = Field(
        default=None,
        max_length=MAX_LIBRARY,
        description="Canned replies to compare with (default: the server's EMPATHICA_MACROS).",
    )
    recent: list[str] = Field(
        default_factory=list, max_length=MAX_LIBRARY, description="The agent's own recent replies."
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "customer": "My order arrived broken and nobody replies to my emails. Furious.",
                    "reply": "Please see our returns policy on the website.",
                }
            ]
        },
    )

    @model_validator(mode="after")
    def _one(self) -> AssessRequest:
        self._check_one(self.customer, "customer")
        return self


class ReplyPartOut(BaseModel):
    role: str
    text: str


class GroundingOut(BaseModel):
    emotion: str | None
    cause: str | None
    need: str | None
    stage: str | None
    evidence: str
    situation: str | None = Field(
        default=None, description="the playbook situation whose step the reply gives, e.g. 'lost parcel'"
    )


class DraftOut(BaseModel):
    id: str | None
    text: str
    parts: list[ReplyPartOut]
    grounding: GroundingOut
    channel: str
    tone: str
    source: str = Field(description="composer (offline) or llm.")
    warnings: list[str]


class MechanismsOut(BaseModel):
    emotional_reactions: int = Field(ge=0, le=2)
    interpretations: int = Field(ge=0, le=2)
    explorations: int = Field(ge=0, le=2)


class BehavioursOut(BaseModel):
    acknowledges_emotion: bool
    validates: bool
    apologises: bool
    thanks: bool
    reassures: bool
    next_step: bool
    addresses_cause: bool
    personal: bool


class ScriptedOut(BaseModel):
    score: float
    closest: str


class AssessmentOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None
    mechanisms: MechanismsOut
    behaviours: BehavioursOut
    empathy_needed: Literal["none", "some", "high"]
    scripted: ScriptedOut
    score: int = Field(ge=0, le=100)
    suggestions: list[str]


def _stored_analysis(service: Empathica, feedback_id: int) -> Analysis:
    item = service.get_feedback(feedback_id)
    if item is None:
        raise HTTPException(status_code=404, detail=f"no feedback with id {feedback_id}")
    if item.analysis is None:
        raise HTTPException(
            status_code=409,
            detail=f"feedback {feedback_id} is not analysed yet; run `empathica analyze --stored`",
        )
    analysis = item.analysis
    analysis.metadata = {**analysis.metadata, "channel": item.feedback.channel}
    return analysis


@router.post(
    "/replies/draft",
    dependencies=[Scoped("analyze")],
    response_model=DraftOut,
    summary="Draft an empathetic reply",
    responses={404: {"description": "No stored feedback with that id."}, 422: {"description": "Bad input."}},
)
def draft(body: DraftRequest, service: ServiceDep) -> dict[str, Any]:
    """Offline by default; with EMPATHICA_LLM_URL set, the LLM writes it and the coach vets it."""
    options: dict[str, Any] = {
        "channel": body.channel,
        "tone": body.tone,
        "agent_name": body.agent_name,
        "company": body.company,
        "customer_name": body.customer_name,
    }
    try:
        if body.feedback_id is not None:
            result = service.draft_for(_stored_analysis(service, body.feedback_id), **options)
        else:
            assert body.text is not None
            result = service.draft_reply(body.text, id=body.id, **options)
    except InputError as exc:
        raise invalid(field_error(["body", exc.field or "text"], str(exc))) from None
    return result.to_record()


@router.post(
    "/replies/assess",
    dependencies=[Scoped("analyze")],
    response_model=AssessmentOut,
    summary="Score a reply for empathy before it is sent",
    responses={404: {"description": "No stored feedback with that id."}, 422: {"description": "Bad input."}},
)
def assess(body: AssessRequest, service: ServiceDep) -> dict[str, Any]:
    """``empathy_needed`` says whether the customer needed empathy at all, so cold ≠ calm."""
    try:
        if body.feedback_id is not None:
            verdict = service.assess_for(
                _stored_analysis(service, body.feedback_id),
                body.reply,
                macros=body.macros,
                recent=body.recent,
            )
        else:
            assert body.customer is not None
            verdict = service.assess_reply(
                body.customer, body.reply, macros=body.macros, recent=body.recent, id=body.id
            )
    except InputError as exc:
        field = "reply" if exc.field == "reply" else "customer"
        raise invalid(field_error(["body", field], str(exc))) from None
    return verdict.to_record()
