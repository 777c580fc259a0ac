"""The core use cases: analyse, ingest, store, read, replay; and the lazily opened model and database.

``Core`` holds the state every use case shares (settings, repository, analyzer); replies and
insights add their use cases on top of it in their own modules, and ``Empathica`` joins them.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from empathica.config import Settings
from empathica.domain import (
    Analysis,
    Feedback,
    FeedbackQuery,
    IngestSummary,
    Overview,
    Page,
    Rejected,
    StoredItem,
)
from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.stages.redact import redact
from empathica.pipeline.taxonomy_cache import TaxonomyVariants
from empathica.pipeline.threads import thread_id_of
from empathica.services.cache import ResultCache
from empathica.sources import ColumnMapping, Row, parse_record, read_feedback
from empathica.storage import Repository, open_repository
from empathica.taxonomy import TaxonomyError, load_taxonomy

if TYPE_CHECKING:  # the reply parts' state lives here; their modules load with ``services.replies``
    from empathica.respond.coach import Coach
    from empathica.respond.llm import LLMClient
    from empathica.respond.phrasebook import Phrasebook
    from empathica.respond.playbook import Playbook

Progress = Callable[[int], None]

#: Rows handed to storage per transaction while ingesting.
INGEST_CHUNK = 500
#: Most texts one API or library call may analyse at once.
MAX_BATCH = 1000


class InputError(ValueError):
    """Input a caller can fix; ``field`` and ``index`` say where."""

    def __init__(self, message: str, field: str | None = None, index: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.index = index


@dataclass(slots=True)
class StoreResult:
    summary: IngestSummary
    ids: list[int] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


@dataclass(slots=True)
class FileResult:
    """One row of a file analysed without storing it: a record or the reason it was rejected."""

    line: int
    external_id: str | None
    analysis: Analysis | None = None
    rejected: Rejected | None = None

    def to_record(self) -> dict[str, Any]:
        if self.analysis is not None:
            return {"line": self.line, **self.analysis.to_record()}
        assert self.rejected is not None
        return {"line": self.line, "id": self.external_id, "rejected": self.rejected.reason}


@dataclass(slots=True)
class ReplayOutcome:
    rejected_id: int
    stored: bool
    reason: str


def load_analyzer(settings: Settings) -> Analyzer:
    """Build the default analyzer from settings (the bundled model unless one is configured)."""
    from empathica.pipeline.factory import build_analyzer

    model_dir = Path(settings.model_dir) if settings.model_dir else None
    return build_analyzer(
        model_dir,
        threads=settings.threads,
        batch_size=settings.batch_size,
        keep_original=settings.keep_original_text,
        taxonomy_paths=settings.taxonomy,
        cache_dir=settings.cache_dir,
        sentence_spans=settings.sentence_spans,
    )


class Core:
    """Settings, the lazily opened repository and analyzer, and the use cases on stored feedback."""

    def __init__(
        self,
        settings: Settings,
        *,
        repository: Repository | None = None,
        analyzer: Analyzer | None = None,
        llm: LLMClient | None = None,
    ) -> None:
        self.settings = settings
        self._repo = repository
        self._analyzer = analyzer
        self._llm = llm
        self._coach: Coach | None = None
        self._playbooks: dict[Path | None, Playbook] = {}
        self._phrasebooks: dict[Path | None, Phrasebook] = {}
        self._macros: list[str] | None = None
        self._variants: TaxonomyVariants | None = None
        # Maps, personas and "what changed" reports by store fingerprint (see services.cache).
        self._results = ResultCache()

    # -- lazily opened parts ---------------------------------------------------------------

    @property
    def repo(self) -> Repository:
        if self._repo is None:
            self._repo = open_repository(self.settings.sqlalchemy_url)
        return self._repo

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            self._analyzer = load_analyzer(self.settings)
        return self._analyzer

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()
            self._repo = None

    # -- analysis without storage -------------------------------------------------------------

    def check_text(self, text: Any, index: int | None = None) -> str:
        """The same rules as the importers, for texts that arrive one by one."""
        return self._checked(text, "text" if index is None else f"texts[{index}]", "text", index)

    def _checked(self, value: Any, where: str, field: str, index: int | None = None) -> str:
        """``value`` stripped, or an InputError saying where and why (not text, empty, too long)."""
        if not isinstance(value, str):
            raise InputError(f"{where}: expected a string, got {type(value).__name__}", field, index)
        stripped = value.strip()
        if not stripped:
            raise InputError(f"{where}: the {field} is empty", field, index)
        if len(stripped) > self.settings.max_text_chars:
            raise InputError(
                f"{where}: {len(stripped)} characters is over the limit of {self.settings.max_text_chars} "
                "(EMPATHICA_MAX_TEXT_CHARS)",
                field,
                index,
            )
        return stripped

    def analyze(
        self,
        texts: Sequence[str],
        ids: Sequence[str | None] | None = None,
        metadata: Sequence[dict[str, Any]] | None = None,
        taxonomy: str | None = None,
    ) -> list[Analysis]:
        """``taxonomy`` is YAML text (the ``--taxonomy`` file format) used for this call only."""
        if len(texts) > MAX_BATCH:
            raise InputError(f"{len(texts)} texts in one call; the limit is {MAX_BATCH}", "texts")
        clean = [self.check_text(t, i if len(texts) > 1 else None) for i, t in enumerate(texts)]
        analyzer = self.analyzer if taxonomy is None else self.analyzer_for(taxonomy)
        return analyzer.analyze(clean, ids, metadata)

    def analyzer_for(self, taxonomy: str) -> Analyzer:
        """The analyzer refitted on a taxonomy's YAML text over the configured one (cached by hash)."""
        if self._variants is None:
            self._variants = TaxonomyVariants(self.analyzer, lambda: load_taxonomy(self.settings.taxonomy))
        try:
            return self._variants.get(taxonomy)
        except TaxonomyError as exc:
            raise InputError(str(exc), "taxonomy") from None

    def analyze_file(
        self,
        src: str | Path | IO[bytes],
        *,
        format: str | None = None,
        mapping: ColumnMapping | None = None,
        source: str | None = None,
        progress: Progress | None = None,
    ) -> Iterator[FileResult]:
        """Analyse a file row by row, in input order; rejected rows are also quarantined."""
        name = source or (str(src) if isinstance(src, str | Path) else "stdin")
        mapping = mapping or ColumnMapping()
        rows = read_feedback(
            src,
            source=name,
            format=format,
            mapping=mapping,
            max_text_chars=self.settings.max_text_chars,
        )
        for chunk in _chunks(rows, self.analyzer.chunk_size, group=_row_thread):
            accepted = [r for r in chunk if isinstance(r, Row)]
            analyses = iter(
                self.analyzer.analyze(
                    [r.feedback.text for r in accepted],
                    [r.feedback.external_id for r in accepted],
                    [_row_metadata(r.feedback) for r in accepted],
                )
            )
            rejected = [r for r in chunk if isinstance(r, Rejected)]
            if rejected:
                self.repo.quarantine(rejected)
            for item in chunk:
                if isinstance(item, Row):
                    yield FileResult(item.line, item.feedback.external_id, analysis=next(analyses))
                else:
                    yield FileResult(item.line, _raw_id(item, mapping.id or "id"), rejected=item)
            if progress is not None:
                progress(len(chunk))

    # -- ingestion ------------------------------------------------------------------------------

    def ingest(
        self, rows: Iterable[Row | Rejected], source: str, progress: Progress | None = None
    ) -> IngestSummary:
        """Store accepted rows (idempotently) and quarantine the rest, chunk by chunk."""
        started = datetime.now(UTC)
        summary = IngestSummary(source=source)
        for chunk in _chunks(rows, INGEST_CHUNK):
            accepted = [self._prepare(r.feedback) for r in chunk if isinstance(r, Row)]
            rejected = [r for r in chunk if isinstance(r, Rejected)]
            summary.read += len(chunk)
            if accepted:
                result = self.repo.add_feedback(accepted)
                summary.stored += len(result.stored_ids)
                summary.duplicates += result.duplicates
            if rejected:
                self.repo.quarantine(rejected)
                summary.rejected += len(rejected)
            if progress is not None:
                progress(len(chunk))
        self.repo.log_ingestion(summary, started, datetime.now(UTC))
        return summary

    def ingest_file(
        self,
        src: str | Path | IO[bytes],
        *,
        source: str | None = None,
        format: str | None = None,
        mapping: ColumnMapping | None = None,
        progress: Progress | None = None,
    ) -> IngestSummary:
        name = source or (Path(src).stem if isinstance(src, str | Path) and str(src) != "-" else "stdin")
        rows = read_feedback(
            src,
            source=name,
            format=format,
            mapping=mapping or ColumnMapping(),
            max_text_chars=self.settings.max_text_chars,
        )
        return self.ingest(rows, name, progress)

    def store(self, records: Sequence[Mapping[str, Any]], source: str, analyze: bool = True) -> StoreResult:
        """Validate every record first; store all of them or none (the caller fixes and resends)."""
        parsed = [
            parse_record(
                r,
                line=i + 1,
                source=source,
                mapping=ColumnMapping(),
                max_text_chars=self.settings.max_text_chars,
            )
            for i, r in enumerate(records)
        ]
        rejected = [p for p in parsed if isinstance(p, Rejected)]
        if rejected:
            return StoreResult(
                IngestSummary(source, read=len(records), rejected=len(rejected)), rejected=rejected
            )
        rows = [p for p in parsed if isinstance(p, Row)]
        items = [self._prepare(r.feedback) for r in rows]
        result = self.repo.add_feedback(items)
        summary = IngestSummary(
            source, read=len(records), stored=len(result.stored_ids), duplicates=result.duplicates
        )
        ids = [self._stored_id(source, f.external_id) for f in items]
        if analyze:
            self._analyze_ids(ids)
        return StoreResult(summary, ids=ids)

    def _stored_id(self, source: str, external_id: str) -> int:
        item = self.repo.find_item(source, external_id)
        assert item is not None and item.feedback.id is not None
        return item.feedback.id

    def _prepare(self, feedback: Feedback) -> Feedback:
        """Redact before storing, so PII never reaches the display tables."""
        text, spans = redact(feedback.text)
        if spans:
            feedback.metadata = {**feedback.metadata, "redacted": sorted({s.kind for s in spans})}
        if self.settings.keep_original_text and spans:
            feedback.original_text = feedback.text
        feedback.text = text
        return feedback

    # -- analysis of stored items ----------------------------------------------------------------

    def count_unanalysed(self) -> int:
        return self.repo.count_unanalysed(self.analyzer.model_version)

    def analyze_stored(self, progress: Progress | None = None, chunk: int = 256) -> int:
        """Analyse what is stored and not yet analysed by this model; safe to stop and rerun."""
        done = 0
        after = 0
        version = self.analyzer.model_version
        while True:
            batch = self.repo.unanalysed(version, limit=chunk, after_id=after)
            if not batch:
                return done
            self._save(batch)
            after = max(f.id or 0 for f in batch)
            done += len(batch)
            if progress is not None:
                progress(len(batch))

    def _analyze_ids(self, ids: Sequence[int]) -> None:
        items = [self.repo.get_item(i) for i in ids]
        self._save([it.feedback for it in items if it is not None])

    def _save(self, feedback: Sequence[Feedback]) -> None:
        analyses = self.analyzer.analyze(
            [f.text for f in feedback],
            [f.external_id for f in feedback],
            [_row_metadata(f) for f in feedback],
        )
        self.repo.save_analyses(
            [(f.id, a) for f, a in zip(feedback, analyses, strict=True) if f.id is not None]
        )

    # -- reading ---------------------------------------------------------------------------------

    def list_feedback(self, query: FeedbackQuery) -> Page:
        return self.repo.query(query)

    def get_feedback(self, feedback_id: int) -> StoredItem | None:
        return self.repo.get_item(feedback_id)

    def get_many(self, feedback_ids: Sequence[int]) -> dict[int, StoredItem]:
        return self.repo.get_items(feedback_ids)

    def channels(self) -> list[str]:
        return self.repo.channels()

    def overview(self, query: FeedbackQuery | None = None) -> Overview:
        return build_overview(self.repo.iter_items(query or FeedbackQuery()), self.repo.count_feedback())

    def quarantine_list(
        self, source: str | None = None, include_replayed: bool = False, limit: int = 100, offset: int = 0
    ) -> list[Rejected]:
        return self.repo.list_quarantine(source, include_replayed, limit, offset)

    def quarantine_count(self, source: str | None = None, include_replayed: bool = False) -> int:
        return self.repo.count_quarantine(source, include_replayed)

    def quarantine_get(self, rejected_id: int) -> Rejected | None:
        return self.repo.get_quarantined(rejected_id)

    def replay(
        self,
        rejected_id: int,
        changes: Mapping[str, str] | None = None,
        mapping: ColumnMapping | None = None,
    ) -> ReplayOutcome:
        """Parse a quarantined row again (with fixes or new limits) and store it if it passes now."""
        rejected = self.repo.get_quarantined(rejected_id)
        if rejected is None:
            raise InputError(f"no quarantined row with id {rejected_id}", "id")
        try:
            record = json.loads(rejected.raw)
        except json.JSONDecodeError:
            record = None
        if not isinstance(record, dict):
            if not changes:
                hint = "the raw row is not a set of fields; give them with --set, e.g. --set text='...'"
                return ReplayOutcome(rejected_id, False, hint)
            record = {}
        record.update(changes or {})
        parsed = parse_record(
            record,
            line=rejected.line,
            source=rejected.source,
            mapping=mapping or ColumnMapping(),
            max_text_chars=self.settings.max_text_chars,
            raw=json.dumps(record, ensure_ascii=False),
        )
        if isinstance(parsed, Rejected):
            return ReplayOutcome(rejected_id, False, parsed.reason)
        result = self.repo.add_feedback([self._prepare(parsed.feedback)])
        self.repo.mark_replayed([rejected_id])
        what = "stored" if result.stored_ids else "already stored (duplicate)"
        return ReplayOutcome(rejected_id, True, what)


