"""Use cases over the whole corpus: themes of pains and gains, personas and empathy maps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from empathica.domain import (
    EmpathyMap,
    FeedbackQuery,
    Persona,
    PersonKind,
    Rejected,
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
from empathica.services.core import Core, InputError, _row_metadata
from empathica.sources import ColumnMapping, Row, read_feedback

#: Journey stages a map can be narrowed to (taxonomy/stages.yaml).
MAP_STAGES: tuple[str, ...] = ("before", "during", "after")


class Insights(Core):
    """Themes, personas and maps of stored feedback; too little data is an InputError saying so."""

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
        result = self.themes_stored(previous=self.repo.insights.load_themes())
        placed = {int(i): a for i, a in zip(result.ids, result.assignments, strict=True)}
        self.repo.insights.save_themes(result.themes, placed, rebuild=True)
        return result

    def update_themes(self, chunk: int = 256) -> tuple[list[Theme], int]:
        """New stored feedback joins the stored themes without a rebuild (the first call builds them).

        Returns the themes and how many items were placed now.
        """
        themes = self.repo.insights.load_themes()
        if not themes:
            result = self.rebuild_themes()
            return result.themes, len(result.ids)
        done, after = 0, 0
        while batch := self.repo.unplaced(limit=chunk, after_id=after):
            fresh, embeddings = self.analyzer.analyze_with_embeddings([it.feedback.text for it in batch])
            analyses = [it.analysis or a for it, a in zip(batch, fresh, strict=True)]
            themes, joined = update_themes(themes, embeddings, analyses)
            ids = [it.feedback.id for it in batch if it.feedback.id is not None]
            self.repo.insights.save_themes(themes, dict(zip(ids, joined, strict=True)))
            after, done = max(ids), done + len(ids)
        return themes, done

    def stored_themes(self) -> ThemeResult:
        """The stored themes, brought up to date, with every placed item's theme."""
        themes, _ = self.update_themes()
        placed = self.repo.insights.placements()
        return ThemeResult(themes, [str(i) for i in placed], list(placed.values()))

    def rename_theme(self, key: str, label: str) -> Theme:
        try:
            themes = rename(self._stored_or_fail(), key, label)
        except EditError as exc:
            raise InputError(str(exc), "theme") from None
        self.repo.insights.save_themes(themes)
        return next(t for t in themes if t.id == key)

    def merge_themes(self, keep: str, other: str) -> Theme:
        try:
            themes = merge(self._stored_or_fail(), keep, other)
        except EditError as exc:
            raise InputError(str(exc), "theme") from None
        self.repo.insights.save_themes(themes, moved={other: keep})
        return next(t for t in themes if t.id == keep)

    def split_theme(self, key: str) -> list[Theme]:
        """Split a stored theme in two by its members' texts (encoded again); returns the halves."""
        themes = self._stored_or_fail()
        members = [it for it in (self.repo.get_item(i) for i in self.repo.insights.theme_members(key)) if it]
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
        self.repo.insights.save_themes(new, {int(i): k for i, k in moved.items()})
        halves = set(moved.values())
        return [t for t in new if t.id in halves]

    def _stored_or_fail(self) -> list[Theme]:
        themes = self.repo.insights.load_themes()
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

        The last build of each kind is stored with the state of the store it was built from:
        while nothing new has been analysed it is returned as it is (no rebuild), and a rebuild
        is matched against it so personas keep their ids and names as feedback arrives. A
        ``query`` or ``options`` of the caller's own builds afresh and is not stored.
        """
        return self._personas(kind, query, options)

    def _personas(
        self,
        kind: str,
        query: FeedbackQuery | None = None,
        options: PersonaOptions | None = None,
        items: Sequence[tuple[PersonaItem, StoredItem]] | None = None,
    ) -> list[Persona]:
        """``personas``; ``items`` are the kind's analysed items when the caller has read them
        already (reading them is most of a rebuild's time)."""
        self._check_kind(kind)
        shared = query is None and options is None
        state = self.repo.insight_state(kind) if shared else ""
        key = ("personas", kind, state)
        kept: list[Persona] | None = self._results.get(key) if shared else None
        if kept is not None:
            return list(kept)
        stored = self.repo.insights.load_persona_build(kind)
        if shared and stored is not None and stored[0] == state:
            self._results.put(key, stored[1])
            return list(stored[1])
        previous = stored[1] if stored else []
        if items is None or not shared:
            items = self.persona_items(kind, query)
        found = self._build_personas(items, kind, options, previous)
        if shared:
            self.repo.insights.save_persona_build(kind, state, found)
            self._results.put(key, found)
        return list(found)

    def _check_kind(self, kind: str) -> None:
        if kind not in (PersonKind.CUSTOMER.value, PersonKind.EMPLOYEE.value):
            raise InputError(f"unknown kind {kind!r}: use 'customer' or 'employee'", "kind")

    def persona_items(
        self, kind: str, query: FeedbackQuery | None = None
    ) -> list[tuple[PersonaItem, StoredItem]]:
        """The analysed items of ``kind`` as the persona builder wants them, with the stored item."""
        q = (
            replace(query, person_kind=PersonKind(kind))
            if query
            else FeedbackQuery(person_kind=PersonKind(kind))
        )
        labels = {t.id: t.label for t in self.repo.insights.load_themes()}
        placed = self.repo.insights.placements() if labels else {}
        return [
            (
                PersonaItem(
                    id=str(it.feedback.id),
                    text=it.feedback.text,
                    analysis=it.analysis,
                    person_id=it.feedback.person_id,
                    metadata=it.feedback.metadata,
                    theme=labels.get(placed.get(it.feedback.id or 0) or ""),
                ),
                it,
            )
            for it in self.repo.iter_items(q)
            if it.analysis is not None
        ]

    @staticmethod
    def _build_personas(
        items: Sequence[tuple[PersonaItem, StoredItem]],
        kind: str,
        options: PersonaOptions | None = None,
        previous: Sequence[Persona] = (),
    ) -> list[Persona]:
        try:
            return build_personas([p for p, _ in items], kind=kind, options=options, previous=previous)
        except NotEnoughData as exc:
            raise InputError(f"{exc} (analyse or ingest more {kind} feedback)", "kind") from None

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

        A map is kept while the store is unchanged (``Repository.map_state``): loading the Map
        page again costs a fingerprint query, not a rebuild. Treat the map as read-only.
        """
        key = ("map", self.repo.map_state(query.person_kind), query.key(), title, stage, persona)
        kept: EmpathyMap | None = self._results.get(key)
        if kept is not None:
            return kept
        items, title, segment = self.map_items(query, title, stage, persona)
        themes = self.repo.insights.load_themes()
        theme_of = {str(k): v for k, v in self.repo.insights.placements().items()} if themes else None
        try:
            emap = build_empathy_map(
                items,
                title=title,
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
        self._results.put(key, emap)
        return emap

    def map_items(
        self, query: FeedbackQuery, title: str | None, stage: str | None, persona: str | None
    ) -> tuple[list[StoredItem], str, dict[str, str]]:
        """The items of a map's segment, narrowed to a stage and a persona, its title and header."""
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
        segment = segment_of(query)
        if stage:
            segment["stage"] = stage
        if persona:
            segment["persona"] = title or persona
        return items, title or segment_title(query), segment


@dataclass(slots=True)
class ThemeFileReport:
    """Themes of a file clustered without storing it, and the rows that could not be read."""

    result: ThemeResult
    rejected: list[Rejected] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        return self.result.to_record()


def themes_of_file(
    service: Core,
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
