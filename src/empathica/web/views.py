"""HTML pages of the dashboard, rendered with Jinja2 on the server.

Pages read the ``Empathica`` held by the app (``request.app.state.service``). Bad filter
values never produce an error page: the filter is dropped and the page says why, because
a person editing a URL deserves a usable page, not a JSON 422.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from empathica.config import Settings
from empathica.domain import (
    EKMAN_LABELS,
    GOEMOTIONS_LABELS,
    Analysis,
    Cause,
    FeedbackQuery,
    LabelScores,
    Need,
    ReplyDraft,
    StoredItem,
    Theme,
)
from empathica.insights import ThemeChanges
from empathica.services import REPLY_CHANNELS, REPLY_TONES, Empathica
from empathica.web import charts

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATES = Jinja2Templates(directory=HERE / "templates")

#: Fine-grained labels shown as chips next to the Ekman chips in lists.
CHIPS_PER_ITEM = 3
EXCERPT_CHARS = 220
RAW_CHARS = 160

router = APIRouter(include_in_schema=False)


# -- template helpers -----------------------------------------------------------------------------


def fmt_datetime(value: datetime | None, with_time: bool = True) -> str:
    if value is None:
        return "—"
    text = f"{value.day} {value.strftime('%b %Y')}"
    return f"{text}, {value.strftime('%H:%M')}" if with_time else text


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def pct(part: int, whole: int) -> str:
    """Whole percent, never rounded up to 100% while something is still missing."""
    if whole <= 0:
        return "0%"
    value = round(100 * part / whole)
    return f"{min(value, 99) if part < whole else value}%"


def readable(label: str) -> str:
    """Taxonomy names are identifiers (``lack_of_interaction``); people read ``lack of interaction``."""
    return " ".join(label.replace("_", " ").replace("-", " ").split())


def thousands(value: int) -> str:
    return f"{value:,}"


def unit(value: float) -> float:
    """A score clamped to 0..1 so a bad stored number can never draw a bar wider than its track."""
    return min(max(float(value), 0.0), 1.0)


TEMPLATES.env.filters["when"] = fmt_datetime
TEMPLATES.env.filters["readable"] = readable
TEMPLATES.env.filters["thousands"] = thousands
TEMPLATES.env.filters["unit"] = unit
TEMPLATES.env.filters["excerpt"] = excerpt
TEMPLATES.env.filters["family"] = charts.family
TEMPLATES.env.globals["pct"] = pct
TEMPLATES.env.globals["emotion_colour"] = charts.emotion_colour


@dataclass(slots=True)
class Chip:
    label: str
    score: float
    family: str
    primary: bool


def chips(analysis: Analysis | None, extra: int = CHIPS_PER_ITEM) -> list[Chip]:
    """Selected Ekman labels first, then the strongest selected fine-grained ones not already shown."""
    if analysis is None:
        return []
    out = [
        Chip(label, analysis.ekman.scores.get(label, 0.0), charts.family(label), True)
        for label in analysis.ekman.labels
    ]
    shown = {c.label for c in out}
    fine = [label for label in analysis.emotions.labels if label not in shown]
    out += [
        Chip(label, analysis.emotions.scores.get(label, 0.0), charts.family(label), False)
        for label in fine[:extra]
    ]
    return out


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


# -- reasons: evidence highlighting and the emotion -> cause -> need chain --------------------------

#: Priorities worth flagging in the feedback list; low and normal stay quiet.
LOUD_PRIORITIES = ("high", "urgent")
PRIORITIES = ("low", "normal", "high", "urgent")
#: Order of the kind classes on a mark covered by several spans (CSS relies on it for layering).
KIND_ORDER = ("need", "gain", "pain")


@dataclass(slots=True)
class Span:
    """One evidence span to highlight; ``key`` ties the mark to its card in the Why panel."""

    key: str
    kind: str  # pain | gain | need
    label: str
    start: int
    end: int


def locate(text: str, evidence: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the evidence lies in ``text``; offsets are trusted only when they cut out the evidence.

    Items analysed on another version of the text (redaction, truncation) may carry offsets
    that no longer match: then the quoted words are searched for, and if absent nothing is
    highlighted rather than the wrong words.
    """
    if 0 <= start < end <= len(text) and (not evidence or text[start:end] == evidence):
        return start, end
    if evidence.strip():
        found = text.find(evidence)
        if found >= 0:
            return found, found + len(evidence)
    return None


def _polarity(cause: Cause) -> str:
    return cause.polarity if cause.polarity in ("pain", "gain") else "pain"


