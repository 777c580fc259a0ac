"""Plain data classes shared by every layer.

Nothing here imports from the rest of the package: the domain is the vocabulary every
layer speaks, so it must stay free of storage, model and web concerns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any

GOEMOTIONS_LABELS: tuple[str, ...] = (
    "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion",
    "curiosity", "desire", "disappointment", "disapproval", "disgust", "embarrassment",
    "excitement", "fear", "gratitude", "grief", "joy", "love", "nervousness", "optimism",
    "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
)  # fmt: skip

EKMAN_LABELS: tuple[str, ...] = (
    "anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral",
)  # fmt: skip

SENTIMENTS: tuple[str, ...] = ("positive", "negative", "neutral", "mixed")


class PersonKind(StrEnum):
    """Employees are internal customers: same pipeline, separate privacy rules."""

    CUSTOMER = "customer"
    EMPLOYEE = "employee"


@dataclass(slots=True)
class Person:
    external_id: str
    kind: PersonKind = PersonKind.CUSTOMER
    name: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Feedback:
    """One thing a person wrote, as it arrived from a source.

    ``source`` + ``external_id`` is the identity used for idempotent ingestion.
    """

    source: str
    external_id: str
    text: str
    channel: str | None = None
    kind: str | None = None
    created_at: datetime | None = None
    person_id: str | None = None
    person_kind: PersonKind = PersonKind.CUSTOMER
    rating: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    original_text: str | None = None
    id: int | None = None


@dataclass(slots=True)
class Redaction:
    """A span of the original text replaced by a placeholder such as ``[EMAIL]``."""

    kind: str
    start: int
    end: int
    placeholder: str


@dataclass(slots=True)
class LabelScores:
    """Scores for every label of one taxonomy and the labels that passed their thresholds."""

    labels: list[str]
    scores: dict[str, float]

    def top(self) -> str | None:
        return self.labels[0] if self.labels else None


@dataclass(slots=True)
class Cause:
    """Why the writer feels as they do, with the words that show it and the emotions it explains."""

    label: str
    score: float
    evidence: str = ""
    start: int = 0
    end: int = 0
    emotions: list[str] = field(default_factory=list)
    polarity: str = "pain"  # "pain" or "gain": causes of delight count too


@dataclass(slots=True)
class Need:
    """What the writer needs now (to be heard, reassurance, a fast fix...), with evidence."""

    label: str
    score: float
    evidence: str = ""
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class JourneyStage:
    """When it happened: before, during or after the interaction or purchase."""

    label: str
    score: float
    evidence: str = ""


@dataclass(slots=True)
class ThreadStage:
    """The journey stage of the conversation a message belongs to, judged over its messages.

    ``label`` is ``None`` when no message of the thread has a stage of its own (agents' replies
    only, or employee feedback). ``evidence_id`` is the id of the message quoted.
    """

    id: str
    label: str | None
    score: float
    evidence: str = ""
    evidence_id: str | None = None
    messages: int = 1


@dataclass(slots=True)
class EmotionSpan:
    """One sentence of a longer text and the feelings it carries.

    A whole-text score says an e-mail is angry; readers want to see which sentence is, and a
    long message often moves from thanks to anger to worry. Offsets index the analysed text.
    """

    text: str
    start: int
    end: int
    labels: list[str]  # GoEmotions labels at or over their threshold, strongest first; never neutral
    score: float  # the strongest label's probability


@dataclass(slots=True)
class Risk:
    """How likely and how fast this may spread or cost a customer, and why, in plain words."""

    amplification: float
    estimated_reach: int
    urgency: float
    churn: float
    priority: str  # low | normal | high | urgent
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Analysis:
    """Everything the pipeline says about one text; ``to_record`` is the public JSON shape."""

    id: str | None
    text: str
    emotions: LabelScores
    ekman: LabelScores
    sentiment: str
    valence: float
    intensity: float
    language: str = "en"
    low_confidence: bool = False
    redactions: list[Redaction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    model_version: str = ""
    causes: list[Cause] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    stage: JourneyStage | None = None
    risk: Risk | None = None
    thread: ThreadStage | None = None  # only for items whose metadata names a thread
    spans: list[EmotionSpan] = field(default_factory=list)  # only for longer, multi-sentence texts

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["emotions"] = {"labels": self.emotions.labels, "scores": self.emotions.scores}
        record["ekman"] = {"labels": self.ekman.labels, "scores": self.ekman.scores}
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Analysis:
        return cls(
            id=record.get("id"),
            text=record["text"],
            emotions=LabelScores(**record["emotions"]),
            ekman=LabelScores(**record["ekman"]),
            sentiment=record["sentiment"],
            valence=float(record["valence"]),
            intensity=float(record["intensity"]),
            language=record.get("language", "en"),
            low_confidence=bool(record.get("low_confidence", False)),
            redactions=[Redaction(**r) for r in record.get("redactions", [])],
            warnings=list(record.get("warnings", [])),
            metadata=dict(record.get("metadata", {})),
            model_version=record.get("model_version", ""),
            causes=[Cause(**c) for c in record.get("causes", [])],
            needs=[Need(**n) for n in record.get("needs", [])],
            stage=JourneyStage(**record["stage"]) if record.get("stage") else None,
            risk=Risk(**record["risk"]) if record.get("risk") else None,
            thread=ThreadStage(**record["thread"]) if record.get("thread") else None,
            spans=[EmotionSpan(**sp) for sp in record.get("spans", [])],
        )


REPLY_ROLES: tuple[str, ...] = (
    "acknowledge", "validate", "apologise", "thank", "reassure", "next_step", "close",
)  # fmt: skip

EMPATHY_NEEDED: tuple[str, ...] = ("none", "some", "high")


@dataclass(slots=True)
class ReplyPart:
    """One move of a reply (acknowledge, apologise, next step...), so a UI can show and reorder them."""

    role: str
    text: str


@dataclass(slots=True)
class Grounding:
    """What a reply was written from: the feeling, its cause, the need and the moment it arose."""

    emotion: str | None = None
    cause: str | None = None
    need: str | None = None
    stage: str | None = None
    evidence: str = ""  # the customer's own words for the cause, echoed in the reply
    #: The playbook situation whose step the reply gives ("lost parcel", "disrupted journey"): the
    #: step's ``name`` or first ``when`` phrase; None for a general step, praise or a public reply.
    situation: str | None = None


@dataclass(slots=True)
class ReplyDraft:
    """A suggested reply; ``source`` says whether the offline composer or a configured LLM wrote it."""

    text: str
    parts: list[ReplyPart]
    grounding: Grounding
    channel: str = "email"
    tone: str = "warm"
    source: str = "composer"  # composer | llm
    warnings: list[str] = field(default_factory=list)
    id: str | None = None

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Mechanisms:
    """EPITOME's three empathy mechanisms, each 0 (absent), 1 (weak) or 2 (strong)."""

    emotional_reactions: int = 0
    interpretations: int = 0
    explorations: int = 0