def _chunks(
    items: Iterable[Any], size: int, group: Callable[[Any], str | None] | None = None
) -> Iterator[list[Any]]:
    """Lists of ``size`` items; with ``group``, a full chunk still takes the items that continue
    its last item's group (up to 4 x ``size``), so a thread's consecutive rows are judged together."""
    chunk: list[Any] = []
    last: str | None = None
    for item in items:
        key = group(item) if group is not None else None
        if len(chunk) >= size and (key is None or key != last or len(chunk) >= 4 * size):
            yield chunk
            chunk = []
        chunk.append(item)
        if key is not None or isinstance(item, Row):
            last = key
    if chunk:
        yield chunk


def _row_thread(item: Row | Rejected) -> str | None:
    return thread_id_of(item.feedback.metadata) if isinstance(item, Row) else None


def _row_metadata(f: Feedback) -> dict[str, Any]:
    extra = {
        "channel": f.channel,
        "kind": f.kind,
        "created_at": f.created_at.isoformat() if f.created_at else None,
        "person_id": f.person_id,
        "person_kind": str(f.person_kind),
        "rating": f.rating,
    }
    return {**{k: v for k, v in extra.items() if v is not None}, **f.metadata}


def _raw_id(rejected: Rejected, column: str) -> str | None:
    try:
        record = json.loads(rejected.raw)
    except json.JSONDecodeError:
        return None
    value = record.get(column) if isinstance(record, dict) else None
    return None if value is None else str(value)


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build_overview(items: Iterable[StoredItem], total: int) -> Overview:
    """Counts by top Ekman emotion, channel and sentiment, and weekly series for the charts."""
    by_emotion: Counter[str] = Counter()
    by_channel: Counter[str] = Counter()
    by_sentiment: Counter[str] = Counter()
    emotion_weeks: dict[str, Counter[date]] = defaultdict(Counter)
    channel_weeks: dict[str, Counter[date]] = defaultdict(Counter)
    weeks: set[date] = set()
    analysed = 0
    for item in items:
        channel = item.feedback.channel or "unknown"
        by_channel[channel] += 1
        week = _week(item.feedback.created_at.date()) if item.feedback.created_at else None
        if week is not None:
            weeks.add(week)
            channel_weeks[channel][week] += 1
        if item.analysis is None:
            continue
        analysed += 1
        by_sentiment[item.analysis.sentiment] += 1
        emotion = item.analysis.ekman.top() or "neutral"
        by_emotion[emotion] += 1
        if week is not None:
            emotion_weeks[emotion][week] += 1
    axis = _week_axis(weeks)
    return Overview(
        total=total,
        analysed=analysed,
        by_emotion=dict(by_emotion.most_common()),
        by_channel=dict(by_channel.most_common()),
        by_sentiment=dict(by_sentiment.most_common()),
        weeks=[w.isoformat() for w in axis],
        emotion_by_week={k: [c[w] for w in axis] for k, c in sorted(emotion_weeks.items())},
        channel_by_week={k: [c[w] for w in axis] for k, c in sorted(channel_weeks.items())},
    )


def _week_axis(weeks: set[date]) -> list[date]:
    """Every week between the first and the last, so quiet weeks show as zero, not as gaps."""
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