def evidence_spans(text: str, causes: Sequence[Cause], needs: Sequence[Need]) -> list[Span]:
    spans: list[Span] = []
    for i, cause in enumerate(causes):
        where = locate(text, cause.evidence, cause.start, cause.end)
        if where:
            spans.append(Span(f"c{i}", _polarity(cause), readable(cause.label), *where))
    for i, need in enumerate(needs):
        where = locate(text, need.evidence, need.start, need.end)
        if where:
            spans.append(Span(f"n{i}", "need", readable(need.label), *where))
    return spans


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """The text with every evidence span in a ``<mark>``; every piece of user text is escaped.

    Overlapping spans are flattened rather than nested: the text is cut at every span edge and
    each piece gets one mark listing all the spans covering it (``data-spans``), so marks never
    straddle each other and a hovered cause can light up exactly its own words.
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        piece = str(escape(text[a:b]))
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if not covering:
            out.append(piece)
            continue
        kinds = [k for k in KIND_ORDER if any(s.kind == k for s in covering)]
        classes = " ".join(["hl", *(f"hl-{k}" for k in kinds)])
        keys = " ".join(s.key for s in covering)
        title = "; ".join(f"{s.label} ({'need' if s.kind == 'need' else 'cause'})" for s in covering)
        out.append(f'<mark class="{classes}" data-spans="{keys}" title="{escape(title)}">{piece}</mark>')
    return Markup("".join(out))


@dataclass(slots=True)
class CauseView:
    key: str
    label: str
    polarity: str
    score: float
    evidence: str
    emotions: list[Chip]
    highlighted: bool


@dataclass(slots=True)
class NeedView:
    key: str
    label: str
    score: float
    evidence: str
    highlighted: bool


@dataclass(slots=True)
class Why:
    """What the item page's Why panel draws: feelings, their causes, the needs they leave."""

    feels: list[Chip]
    causes: list[CauseView]
    needs: list[NeedView]

    @property
    def empty(self) -> bool:
        return not self.causes and not self.needs


def _emotion_chip(analysis: Analysis, label: str) -> Chip:
    score = analysis.emotions.scores.get(label, analysis.ekman.scores.get(label, 0.0))
    return Chip(label, score, charts.family(label), label in analysis.ekman.labels)


def why(analysis: Analysis, spans: Sequence[Span]) -> Why:
    shown = {s.key for s in spans}
    causes = sorted(enumerate(analysis.causes), key=lambda pair: -pair[1].score)
    needs = sorted(enumerate(analysis.needs), key=lambda pair: -pair[1].score)
    explained: list[str] = []
    for _, cause in causes:
        explained += [e for e in cause.emotions if e not in explained]
    return Why(
        feels=[_emotion_chip(analysis, e) for e in explained] or chips(analysis),
        causes=[
            CauseView(
                key=f"c{i}",
                label=readable(c.label),
                polarity=_polarity(c),
                score=c.score,
                evidence=c.evidence,
                emotions=[_emotion_chip(analysis, e) for e in c.emotions],
                highlighted=f"c{i}" in shown,
            )
            for i, c in causes
        ],
        needs=[
            NeedView(
                key=f"n{i}",
                label=readable(n.label),
                score=n.score,
                evidence=n.evidence,
                highlighted=f"n{i}" in shown,
            )
            for i, n in needs
        ],
    )


def top_cause(analysis: Analysis | None) -> Cause | None:
    if analysis is None or not analysis.causes:
        return None
    return max(analysis.causes, key=lambda c: c.score)


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


def _service(request: Request) -> Empathica:
    service: Empathica = request.app.state.service
    return service


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    from empathica import __version__

    base = {"nav": name.split(".")[0].split("_")[0], "version": __version__}
    return TEMPLATES.TemplateResponse(request, name, {**base, **context}, status_code=status_code)


def render_error(request: Request, status_code: int, message: str) -> HTMLResponse:
    titles = {404: "Not found", 405: "Not allowed", 500: "Something went wrong"}
    return _page(
        request,
        "error.html",
        {"status": status_code, "title": titles.get(status_code, "Error"), "message": message},
        status_code=status_code,
    )


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


@router.get("/")
def home() -> Response:
    return RedirectResponse("/overview", status_code=307)