@dataclass(slots=True)
class Behaviours:
    """The moves a good complaint reply makes; each is present or not."""

    acknowledges_emotion: bool = False
    validates: bool = False
    apologises: bool = False
    thanks: bool = False
    reassures: bool = False
    next_step: bool = False
    addresses_cause: bool = False
    personal: bool = False


@dataclass(slots=True)
class Scripted:
    """How close a reply is to a canned macro, a recent reply or a cliché, and the closest one."""

    score: float = 0.0
    closest: str = ""


@dataclass(slots=True)
class EmpathyAssessment:
    """The coach's verdict on an agent's reply to a customer, before it is sent.

    ``empathy_needed`` separates "none needed" (a neutral how-to question) from "missing"
    (an upset customer answered coldly): the score is judged against what the customer needed.
    """

    mechanisms: Mechanisms
    behaviours: Behaviours
    empathy_needed: str
    scripted: Scripted
    score: int
    suggestions: list[str] = field(default_factory=list)
    id: str | None = None

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


THEME_POLARITIES: tuple[str, ...] = ("pain", "gain", "mixed", "neutral")


@dataclass(slots=True)
class Theme:
    """A recurring subject in the feedback (a pain, a gain or neither), with the items that support it.

    ``centroid`` and ``threshold`` let new items join the theme without a rebuild; they are model
    state, not something a reader needs, so ``to_record`` leaves them out.
    """

    id: str
    label: str
    keywords: list[str]
    polarity: str  # one of THEME_POLARITIES
    size: int
    score: float = 0.0
    intensity: float = 0.0
    valence: float = 0.0
    trend: float | None = None  # > 1 growing, < 1 fading; None without dates
    examples: list[str] = field(default_factory=list)  # ids of the most representative items
    renamed: bool = False  # the label was set by a person: rebuilds and updates keep it
    split_from: str = ""  # the id of the theme a person split to make this one; rebuilds keep the split
    centroid: tuple[float, ...] = field(default=(), repr=False)
    threshold: float = 0.0
    parts: tuple[tuple[float, ...], ...] = field(default=(), repr=False)  # centroids a person merged

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        del record["centroid"], record["threshold"], record["parts"]
        return record


PERSONA_QUESTIONS: tuple[str, ...] = ("work", "inspires", "motivates", "interests", "troubles")
PERSONA_KINDS: tuple[str, ...] = ("customer", "employee")


