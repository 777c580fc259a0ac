"""Request and response models of the REST API.

Requests forbid unknown fields so a typo (``txt`` for ``text``) is a 422 naming the field
rather than a silently ignored value. Response models document the JSON shapes in the
OpenAPI page; they allow extra keys so a field added to ``Analysis.to_record()`` reaches
clients without waiting for this module.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from empathica.domain import Overview, PersonKind, Rejected, StoredItem
from empathica.services import MAX_BATCH

# -- requests -------------------------------------------------------------------------------------

#: Longest taxonomy YAML accepted in a request (a generous file of 50 labels is about 20,000).
MAX_TAXONOMY_CHARS = 200_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnalyzeItem(Strict):
    id: str | None = Field(default=None, description="Your id for this text; echoed back in the record.")
    text: str = Field(description="The text to analyse.")
    metadata: dict[str, Any] | None = Field(default=None, description="Echoed back in the record.")


class AnalyzeRequest(Strict):
    """Exactly one of ``text``, ``items`` or ``texts``."""

    text: str | None = Field(default=None, description="One text; the answer is one record.")
    id: str | None = Field(default=None, description="Id for the single ``text``.")
    items: list[AnalyzeItem] | None = Field(default=None, max_length=MAX_BATCH)
    texts: list[str] | None = Field(default=None, max_length=MAX_BATCH)
    taxonomy: str | None = Field(
        default=None,
        max_length=MAX_TAXONOMY_CHARS,
        description="Optional YAML text in the taxonomy file format (causes, employee_causes, needs, "
        "stages); each section given replaces the server's for this request. Fitted once per "
        "distinct text and cached.",
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "I waited two weeks and nobody answered my emails.", "id": "t-1"},
                {"texts": ["Thanks, that was quick!", "Still broken after the update."]},
                {"items": [{"id": "a", "text": "Love the new app", "metadata": {"channel": "review"}}]},
                {
                    "text": "The courier left my parcel in the rain.",
                    "taxonomy": "causes:\n  - name: delivery\n    description: Getting the order to "
                    'the customer.\n    examples: ["My parcel arrived two weeks late."]\n'
                    "  - name: price\n    description: What it costs.\n    examples: "
                    '["Far too expensive for what it is."]\n',
                },
            ]
        },
    )

    @model_validator(mode="after")
    def _one_form(self) -> AnalyzeRequest:
        given = [name for name in ("text", "items", "texts") if getattr(self, name) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none of them"
            raise ValueError(f"give exactly one of 'text', 'items' or 'texts' (found {found})")
        if self.id is not None and self.text is None:
            raise ValueError("'id' goes with 'text'; for many texts give 'items' with an id each")
        return self


class StoreRequest(Strict):
    source: str = Field(
        default="api",
        min_length=1,
        max_length=200,
        description="Where the items come from; (source, id) identifies an item.",
    )
    items: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description="Objects with 'text' and usually 'id'; channel, kind, created_at, person_id, "
        "person_kind, rating are read; any other key is kept as metadata.",
    )
    analyze: bool = Field(default=True, description="Analyse the new items right away.")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "source": "helpdesk",
                    "items": [
                        {
                            "id": "T-1001",
                            "text": "The courier never came.",
                            "channel": "email",
                            "created_at": "2026-03-05T10:12:00Z",
                            "rating": 1,
                            "order": "A-77",
                        },
                    ],
                    "analyze": True,
                }
            ]
        },
    )


# -- responses ------------------------------------------------------------------------------------


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class LabelScoresOut(Open):
    labels: list[str] = Field(description="Labels over their threshold, highest score first.")
    scores: dict[str, float]


class RedactionOut(Open):
    kind: str
    start: int
    end: int
    placeholder: str


class AnalysisOut(Open):
    id: str | None
    text: str
    emotions: LabelScoresOut
    ekman: LabelScoresOut
    sentiment: str
    valence: float
    intensity: float
    language: str
    low_confidence: bool
    redactions: list[RedactionOut]
    warnings: list[str]
    metadata: dict[str, Any]
    model_version: str


class AnalyzeResults(BaseModel):
    results: list[AnalysisOut]


class StoreResponse(BaseModel):
    stored: int = Field(description="New items stored by this call.")
    duplicates: int = Field(description="Items already stored earlier (same source and id).")
    ids: list[int] = Field(description="Stored ids of every item, in request order, duplicates included.")


class FeedbackOut(Open):
    """A stored item; ``original_text`` is added only when the server keeps original texts."""

    id: int
    source: str
    external_id: str
    text: str = Field(description="The text with personal data redacted.")
    channel: str | None
    kind: str | None
    created_at: datetime | None
    person_id: str | None
    person_kind: PersonKind
    rating: float | None
    metadata: dict[str, Any]
    analysis: AnalysisOut | None


class FeedbackPage(BaseModel):
    items: list[FeedbackOut]
    total: int
    limit: int
    offset: int


class OverviewOut(BaseModel):
    total: int
    analysed: int
    by_emotion: dict[str, int]
    by_channel: dict[str, int]
    by_sentiment: dict[str, int]
    weeks: list[str]
    emotion_by_week: dict[str, list[int]]
    channel_by_week: dict[str, list[int]]


class RejectedOut(BaseModel):
    id: int | None
    source: str
    line: int
    field: str | None
    reason: str
    raw: str
    created_at: datetime | None
    replayed: bool


class QuarantinePage(BaseModel):
    items: list[RejectedOut]
    total: int
    limit: int
    offset: int


class Health(BaseModel):
    status: str
    version: str


class ErrorOut(BaseModel):
    detail: str


# -- conversions ----------------------------------------------------------------------------------


def feedback_json(item: StoredItem, keep_original: bool) -> dict[str, Any]:
    """The public JSON of a stored item; the original (unredacted) text only when allowed."""
    f = item.feedback
    out: dict[str, Any] = {
        "id": f.id,
        "source": f.source,
        "external_id": f.external_id,
        "text": f.text,
        "channel": f.channel,
        "kind": f.kind,
        "created_at": f.created_at,
        "person_id": f.person_id,
        "person_kind": f.person_kind,
        "rating": f.rating,
        "metadata": f.metadata,
        "analysis": item.analysis.to_record() if item.analysis is not None else None,
    }
    if keep_original:
        out["original_text"] = f.original_text
    return out


def rejected_json(row: Rejected) -> dict[str, Any]:
    return asdict(row)


def overview_json(overview: Overview) -> dict[str, Any]:
    return asdict(overview)


class ThemeOut(BaseModel):
    id: str
    label: str
    keywords: list[str]
    polarity: str = Field(description="pain, gain, mixed (both common) or neutral")
    size: int
    score: float = Field(description="volume × intensity × trend; themes are sorted by it")
    intensity: float
    valence: float
    trend: float | None = Field(description="> 1 growing, < 1 fading; null without dates")
    examples: list[str] = Field(description="ids of the items closest to the theme's centre")
    renamed: bool = Field(False, description="the label was set by a person; rebuilds keep it")
    split_from: str = Field("", description="the theme a person split to make this one; rebuilds keep it")
    share: float | None = Field(None, description="share of the segment's items (segment views only)")


class ThemesOut(BaseModel):
    segment: dict[str, str] | None = Field(
        None, description="the segment's filters (segment views only; sizes and ranks are within it)"
    )
    items: int | None = Field(None, description="items in the segment (segment views only)")
    themes: list[ThemeOut]
    assignments: dict[str, str | None] = Field(description="stored feedback id -> theme id, or null")


class ThemeMoveOut(BaseModel):
    id: str
    label: str
    polarity: str
    recent: int = Field(description="the theme's items in the window")
    before: int = Field(description="its items in the window of the same length before")
    ratio: float | None = Field(description="recent / before; null when there were none before")
    first_seen: str | None = Field(description="date of the theme's earliest item")


class PolarityFlipOut(BaseModel):
    id: str
    label: str
    was: str = Field(description="the feeling of the theme's items in the window before")
    now: str = Field(description="the feeling of its items in the window")
    recent: int
    before: int


class ThemeChangesOut(BaseModel):
    days: int
    start: str = Field(description="start of the window (inclusive)")
    end: str = Field(description="end of the window (exclusive): now, or the `until` asked for")
    new_items: int = Field(description="items dated in the window")
    placed: int = Field(description="of those, items placed in a theme")
    new: list[ThemeMoveOut] = Field(description="themes whose first item is in the window")
    growing: list[ThemeMoveOut]
    shrinking: list[ThemeMoveOut]
    flipped: list[PolarityFlipOut] = Field(description="themes whose pain/gain feeling turned")


class QuoteOut(BaseModel):
    feedback_id: str = Field(description="id of the stored feedback item quoted (GET /feedback/{id})")
    text: str = Field(description="the item's text, PII-redacted, cut at 240 characters")
    evidence: str = Field("", description="the words the analysis pointed at, if any")


class PersonaAnswerOut(BaseModel):
    question: str = Field(description="work, inspires, motivates, interests or troubles")
    answer: str = Field(description="the answer, or 'Not enough evidence ...' when the data cannot say")
    strength: float = Field(description="share of the persona's people whose feedback supports it")
    inferred: bool = Field(description="read from feelings, causes, needs or themes rather than stated")
    supported: bool = Field(description="false when the data cannot answer the question")
    quotes: list[QuoteOut] = Field(description="1-3 supporting quotes, one per person")


class PersonaOut(BaseModel):
    id: str = Field(description="P1 is the largest persona")
    kind: str
    name: str
    summary: str
    size: int = Field(description="people in the persona")
    share: float = Field(description="share of this kind's people")
    items: int = Field(description="feedback items from those people")
    demographics: dict[str, dict[str, int]] = Field(description="attribute -> value -> people")
    traits: list[str] = Field(description="defining features, most distinctive first")
    answers: list[PersonaAnswerOut]
    feedback_ids: list[str]
    notes: list[str] = Field(description="what was merged or hidden, and why (privacy rule)")


class PersonasOut(BaseModel):
    kind: str
    personas: list[PersonaOut]