@router.get("/overview", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    ov = _service(request).overview()
    emotions = charts.ordered_emotions(list(ov.emotion_by_week))
    channel_names = list(ov.by_channel)
    return _page(
        request,
        "overview.html",
        {
            "ov": ov,
            "pending": ov.total - ov.analysed,
            "emotion_cards": [(e, ov.by_emotion[e]) for e in charts.ordered_emotions(list(ov.by_emotion))],
            "emotion_chart": charts.stacked_bars(
                ov.weeks, ov.emotion_by_week, title="Feedback per week by Ekman emotion", order=emotions
            ),
            "channel_chart": charts.stacked_bars(
                ov.weeks,
                ov.channel_by_week,
                title="Feedback per week by channel",
                order=[c for c in channel_names if c in ov.channel_by_week],
                colours=charts.series_colours(channel_names),
            ),
            "channel_colours": charts.series_colours(channel_names),
        },
    )


@router.get("/feedback", response_class=HTMLResponse)
def feedback_page(request: Request) -> HTMLResponse:
    service = _service(request)
    channels = service.channels()
    filters, query = _read_filters(request)
    size = max(1, min(_settings(request).page_size, 500))
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
    return _page(
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
    return _service(request).draft_for(analysis, use_llm=False)


@router.get("/feedback/{feedback_id}", response_class=HTMLResponse)
def feedback_detail(request: Request, feedback_id: str) -> HTMLResponse:
    item = _service(request).get_feedback(int(feedback_id)) if feedback_id.isdigit() else None
    if item is None:
        return render_error(request, 404, f"There is no feedback with id {feedback_id}.")
    analysis = item.analysis
    text = item.feedback.text
    spans = evidence_spans(text, analysis.causes, analysis.needs) if analysis else []
    return _page(
        request,
        "feedback_detail.html",
        {
            "item": item,
            "f": item.feedback,
            "a": analysis,
            "show_original": _settings(request).keep_original_text and item.feedback.original_text,
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


@router.get("/quarantine", response_class=HTMLResponse)
def quarantine_page(request: Request) -> HTMLResponse:
    service = _service(request)
    size = max(1, min(_settings(request).page_size, 500))
    raw_page = request.query_params.get("page", "1")
    page_no = max(1, int(raw_page)) if raw_page.isdigit() else 1
    total = service.quarantine_count()
    rows = service.quarantine_list(limit=size, offset=(page_no - 1) * size)
    last_page = max(1, -(-total // size))
    return _page(
        request,
        "quarantine.html",
        {
            "rows": rows,
            "total": total,
            "first": (page_no - 1) * size + 1 if rows else 0,
            "last": (page_no - 1) * size + len(rows),
            "raw_chars": RAW_CHARS,
            "prev_url": f"/quarantine?page={page_no - 1}" if page_no > 1 else None,
            "next_url": f"/quarantine?page={page_no + 1}" if page_no < last_page else None,
        },
    )


# -- themes -------------------------------------------------------------------------------------


@dataclass(slots=True)
class ThemeRow:
    theme: Theme
    share: str
    examples: list[tuple[int, str]]  # (stored id, excerpt)


@router.get("/themes", response_class=HTMLResponse)
def themes_page(request: Request) -> HTMLResponse:
    """The stored themes, or one segment's view of them, and what changed in the last week.

    ``since`` alone clusters that date range afresh (as the API does); with ``segment``
    ("plan=pro, channel=email") it narrows the segment instead. ``until`` ends the week of
    "what changed" (default: now), so a past week can be looked at again.
    """
    from empathica.services import InputError, parse_segment

    service = _service(request)
    raw = (request.query_params.get("since") or "").strip()
    raw_segment = (request.query_params.get("segment") or "").strip()
    raw_until = (request.query_params.get("until") or "").strip()
    since: datetime | None = None
    until: datetime | None = None
    problem: str | None = None
    bad_input = False
    for name, value in (("since", raw), ("until", raw_until)):
        if value:
            try:
                moment = datetime.combine(date.fromisoformat(value), time.min, tzinfo=UTC)
            except ValueError:
                problem, bad_input = f"{name} '{value}' is not a date; use YYYY-MM-DD.", True
                continue
            if name == "since":
                since = moment
            else:
                until = moment + timedelta(days=1)  # the whole of that day
    rows: list[ThemeRow] = []
    total = unassigned = 0
    changes: ThemeChanges | None = None
    if problem is None:
        try:
            if raw_segment:
                view = service.themes_of_segment(
                    parse_segment([p for p in raw_segment.split(",") if p.strip()]), since
                )
                themes, total, unassigned = view.themes, view.items, view.unassigned
            else:
                result = (
                    service.stored_themes()
                    if since is None
                    else service.themes_stored(FeedbackQuery(since=since))
                )
                themes, total = result.themes, len(result.ids)
                unassigned = sum(a is None for a in result.assignments)
        except InputError as exc:
            problem, bad_input = str(exc), bool(raw_segment)
        else:
            for theme in themes:
                examples = []
                for ex in theme.examples:
                    item = service.get_feedback(int(ex))
                    if item is not None:
                        examples.append((int(ex), excerpt(item.feedback.text, 160)))
                rows.append(ThemeRow(theme, pct(theme.size, total), examples))
            try:
                changes = service.theme_changes(7, until)
            except InputError:
                changes = None
    return _page(
        request,
        "themes.html",
        {
            "rows": rows,
            "since": raw,
            "segment": raw_segment,
            "until": raw_until,
            "problem": problem,
            "total": total,
            "unassigned": unassigned,
            "changes": changes,
            "quiet": quiet_window(changes, service, request, "until"),
        },
        status_code=422 if bad_input else 200,
    )


# -- personas -----------------------------------------------------------------------------------


@router.get("/personas", response_class=HTMLResponse)
def personas_page(request: Request) -> HTMLResponse:
    """Persona cards from stored analyses; too little data is said plainly, never papered over."""
    from empathica.services import InputError

    service = _service(request)
    kind = (request.query_params.get("kind") or "customer").strip()
    problem: str | None = None
    found: list[Any] = []
    if kind not in ("customer", "employee"):
        problem = f"'{kind}' is not a kind of person; choose customers or employees."
    else:
        try:
            found = service.personas(kind)
        except InputError as exc:
            problem = str(exc)
    changes, changes_problem, days = None, None, 7
    if not problem:
        changes, changes_problem, days = _changes(
            request, lambda d, now: service.persona_changes(kind, days=d, now=now)
        )
    return _page(
        request,
        "personas.html",
        {
            "personas": found,
            "kind": kind,
            "problem": problem,
            "changes": changes,
            "changes_problem": changes_problem,
            "days": days,
            "quiet": quiet_window(changes, service, request, "asof"),
        },
        status_code=422 if problem else 200,
    )


def _changes(request: Request, compute: Any) -> tuple[Any, str | None, int]:
    """The "what changed" panel's report, or why there is none; ``days`` and ``asof`` are read
    from the page's query (``asof`` fixes "now", for a past week or a reproducible page)."""
    from empathica.services import InputError

    raw_days = (request.query_params.get("days") or "7").strip()
    raw_asof = (request.query_params.get("asof") or "").strip()
    if not raw_days.isdigit() or not 1 <= int(raw_days) <= 3660:
        return None, f"'{raw_days}' is not a number of days; use 1 to 3660.", 7
    days = int(raw_days)
    now = None
    if raw_asof:
        try:
            now = datetime.combine(date.fromisoformat(raw_asof), time.max, tzinfo=UTC)
        except ValueError:
            return None, f"'{raw_asof}' is not a date; use YYYY-MM-DD.", days
    try:
        return compute(days, now), None, days
    except InputError as exc:
        return None, str(exc), days


def newest_date(service: Any) -> date | None:
    """The date of the newest dated feedback, for a "nothing this week" panel to point back to."""
    page = service.list_feedback(FeedbackQuery(limit=1))
    newest = page.items[0].feedback.created_at if page.items else None
    return newest.date() if newest is not None else None


def quiet_window(report: Any, service: Any, request: Request, param: str) -> tuple[date, str] | None:
    """The newest feedback's date when none arrived in the report's window and older feedback exists.

    Stored data often stops before today (an export, the demo): the page then offers the same
    window ending on that date (a link setting ``param``) instead of a panel that can only say
    "nothing".
    """
    if report is None or report.new_items:
        return None
    newest = newest_date(service)
    start = getattr(report, "since", None) or getattr(report, "start", None)
    if newest is None or start is None or newest >= start.date():
        return None
    return newest, str(request.url.include_query_params(**{param: newest.isoformat()}))


# -- empathy map ----------------------------------------------------------------------------------

#: Evidence items quoted under an entry on the page; the rest are listed as links.
MAP_QUOTES = 5


@dataclass(slots=True)
class MapCell:
    name: str
    title: str
    entries: list[tuple[Any, list[tuple[str, str]], list[str]]]  # (entry, quoted (id, excerpt), other ids)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """The empathy map of a segment; every entry opens onto the feedback that supports it."""
    from empathica.domain import PersonKind
    from empathica.insights.empathy_map import SECTION_TITLES
    from empathica.services import MAP_STAGES, InputError

    service = _service(request)
    params = {
        k: (request.query_params.get(k) or "").strip()
        for k in ("channel", "stage", "since", "until", "kind", "persona")
    }
    problem: str | None = None
    dates: dict[str, datetime | None] = {"since": None, "until": None}
    for name in ("since", "until"):
        if params[name]:
            try:
                day = date.fromisoformat(params[name])
            except ValueError:
                problem = f"'{params[name]}' is not a date; use YYYY-MM-DD."
                continue
            moment = datetime.combine(day, time.min, tzinfo=UTC)
            dates[name] = moment + timedelta(days=1, microseconds=-1) if name == "until" else moment
    kind = params["kind"] or "customer"
    if kind not in ("customer", "employee"):
        problem = f"'{kind}' is not a kind of person; use customer or employee."
    cells: list[MapCell] = []
    emap = None
    if problem is None:
        query = FeedbackQuery(
            channel=params["channel"] or None,
            person_kind=PersonKind(kind),
            since=dates["since"],
            until=dates["until"],
        )
        try:
            emap = service.empathy_map(
                query, stage=params["stage"] or None, persona=params["persona"] or None
            )
        except InputError as exc:
            problem = str(exc)
    if emap is not None:
        quotable = [e.evidence[:MAP_QUOTES] for entries in emap.sections.values() for e in entries]
        texts = service.get_many([int(k) for keys in quotable for k in keys if k.isdigit()])  # one query
        for name in ("thinks_feels", "sees", "hears", "says_does", "pains", "gains"):
            rows = []
            for entry in emap.sections[name]:
                quoted = []
                for key in entry.evidence[:MAP_QUOTES]:
                    found = texts.get(int(key)) if key.isdigit() else None
                    if found is not None:
                        quoted.append((key, excerpt(found.feedback.text, 180)))
                rows.append((entry, quoted, entry.evidence[MAP_QUOTES:]))
            cells.append(MapCell(name, SECTION_TITLES[name], rows))
    changes, changes_problem, days = None, None, 7
    if emap is not None:
        if dates["since"] or dates["until"]:
            changes_problem = (
                "Clear Since and Until to compare this map with last week: a comparison sets its own dates."
            )
        else:
            changes, changes_problem, days = _changes(
                request,
                lambda d, now: service.map_changes(
                    query, days=d, now=now, stage=params["stage"] or None, persona=params["persona"] or None
                ),
            )
    query_string = urlencode({k: v for k, v in params.items() if v})
    return _page(
        request,
        "map.html",
        {
            "emap": emap,
            "cells": cells,
            "params": params,
            "problem": problem,
            "channels": service.channels(),
            "stages": MAP_STAGES,
            "query_string": query_string,
            "changes": changes,
            "changes_problem": changes_problem,
            "days": days,
            "titles": SECTION_TITLES,
            "quiet": quiet_window(changes, service, request, "asof"),
        },
        status_code=422 if problem and emap is None and any(params.values()) else 200,
    )


# -- API reference --------------------------------------------------------------------------------


def type_name(schema: dict[str, Any]) -> str:
    """A short readable type for an OpenAPI schema: ``string``, ``list[string]``, ``FeedbackOut``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        parts = [type_name(s) for s in schema["anyOf"] if s.get("type") != "null"]
        optional = any(s.get("type") == "null" for s in schema["anyOf"])
        return " | ".join(parts) + (" | null" if optional else "")
    if schema.get("type") == "array":
        return f"list[{type_name(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    return str(schema.get("type", "any"))


@dataclass(slots=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    params: list[dict[str, Any]]
    body: str | None
    examples: list[str]
    responses: list[tuple[str, str, str]]


def operations(spec: dict[str, Any]) -> list[Operation]:
    import json

    schemas = spec.get("components", {}).get("schemas", {})
    out: list[Operation] = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body_schema = (
                op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            )
            body = type_name(body_schema) if body_schema else None
            examples = schemas.get(body or "", {}).get("examples", []) if body else []
            out.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", "").replace("``", "`"),
                    params=[
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_name(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    body=body,
                    examples=[json.dumps(e, indent=2, ensure_ascii=False) for e in examples],
                    responses=[
                        (
                            code,
                            r.get("description", ""),
                            type_name(r.get("content", {}).get("application/json", {}).get("schema", {}))
                            if r.get("content")
                            else "",
                        )
                        for code, r in op.get("responses", {}).items()
                    ],
                )
            )
    return out


@router.get("/docs", response_class=HTMLResponse)
def api_docs_page(request: Request) -> HTMLResponse:
    """The API reference, drawn from the app's own OpenAPI document with no CDN-hosted viewer."""
    spec = request.app.openapi()
    return _page(
        request,
        "api_docs.html",
        {"spec": spec, "ops": operations(spec), "openapi_url": request.app.openapi_url},
    )
