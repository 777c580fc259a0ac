"""The feedback list (filters from a GET form, pages) and one item's page with its reply panel.

Bad filter values never produce an error page: the filter is dropped and the page says why,
because a person editing a URL deserves a usable page, not a JSON 422.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from empathica.domain import (
    EKMAN_LABELS,
    GOEMOTIONS_LABELS,
    Analysis,
    Cause,
    FeedbackQuery,
    LabelScores,
    ReplyDraft,
    StoredItem,
)
from empathica.services import REPLY_CHANNELS, REPLY_TONES
from empathica.web import charts
from empathica.web.pages.reasons import Chip, chips, evidence_spans, highlight, top_cause, why
from empathica.web.rendering import page_size, render_error, render_page, service_of, settings_of

#: Priorities worth flagging in the feedback list; low and normal stay quiet.
LOUD_PRIORITIES = ("high", "urgent")
PRIORITIES = ("low", "normal", "high", "urgent")

router = APIRouter(include_in_schema=False)


@dataclass(slots=True)
class Bar:
    label: str
    score: float
    selected: bool
    colour: str


def bars(scores: LabelScores, order: tuple[str, ...]) -> list[Bar]:
    labels = [label for label in order if label in scores.scores] or list(scores.scores)
    ranked = sorted(labels, key=lambda label: -scores.scores.get(label, 0.0))
    return [
        Bar(label, scores.scores.get(label, 0.0), label in scores.labels, charts.emotion_colour(label))
        for label in ranked
    ]


def loud_priority(analysis: Analysis | None) -> str | None:
    """The priority when it asks for attention (high, urgent); None keeps quiet rows quiet."""
    if analysis is None or analysis.risk is None:
        return None
    return analysis.risk.priority if analysis.risk.priority in LOUD_PRIORITIES else None


@dataclass(slots=True)
class ListRow:
    item: StoredItem
    chips: list[Chip]
    top_cause: Cause | None
    priority: str | None


# -- filters from the GET form --------------------------------------------------------------------


@dataclass(slots=True)
class Filters:
    channel: str = ""
    emotion: str = ""
    since: str = ""
    until: str = ""
    q: str = ""
    page: int = 1
    problems: list[str] = field(default_factory=list)

    def params(self, page: int | None = None) -> str:
        values = {
            "channel": self.channel,
            "emotion": self.emotion,
            "since": self.since,
            "until": self.until,
            "q": self.q,
        }
        kept = {k: v for k, v in values.items() if v}
        if page is not None and page > 1:
            kept["page"] = str(page)
        return urlencode(kept)

    @property
    def active(self) -> bool:
        return any((self.channel, self.emotion, self.since, self.until, self.q))


def _read_filters(request: Request) -> tuple[Filters, FeedbackQuery]:
    args = request.query_params
    f = Filters()
    query = FeedbackQuery()
    channel = args.get("channel", "").strip()
    if channel:
        f.channel = channel
        query.channel = channel
    emotion = args.get("emotion", "").strip().lower()
    if emotion:
        if emotion in GOEMOTIONS_LABELS:
            f.emotion = emotion
            query.emotion = emotion
        else:
            f.problems.append(f"Unknown emotion “{emotion}” was ignored.")
    for name in ("since", "until"):
        raw = args.get(name, "").strip()
        if not raw:
            continue
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            f.problems.append(f"“{raw}” is not a date (use YYYY-MM-DD); the {name} filter was ignored.")
            continue
        setattr(f, name, day.isoformat())
        start = datetime.combine(day, time.min, tzinfo=UTC)
        if name == "since":
            query.since = start
        else:
            query.until = start + timedelta(days=1) - timedelta(microseconds=1)
    search = args.get("q", "").strip()
    if search:
        f.q = search[:500]
        query.search = f.q
    raw_page = args.get("page", "1").strip()
    try:
        f.page = max(1, int(raw_page))
    except ValueError:
        f.problems.append(f"“{raw_page}” is not a page number; showing the first page.")
    return f, query


# -- pages ----------------------------------------------------------------------------------------


@router.get("/feedback", response_class=HTMLResponse)
def feedback_page(request: Request) -> HTMLResponse:
    service = service_of(request)
    channels = service.channels()
    filters, query = _read_filters(request)
    size = page_size(request)
    query.limit = size
    query.offset = (filters.page - 1) * size
    page = service.list_feedback(query)
    last_page = max(1, -(-page.total // size))
    if filters.page > last_page and page.total > 0:
        filters.problems.append(f"There is no page {filters.page}; showing the last page.")
        filters.page = last_page
        query.offset = (last_page - 1) * size
        page = service.list_feedback(query)
    first = page.offset + 1 if page.items else 0
    return render_page(
        request,
        "feedback_list.html",
        {
            "page": page,
            "rows": [
                ListRow(item, chips(item.analysis), top_cause(item.analysis), loud_priority(item.analysis))
                for item in page.items
            ],
            "filters": filters,
            "channels": channels,
            "ekman": EKMAN_LABELS,
            "fine": [label for label in GOEMOTIONS_LABELS if label not in EKMAN_LABELS],
            "first": first,
            "last": page.offset + len(page.items),
            "prev_url": f"/feedback?{filters.params(filters.page - 1)}" if filters.page > 1 else None,
            "next_url": f"/feedback?{filters.params(filters.page + 1)}" if filters.page < last_page else None,
        },
    )


def _offline_draft(request: Request, item: StoredItem) -> ReplyDraft | None:
    """The composer's draft, shown at once; the page asks the API for LLM or other-tone drafts."""
    if item.analysis is None:
        return None
    analysis = item.analysis
    analysis.metadata = {**analysis.metadata, "channel": item.feedback.channel}
    return service_of(request).draft_for(analysis, use_llm=False)


@router.get("/feedback/{feedback_id}", response_class=HTMLResponse)
def feedback_detail(request: Request, feedback_id: str) -> HTMLResponse:
    item = service_of(request).get_feedback(int(feedback_id)) if feedback_id.isdigit() else None
    if item is None:
        return render_error(request, 404, f"There is no feedback with id {feedback_id}.")
    analysis = item.analysis
    text = item.feedback.text
    spans = evidence_spans(text, analysis.causes, analysis.needs) if analysis else []
    return render_page(
        request,
        "feedback_detail.html",
        {
            "item": item,
            "f": item.feedback,
            "a": analysis,
            "show_original": settings_of(request).keep_original_text and item.feedback.original_text,
            "emotion_bars": bars(analysis.emotions, GOEMOTIONS_LABELS) if analysis else [],
            "ekman_bars": bars(analysis.ekman, EKMAN_LABELS) if analysis else [],
            "gauge": charts.valence_gauge(analysis.valence) if analysis else None,
            "chips": chips(analysis, extra=28),
            "marked_text": highlight(text, spans),
            "why": why(analysis, spans) if analysis else None,
            "stage": analysis.stage if analysis else None,
            "risk": analysis.risk if analysis else None,
            "priorities": PRIORITIES,
            "draft": _offline_draft(request, item),
            "reply_channels": REPLY_CHANNELS,
            "reply_tones": REPLY_TONES,
        },
    )
