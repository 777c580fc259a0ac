"""Use cases: the one place where pipeline, storage and sources meet.

CLI, API and dashboard call ``Empathica`` and nothing below it, so each use case is
written once. The model and the database are opened lazily: ``empathica analyze`` on a
file never touches the database unless a row has to be quarantined, and listing stored
feedback never loads the model.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from empathica.config import Settings
from empathica.domain import (
    Analysis,
    EmpathyAssessment,
    EmpathyMap,
    Feedback,
    FeedbackQuery,
    IngestSummary,
    Overview,
    Page,
    Persona,
    PersonKind,
    Rejected,
    ReplyDraft,
    StoredItem,
    Theme,
)
from empathica.insights import (
    MIN_ITEMS,
    ClusterOptions,
    EditError,
    NotEnoughData,
    PersonaItem,
    PersonaOptions,
    ThemeResult,
    build_empathy_map,
    build_personas,
    build_themes,
    merge,
    rename,
)
from empathica.insights import split as split_theme
from empathica.insights import update as update_themes
from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.stages.redact import redact
from empathica.pipeline.taxonomy_cache import TaxonomyVariants
from empathica.pipeline.threads import thread_id_of
from empathica.respond.composer import CHANNELS, TONES, compose
from empathica.respond.llm import LLMClient, OpenAIChatClient, draft_with_llm
from empathica.respond.playbook import Playbook, load_playbook
from empathica.sources import ColumnMapping, Row, parse_record, read_feedback
from empathica.storage import Repository, open_repository
from empathica.taxonomy import TaxonomyError, load_taxonomy

if TYPE_CHECKING:
    from empathica.respond.coach import Coach

Progress = Callable[[int], None]

#: Rows handed to storage per transaction while ingesting.
INGEST_CHUNK = 500
#: Most texts one API or library call may analyse at once.
MAX_BATCH = 1000
#: An LLM draft is shown only if the coach scores it no more than this below the offline draft.
LLM_SCORE_MARGIN = 10
#: The channels and tones a reply can be drafted for (the composer's), for the outer layers.
REPLY_CHANNELS, REPLY_TONES = CHANNELS, TONES
#: Feedback channels that map onto the composer's reply channels.
_CHANNEL_ALIASES = {
    "twitter": "social", "x": "social", "facebook": "social", "instagram": "social",
    "tiktok": "social", "linkedin": "social", "reddit": "social", "forum": "social",
    "live_chat": "chat", "livechat": "chat", "whatsapp": "chat", "messenger": "chat", "sms": "chat",
    "app_store": "review", "play_store": "review", "trustpilot": "review", "google": "review",
}  # fmt: skip


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
    )


class Empathica:
    """Entry point for every use case, built from settings by the outer layers."""

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
        self._macros: list[str] | None = None
        self._variants: TaxonomyVariants | None = None

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

    @property
    def coach(self) -> Coach:
        if self._coach is None:
            from empathica.respond.coach import Coach

            encode = self.analyzer.pipeline.stage("encode")
            encoder = getattr(encode, "encoder", None)
            if encoder is None:
                raise InputError("the analysis pipeline has no shared encoder for the coach")
            self._coach = Coach.load(encoder, taxonomy=load_taxonomy(self.settings.taxonomy))
        return self._coach

    @property
    def llm(self) -> LLMClient | None:
        """The configured LLM, or None: drafts stay offline unless a user sets EMPATHICA_LLM_URL."""
        if self._llm is None and self.settings.llm_url:
            self._llm = OpenAIChatClient(
                self.settings.llm_url, self.settings.llm_model, api_key=self.settings.llm_api_key or None
            )
        return self._llm

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

    # -- replies and the coach -------------------------------------------------------------------

    def playbook(self, path: Path | None = None) -> Playbook:
        """The playbook of next steps: ``path``, else the configured one, else the bundled one."""
        key = path or (Path(self.settings.playbook) if self.settings.playbook else None)
        if key not in self._playbooks:
            self._playbooks[key] = load_playbook(key, self.cause_labels())
        return self._playbooks[key]

    def cause_labels(self) -> list[str]:
        """Every cause the analyzer can find (customer and employee), read without loading the model."""
        taxonomy = load_taxonomy(self.settings.taxonomy)
        return [label.name for label in (*taxonomy.causes, *taxonomy.employee_causes)]

    def macros(self) -> list[str]:
        """The team's canned replies from EMPATHICA_MACROS, read once."""
        if self._macros is None:
            self._macros = read_macros(Path(self.settings.macros)) if self.settings.macros else []
        return self._macros

    def check_reply(self, reply: Any, where: str = "reply") -> str:
        return self._checked(reply, where, "reply")

    def draft_reply(
        self,
        text: str,
        *,
        channel: str | None = None,
        tone: str = "warm",
        agent_name: str | None = None,
        company: str | None = None,
        customer_name: str | None = None,
        playbook: Path | None = None,
        id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> ReplyDraft:
        """Analyse ``text`` and draft a reply grounded in how the writer feels and why."""
        meta = dict(metadata or {})
        if channel:
            meta.setdefault("channel", channel)
        analysis = self.analyze([text], [id], [meta])[0]
        return self.draft_for(
            analysis,
            channel=channel,
            tone=tone,
            agent_name=agent_name,
            company=company,
            customer_name=customer_name,
            playbook=playbook,
        )

    def draft_for(
        self,
        analysis: Analysis,
        *,
        channel: str | None = None,
        tone: str = "warm",
        agent_name: str | None = None,
        company: str | None = None,
        customer_name: str | None = None,
        playbook: Path | None = None,
        use_llm: bool = True,
    ) -> ReplyDraft:
        """A draft for an existing analysis; an LLM, when configured, writes it and the coach vets it."""
        book = self.playbook(playbook)
        target = channel or reply_channel(analysis.metadata.get("channel"))
        options: dict[str, Any] = {
            "channel": target, "tone": tone, "agent_name": agent_name, "company": company,
        }  # fmt: skip
        try:
            offline = compose(analysis, book, customer_name=customer_name, **options)
        except ValueError as exc:
            raise InputError(str(exc), "channel" if "channel" in str(exc) else "tone") from None
        offline.id = analysis.id
        client = self.llm if use_llm else None
        if client is None:
            return offline
        drafted = draft_with_llm(
            client, analysis, book, fallback=offline, timeout=self.settings.llm_timeout, **options
        )
        if drafted.source != "llm":
            return drafted
        drafted.id = analysis.id
        llm_verdict, offline_verdict = self.coach.assess_many(
            [(analysis, drafted.text), (analysis, offline.text)]
        )
        if llm_verdict.score < offline_verdict.score - LLM_SCORE_MARGIN:
            offline.warnings.append(
                f"the LLM draft scored {llm_verdict.score}/100 with the coach against "
                f"{offline_verdict.score}/100 offline, so the offline draft is shown"
            )
            return offline
        return drafted

    def assess_reply(
        self,
        customer: str,
        reply: str,
        *,
        macros: Sequence[str] | None = None,
        recent: Sequence[str] = (),
        id: str | None = None,
    ) -> EmpathyAssessment:
        """The coach's verdict on ``reply`` as an answer to ``customer``."""
        clean_reply = self.check_reply(reply)
        analysis = self.analyze([self.check_text(customer, None)], [id])[0]
        return self.assess_for(analysis, clean_reply, macros=macros, recent=recent)

    def assess_for(
        self,
        analysis: Analysis,
        reply: str,
        *,
        macros: Sequence[str] | None = None,
        recent: Sequence[str] = (),
    ) -> EmpathyAssessment:
        verdict = self.coach.assess(
            analysis,
            self.check_reply(reply),
            macros=list(macros) if macros is not None else self.macros(),
            recent=list(recent),
        )
        verdict.id = analysis.id
        return verdict

    def assess_pairs(
        self, pairs: Sequence[tuple[str | None, str, str]], *, macros: Sequence[str] | None = None
    ) -> list[EmpathyAssessment]:
        """Assess (id, customer, reply) triples in one encoder batch; inputs checked first."""
        for i, (_, customer, reply) in enumerate(pairs):
            self.check_text(customer, i)
            self.check_reply(reply, f"replies[{i}]")
        analyses = self.analyze([c.strip() for _, c, _ in pairs], [i for i, _, _ in pairs])
        verdicts = self.coach.assess_many(
            [(a, r.strip()) for a, (_, _, r) in zip(analyses, pairs, strict=True)],
            macros=list(macros) if macros is not None else self.macros(),
        )
        for analysis, verdict in zip(analyses, verdicts, strict=True):
            verdict.id = analysis.id
        return verdicts

    # -- reading ---------------------------------------------------------------------------------

    def list_feedback(self, query: FeedbackQuery) -> Page:
        return self.repo.query(query)

    def get_feedback(self, feedback_id: int) -> StoredItem | None:
        return self.repo.get_item(feedback_id)

    def channels(self) -> list[str]:
        return self.repo.channels()

    def overview(self, query: FeedbackQuery | None = None) -> Overview:
        return build_overview(self.repo.iter_items(query or FeedbackQuery()), self.repo.count_feedback())

    # -- themes ----------------------------------------------------------------------------------

    def themes_file(
        self,
        src: str | Path | IO[bytes],
        *,
        format: str | None = None,
        mapping: ColumnMapping | None = None,
        source: str | None = None,
        options: ClusterOptions | None = None,
    ) -> ThemeFileReport:
        """Themes of pains and gains in a file, without storing it (``--file`` of ``empathica themes``)."""
        return themes_of_file(self, src, format=format, mapping=mapping, source=source, options=options)

    def themes_stored(
        self,
        query: FeedbackQuery | None = None,
        options: ClusterOptions | None = None,
        previous: Sequence[Theme] = (),
    ) -> ThemeResult:
        """Themes over stored feedback matching ``query`` (e.g. ``since``); ids are stored ids.

        Embeddings are not stored yet, so texts are encoded again here (one pass); the stored
        analysis is used for pain/gain when there is one.
        """
        items = list(self.repo.iter_items(query or FeedbackQuery()))
        if len(items) < MIN_ITEMS:
            raise InputError(
                f"{len(items)} stored items match; at least {MIN_ITEMS} are needed to find themes "
                "(ingest more feedback or widen the date range)",
                "since",
            )
        fresh, embeddings = self.analyzer.analyze_with_embeddings([it.feedback.text for it in items])
        analyses = [it.analysis or a for it, a in zip(items, fresh, strict=True)]
        return build_themes(
            embeddings,
            [it.feedback.text for it in items],
            ids=[str(it.feedback.id) for it in items],
            analyses=analyses,
            dates=[it.feedback.created_at for it in items],
            options=options,
            previous=previous,
        )

    def rebuild_themes(self) -> ThemeResult:
        """Cluster all stored feedback again and store the themes; edits a person made carry over."""
        result = self.themes_stored(previous=self.repo.load_themes())
        placed = {int(i): a for i, a in zip(result.ids, result.assignments, strict=True)}
        self.repo.save_themes(result.themes, placed, rebuild=True)
        return result

    def update_themes(self, chunk: int = 256) -> tuple[list[Theme], int]:
        """New stored feedback joins the stored themes without a rebuild (the first call builds them).

        Returns the themes and how many items were placed now.
        """
        themes = self.repo.load_themes()
        if not themes:
            result = self.rebuild_themes()
            return result.themes, len(result.ids)
        done, after = 0, 0
        while batch := self.repo.unplaced(limit=chunk, after_id=after):
            fresh, embeddings = self.analyzer.analyze_with_embeddings([it.feedback.text for it in batch])
            analyses = [it.analysis or a for it, a in zip(batch, fresh, strict=True)]
            themes, joined = update_themes(themes, embeddings, analyses)
            ids = [it.feedback.id for it in batch if it.feedback.id is not None]
            self.repo.save_themes(themes, dict(zip(ids, joined, strict=True)))
            after, done = max(ids), done + len(ids)
        return themes, done

    def stored_themes(self) -> ThemeResult:
        """The stored themes, brought up to date, with every placed item's theme."""
        themes, _ = self.update_themes()
        placed = self.repo.placements()
        return ThemeResult(themes, [str(i) for i in placed], list(placed.values()))

    def rename_theme(self, key: str, label: str) -> Theme:
        try:
            themes = rename(self._stored_or_fail(), key, label)
        except EditError as exc:
            raise InputError(str(exc), "theme") from None
        self.repo.save_themes(themes)
        return next(t for t in themes if t.id == key)

    def merge_themes(self, keep: str, other: str) -> Theme:
        try:
            themes = merge(self._stored_or_fail(), keep, other)
        except EditError as exc:
            raise InputError(str(exc), "theme") from None
        self.repo.save_themes(themes, moved={other: keep})
        return next(t for t in themes if t.id == keep)

    def split_theme(self, key: str) -> list[Theme]:
        """Split a stored theme in two by its members' texts (encoded again); returns the halves."""
        themes = self._stored_or_fail()
        members = [it for it in (self.repo.get_item(i) for i in self.repo.theme_members(key)) if it]
        _, embeddings = self.analyzer.analyze_with_embeddings([it.feedback.text for it in members])
        try:
            new, moved = split_theme(
                themes,
                key,
                embeddings,
                [it.feedback.text for it in members],
                [str(it.feedback.id) for it in members],
            )
        except EditError as exc:
            raise InputError(str(exc), "theme") from None
        self.repo.save_themes(new, {int(i): k for i, k in moved.items()})
        halves = set(moved.values())
        return [t for t in new if t.id in halves]

    def _stored_or_fail(self) -> list[Theme]:
        themes = self.repo.load_themes()
        if not themes:
            raise InputError("no themes are stored yet; run `empathica themes` first", "theme")
        return themes

    # -- personas --------------------------------------------------------------------------------

    def personas(
        self,
        kind: str = "customer",
        query: FeedbackQuery | None = None,
        options: PersonaOptions | None = None,
    ) -> list[Persona]:
        """Personas of stored, analysed feedback from customers or employees, largest first.

        Built from the stored analyses (emotions, causes, needs), the stored themes' placements
        and people's attributes, without re-encoding texts: listing personas never loads the
        model (unanalysed items are left out). Too little data is an ``InputError`` naming ``kind``.
        """
        if kind not in (PersonKind.CUSTOMER.value, PersonKind.EMPLOYEE.value):
            raise InputError(f"unknown kind {kind!r}: use 'customer' or 'employee'", "kind")
        q = (
            replace(query, person_kind=PersonKind(kind))
            if query
            else FeedbackQuery(person_kind=PersonKind(kind))
        )
        labels = {t.id: t.label for t in self.repo.load_themes()}
        placed = self.repo.placements() if labels else {}
        items = [
            PersonaItem(
                id=str(it.feedback.id),
                text=it.feedback.text,
                analysis=it.analysis,
                person_id=it.feedback.person_id,
                metadata=it.feedback.metadata,
                theme=labels.get(placed.get(it.feedback.id or 0) or ""),
            )
            for it in self.repo.iter_items(q)
            if it.analysis is not None
        ]
        try:
            return build_personas(items, kind=kind, options=options)
        except NotEnoughData as exc:
            raise InputError(f"{exc} (analyse or ingest more {kind} feedback)", "kind") from None

    # -- quarantine ------------------------------------------------------------------------------

    def find_persona(self, key: str, kind: str = "customer") -> Persona:
        """A persona by id (``P2``) or name (any case); an unknown one lists those that exist."""
        found = self.personas(kind)
        wanted = key.strip().lower()
        for persona in found:
            if wanted in (persona.id.lower(), persona.name.lower()):
                return persona
        known = ", ".join(f"{p.id} {p.name!r}" for p in found)
        raise InputError(f"no {kind} persona {key!r}; the personas are: {known}", "persona")

    def empathy_map(
        self,
        query: FeedbackQuery,
        title: str | None = None,
        stage: str | None = None,
        persona: str | None = None,
    ) -> EmpathyMap:
        """The empathy map of the stored feedback matching ``query`` (a segment), optionally of one stage.

        ``stage`` (before, during, after) is the item's own journey stage, else its thread's.
        ``persona`` (an id such as ``P2`` or a name) narrows it to that persona's items, with the
        persona in the middle; an unknown persona is an ``InputError`` naming ``persona``.
        Stored themes add pains and gains when they have been built; the map never builds them
        itself, so it needs no model and answers in the time it takes to read the items.
        """
        if stage and stage not in MAP_STAGES:
            raise InputError(f"unknown stage {stage!r}; use one of: {', '.join(MAP_STAGES)}", "stage")
        items = list(self.repo.iter_items(query))
        if persona:
            kind = query.person_kind.value if query.person_kind else PersonKind.CUSTOMER.value
            found = self.find_persona(persona, kind)
            members = set(found.feedback_ids)
            items = [it for it in items if str(it.feedback.id) in members]
            title = title or found.name
        if stage:
            items = [it for it in items if stage_of(it) == stage]
        themes = self.repo.load_themes()
        theme_of = {str(k): v for k, v in self.repo.placements().items()} if themes else None
        segment = segment_of(query)
        if stage:
            segment["stage"] = stage
        if persona:
            segment["persona"] = title or persona
        try:
            return build_empathy_map(
                items,
                title=title or segment_title(query),
                themes=themes,
                theme_of=theme_of,
                segment=segment,
                since=query.since,
                until=query.until,
            )
        except NotEnoughData:
            where = ", ".join(f"{k} {v}" for k, v in segment.items()) or "stored feedback"
            raise InputError(
                f"{len(items)} items match ({where}); at least {MIN_ITEMS} are needed for an empathy map "
                "(widen the segment or the date range)",
                "segment",
            ) from None

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


@dataclass(slots=True)
class ThemeFileReport:
    """Themes of a file clustered without storing it, and the rows that could not be read."""

    result: ThemeResult
    rejected: list[Rejected] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        return self.result.to_record()


def themes_of_file(
    service: Empathica,
    src: str | Path | IO[bytes],
    *,
    format: str | None = None,
    mapping: ColumnMapping | None = None,
    source: str | None = None,
    options: ClusterOptions | None = None,
) -> ThemeFileReport:
    """Read, analyse and cluster a whole file; nothing is stored (rejected rows are reported)."""
    name = source or (str(src) if isinstance(src, str | Path) else "stdin")
    rows = read_feedback(
        src,
        source=name,
        format=format,
        mapping=mapping or ColumnMapping(),
        max_text_chars=service.settings.max_text_chars,
    )
    accepted: list[Row] = []
    rejected: list[Rejected] = []
    for item in rows:
        if isinstance(item, Row):
            accepted.append(item)
        else:
            rejected.append(item)
    # The reader already rejects an id reused with a different text; the same item twice counts once,
    # as it would when stored, so a repeated row cannot inflate a theme.
    unique: dict[str, Row] = {}
    for row in accepted:
        unique.setdefault(row.feedback.external_id, row)
    accepted = list(unique.values())
    if len(accepted) < MIN_ITEMS:
        raise InputError(
            f"{name}: {len(accepted)} readable items are too few to find themes; at least {MIN_ITEMS} "
            "are needed so that a theme is a pattern and not an anecdote",
            "text",
        )
    feedback = [r.feedback for r in accepted]
    analyses, embeddings = service.analyzer.analyze_with_embeddings(
        [f.text for f in feedback], [f.external_id for f in feedback], [_row_metadata(f) for f in feedback]
    )
    result = build_themes(
        embeddings,
        [a.text for a in analyses],
        ids=[f.external_id for f in feedback],
        analyses=analyses,
        dates=[f.created_at for f in feedback],
        options=options,
    )
    return ThemeFileReport(result, rejected)


# -- helpers -------------------------------------------------------------------------------------


#: Journey stages a map can be narrowed to (taxonomy/stages.yaml).
MAP_STAGES: tuple[str, ...] = ("before", "during", "after")


def stage_of(item: StoredItem) -> str | None:
    a = item.analysis
    if a is None:
        return None
    if a.stage is not None:
        return a.stage.label
    return a.thread.label if a.thread is not None else None


def segment_of(query: FeedbackQuery) -> dict[str, str]:
    """The filters of ``query`` that define a segment, as words for a map's header."""
    out: dict[str, str] = {}
    if query.person_kind is not None:
        out["people"] = f"{query.person_kind.value}s"
    for name in ("channel", "kind", "source", "emotion", "search"):
        value = getattr(query, name)
        if value:
            out[name] = str(value)
    if query.since is not None:
        out["since"] = query.since.date().isoformat()
    if query.until is not None:
        out["until"] = query.until.date().isoformat()
    return out


def segment_title(query: FeedbackQuery) -> str:
    """A short name for the middle of the map: "Email customers", "Employees", "Customers"."""
    people = f"{query.person_kind.value}s" if query.person_kind is not None else "people"
    head = f"{query.channel.replace('_', ' ')} {people}" if query.channel else people
    return head[:1].upper() + head[1:]


def reply_channel(channel: str | None) -> str:
    """The reply channel for a feedback channel: public posts get short public answers, and so on."""
    if not channel:
        return "email"
    key = channel.strip().lower().replace(" ", "_").replace("-", "_")
    if key in REPLY_CHANNELS:
        return key
    return _CHANNEL_ALIASES.get(key, "email")


def read_macros(path: Path) -> list[str]:
    """Canned replies from a text file (one per line) or a YAML/JSON list of strings."""
    import yaml

    if not path.is_file():
        raise InputError(f"macros file not found: {path}", "macros")
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in {".yaml", ".yml", ".json"}:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InputError(f"{path}: not valid YAML/JSON: {exc}", "macros") from None
        if not isinstance(data, list) or not all(isinstance(m, str) for m in data):
            raise InputError(f"{path}: expected a list of strings", "macros")
        return [m.strip() for m in data if m.strip()]
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


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