@dataclass(slots=True)
class Quote:
    """A person's own (PII-redacted) words that support an answer; ``feedback_id`` resolves to the item."""

    feedback_id: str
    text: str
    evidence: str = ""  # the span the analysis pointed at (a cause's or need's words), if any


@dataclass(slots=True)
class PersonaAnswer:
    """One of the persona questions (see ``PERSONA_QUESTIONS``) answered from the data, or not.

    ``strength`` is the share of the persona's people whose feedback supports the answer;
    ``inferred`` is true when the answer is read from feelings, causes or needs rather than
    stated (the text says what it was inferred from); ``supported`` is false when the data
    cannot answer the question, and then the text says so instead of guessing.
    """

    question: str
    answer: str
    strength: float = 0.0
    inferred: bool = False
    supported: bool = True
    quotes: list[Quote] = field(default_factory=list)


@dataclass(slots=True)
class Persona:
    """A group of people (customers or employees) who feel and need alike, built from their feedback.

    The record is a stable contract (empathy maps build on it): ``id`` (P1 is the largest when
    first built; a persona keeps its id and name as feedback arrives, see ``build_personas``),
    ``kind``, ``name``, ``summary``, ``size`` (people), ``share`` (of the kind's people),
    ``items`` (feedback items), ``demographics`` (attribute -> value -> people; employee values
    held by too few people are folded into "other"), ``traits`` (defining features, most
    distinctive first, such as "emotion:disappointment" or "need:to_be_heard"), ``answers`` (one
    per question, in ``PERSONA_QUESTIONS`` order), ``feedback_ids`` (every member item) and
    ``notes`` (what was merged or hidden, and why).
    """

    id: str
    kind: str
    name: str
    summary: str
    size: int
    share: float
    items: int
    demographics: dict[str, dict[str, int]] = field(default_factory=dict)
    traits: list[str] = field(default_factory=list)
    answers: list[PersonaAnswer] = field(default_factory=list)
    feedback_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def answer(self, question: str) -> PersonaAnswer | None:
        return next((a for a in self.answers if a.question == question), None)

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Persona:
        """The inverse of ``to_record`` (a stored build is read back with it)."""
        fields = dict(data)
        fields["answers"] = [
            PersonaAnswer(**{**a, "quotes": [Quote(**q) for q in a.get("quotes", [])]})
            for a in fields.get("answers", [])
        ]
        return cls(**fields)


@dataclass(slots=True)
class Rejected:
    """A row that could not be accepted, kept in quarantine so nothing is lost."""

    source: str
    line: int
    reason: str
    raw: str
    field: str | None = None
    id: int | None = None
    created_at: datetime | None = None
    replayed: bool = False


@dataclass(slots=True)
class IngestSummary:
    source: str
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0

    @property
    def ok(self) -> bool:
        return self.rejected == 0


@dataclass(slots=True)
class FeedbackQuery:
    """Filters for listing stored feedback; every field is optional."""

    channel: str | None = None
    emotion: str | None = None
    source: str | None = None
    kind: str | None = None
    person_kind: PersonKind | None = None
    since: datetime | None = None
    until: datetime | None = None
    search: str | None = None
    #: Metadata attributes that must match (plan, segment, location...); values compare as text,
    #: ignoring case, so "Pro" from a CSV and "pro" typed in a filter are the same plan.
    metadata: dict[str, str] = field(default_factory=dict)
    limit: int = 50
    offset: int = 0

    def key(self) -> tuple[Any, ...]:
        """Every filter as a hashable tuple (metadata as sorted pairs), for keeping results by query."""
        return tuple(
            tuple(sorted(self.metadata.items())) if f.name == "metadata" else getattr(self, f.name)
            for f in fields(self)
        )


@dataclass(slots=True)
class StoredItem:
    """A stored feedback item with its latest analysis (None until analysed)."""

    feedback: Feedback
    analysis: Analysis | None = None


@dataclass(slots=True)
class Page:
    items: list[StoredItem]
    total: int
    limit: int
    offset: int


@dataclass(slots=True)
class Overview:
    """Counts for the dashboard's overview page; weekly series share the ``weeks`` axis."""

    total: int
    analysed: int
    by_emotion: dict[str, int]
    by_channel: dict[str, int]
    by_sentiment: dict[str, int]
    weeks: list[str]
    emotion_by_week: dict[str, list[int]]
    channel_by_week: dict[str, list[int]]


#: The six sections of a customer empathy map, in reading order.
MAP_SECTIONS: tuple[str, ...] = ("thinks_feels", "says_does", "hears", "sees", "pains", "gains")


@dataclass(slots=True)
class MapEntry:
    """One line of an empathy map, with the feedback that supports it.

    ``strength`` is the share of the map's items that support the entry, so entries of a small
    segment and of a large one read on the same scale. ``note`` qualifies the entry where the
    reader needs it (``"felt, not said"`` for an emotion nobody put into words).
    """

    text: str
    evidence: list[str]
    strength: float
    note: str = ""

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class EmpathyMap:
    """A six-section customer empathy map of a segment or persona (``title`` sits in the middle)."""

    title: str
    sections: dict[str, list[MapEntry]]
    items: int
    segment: dict[str, str] = field(default_factory=dict)
    since: datetime | None = None
    until: datetime | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "segment": dict(self.segment),
            "items": self.items,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "sections": {name: [e.to_record() for e in self.sections.get(name, [])] for name in MAP_SECTIONS},
        }


# -- what changed -----------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(slots=True)
class LabelChange:
    """A pain, need or emotion that is new or rising among one persona's people.

    ``before`` is the share of the persona's items up to the cut-off that carry it, ``after``
    the share of its items since; ``count`` items since carry it and ``evidence`` are their ids.
    """

    facet: str  # "pain", "need" or "emotion"
    label: str
    status: str  # "new" (never seen before the cut-off) or "rising"
    before: float
    after: float
    count: int
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PersonaChange:
    """One persona compared across the cut-off: ``status`` is "new", "gone" or "kept"."""

    id: str
    name: str
    status: str
    size_before: int
    size_after: int
    share_before: float
    share_after: float
    new_items: int  # the persona's items dated after the cut-off
    changes: list[LabelChange] = field(default_factory=list)


@dataclass(slots=True)
class PersonaChanges:
    """Personas as of ``since`` against personas as of ``until``, built from the same store."""

    kind: str
    since: datetime
    until: datetime
    days: int
    items_before: int
    items_after: int
    personas: list[PersonaChange] = field(default_factory=list)
    message: str = ""

    @property
    def new_items(self) -> int:
        return self.items_after - self.items_before

    def to_record(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(since=_iso(self.since), until=_iso(self.until), new_items=self.new_items)
        return out


@dataclass(slots=True)
class MapEntryChange:
    """An empathy-map entry that is new, grew or faded; strengths are shares of the map's items.

    ``evidence`` is what moved it: for a new or grown entry the items that joined it after the
    cut-off, for a faded one the items that supported it before.
    """

    section: str
    text: str
    status: str  # "new", "grown" or "faded"
    before: float
    after: float
    evidence: list[str] = field(default_factory=list)
    note: str = ""


@dataclass(slots=True)
class MapChanges:
    """One empathy map as of ``since`` against the same map as of ``until``."""

    title: str
    since: datetime
    until: datetime
    days: int
    items_before: int
    items_after: int
    segment: dict[str, str] = field(default_factory=dict)
    entries: list[MapEntryChange] = field(default_factory=list)
    message: str = ""

    @property
    def new_items(self) -> int:
        return self.items_after - self.items_before

    def section(self, name: str, status: str | None = None) -> list[MapEntryChange]:
        return [e for e in self.entries if e.section == name and (status is None or e.status == status)]

    def to_record(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(since=_iso(self.since), until=_iso(self.until), new_items=self.new_items)
        return out


# -- access: who may do what -----------------------------------------------------------------------


class Scope(StrEnum):
    """What a caller may do. ``analyze`` computes without changing anything stored; ``write`` changes it."""

    READ = "read"
    ANALYZE = "analyze"
    WRITE = "write"
    ADMIN = "admin"


class Role(StrEnum):
    """A dashboard user's job, mapped to scopes by ``ROLE_SCOPES`` so nobody hand-picks scopes per person."""

    VIEWER = "viewer"
    AGENT = "agent"
    ANALYST = "analyst"
    ADMIN = "admin"


ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.VIEWER: frozenset({Scope.READ}),
    Role.AGENT: frozenset({Scope.READ, Scope.ANALYZE}),
    Role.ANALYST: frozenset({Scope.READ, Scope.ANALYZE, Scope.WRITE}),
    Role.ADMIN: frozenset(Scope),
}


def allows(scopes: frozenset[Scope] | set[Scope], wanted: Scope) -> bool:
    """``admin`` implies every other scope; otherwise the scope must be granted itself."""
    return Scope.ADMIN in scopes or wanted in scopes


@dataclass(slots=True)
class User:
    """A dashboard account. The password hash stays in storage: this object is safe to render."""

    id: int
    username: str
    role: Role
    created_at: datetime
    disabled: bool = False

    @property
    def scopes(self) -> frozenset[Scope]:
        return ROLE_SCOPES[self.role]


@dataclass(slots=True)
class ApiKey:
    """An API key as listed: the public ``prefix`` identifies it; the secret is never kept."""

    id: int
    name: str
    prefix: str
    scopes: frozenset[Scope]
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
