"""The Repository: the only door between the services and the database.

Domain objects go in and come out; rows never leave this module. Writes that must be
idempotent use ``INSERT .. ON CONFLICT`` on both backends, so re-running an import or two
importers racing each other can never store an item twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    String,
    Table,
    and_,
    cast,
    delete,
    exists,
    func,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from empathica.domain import (
    Analysis,
    Feedback,
    FeedbackQuery,
    IngestSummary,
    Page,
    Person,
    PersonKind,
    Rejected,
    StoredItem,
)
from empathica.storage import db, shared
from empathica.storage.accounts import Accounts
from empathica.storage.db import StorageError
from empathica.storage.insight_store import InsightStore
from empathica.storage.tables import (
    AnalysisLabelRow,
    AnalysisRow,
    Base,
    FeedbackRow,
    IngestionLogRow,
    PersonRow,
    QuarantineRow,
    ThemeItemRow,
    ThemeRow,
)


@dataclass(slots=True)
class AddResult:
    """What ``add_feedback`` did: ids of the new rows (in input order) and how many were known."""

    stored_ids: list[int]
    duplicates: int


@dataclass(slots=True)
class IngestionRun:
    """One line of the ingestion log."""

    id: int
    source: str
    started_at: datetime
    finished_at: datetime
    read: int
    stored: int
    duplicates: int
    rejected: int


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _json_dict(value: dict[str, Any], what: str) -> dict[str, Any]:
    """Reject what the JSON column could not store, naming the item, before anything is written."""
    try:
        json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise StorageError(f"{what} cannot be stored as JSON: {exc}") from exc
    return value


def _raw_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def open_repository(url: str, *, migrate: bool = True) -> Repository:
    """Connect to ``url`` and, with ``migrate``, bring the schema up to date first.

    Without ``migrate`` the schema must already be current; otherwise this fails now, with a
    message saying what to run, rather than on the first query.
    """
    engine = db.create_engine_for(url)
    try:
        if migrate:
            db.upgrade(engine)
        else:
            current, head = db.current_revision(engine), db.head_revision()
            if current != head:
                raise StorageError(
                    f"database {db.describe_url(engine.url)} is at schema version {current or 'none'}, "
                    f"this Empathica needs {head}: run `empathica db upgrade` first"
                )
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine)


class Repository:
    """Persistence for feedback, analyses, persons, quarantine and the ingestion log.

    Users and keys (``accounts``) and themes and persona builds (``insights``) have stores of
    their own over the same sessions, so this class stays about the feedback itself.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        if engine.dialect.name not in ("postgresql", "sqlite"):  # pragma: no cover - see db.create_engine_for
            raise StorageError(f"unsupported database dialect {engine.dialect.name!r}")
        #: Users and API keys, in the same database and with the same error wrapping.
        self.accounts = Accounts(self._session)
        #: Stored themes, where items were placed, and the last persona build of each kind.
        self.insights = InsightStore(self._session)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """One session, one transaction; driver errors become a StorageError with the database named."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                if write:
                    with session.begin():
                        yield session
                else:
                    yield session
        except DBAPIError as exc:
            raise StorageError(
                f"database error on {db.describe_url(self.engine.url)}: {db.error_summary(exc.orig)}"
            ) from exc

    def _insert(self, table: Table) -> postgresql.Insert | sqlite.Insert:
        """An INSERT with the dialect's ON CONFLICT clause available.

        Rows are passed to ``execute`` as a list, never through ``.values()``: SQLAlchemy then
        batches them with a cached statement instead of compiling one giant statement per call.
        """
        if self.engine.dialect.name == "postgresql":
            return postgresql.insert(table)
        return sqlite.insert(table)

    # ------------------------------------------------------------------ persons

    def upsert_persons(self, persons: Sequence[Person]) -> None:
        """Create or update persons by external id (the last one wins when an id repeats)."""
        latest: dict[str, Person] = {}
        for person in persons:
            latest[person.external_id] = person
        rows = [
            {
                "external_id": p.external_id,
                "kind": shared.person_kind(p.kind, f"person {p.external_id!r}"),
                "name": p.name,
                "attributes": _json_dict(p.attributes, f"attributes of person {p.external_id!r}"),
            }
            for p in latest.values()
        ]
        if not rows:
            return
        with self._session(write=True) as session:
            stmt = self._insert(_table(PersonRow))
            stmt = stmt.on_conflict_do_update(
                index_elements=["external_id"],
                set_={name: stmt.excluded[name] for name in ("kind", "name", "attributes")},
            )
            session.execute(stmt, rows)

    def get_person(self, external_id: str) -> Person | None:
        with self._session() as session:
            row = session.scalars(select(PersonRow).where(PersonRow.external_id == external_id)).first()
        if row is None:
            return None
        return Person(
            external_id=row.external_id, kind=PersonKind(row.kind), name=row.name, attributes=row.attributes
        )

    def _ensure_persons(self, session: Session, wanted: dict[str, str]) -> dict[str, int]:
        """Create the persons not stored yet (known ones stay as they are); ids by external id."""
        if not wanted:
            return {}
        # Sorted, so concurrent imports that share persons take their row locks in the same order.
        rows: list[dict[str, Any]] = [
            {"external_id": ext, "kind": wanted[ext], "attributes": {}} for ext in sorted(wanted)
        ]
        session.execute(self._insert(_table(PersonRow)).on_conflict_do_nothing(), rows)
        ids: dict[str, int] = {}
        for keys in shared.chunks(list(wanted), shared.IN_CHUNK):
            result = session.execute(
                select(PersonRow.external_id, PersonRow.id).where(PersonRow.external_id.in_(keys))
            )
            ids.update({ext: pid for ext, pid in result})
        return ids

    # ------------------------------------------------------------------ feedback

    def add_feedback(self, items: Sequence[Feedback]) -> AddResult:
        """Store new items, skip known ones; all of the call or none of it."""
        unique: dict[tuple[str, str], Feedback] = {}
        for item in items:
            unique.setdefault((item.source, item.external_id), item)
        duplicates = len(items) - len(unique)
        if not unique:
            return AddResult(stored_ids=[], duplicates=duplicates)

        kinds = {
            key: shared.person_kind(item.person_kind, f"feedback {item.source}/{item.external_id}")
            for key, item in unique.items()
        }
        wanted_persons: dict[str, str] = {}
        for key, item in unique.items():
            if item.person_id is not None:
                wanted_persons.setdefault(item.person_id, kinds[key])
        ingested_at = shared.now()
        inserted: dict[tuple[str, str], int] = {}
        with self._session(write=True) as session:
            person_ids = self._ensure_persons(session, wanted_persons)
            rows = [
                {
                    "source": item.source,
                    "external_id": item.external_id,
                    "text": item.text,
                    "original_text": item.original_text,
                    "channel": item.channel,
                    "kind": item.kind,
                    "created_at": item.created_at,
                    "ingested_at": ingested_at,
                    "person_id": person_ids[item.person_id] if item.person_id is not None else None,
                    "person_kind": kinds[key],
                    "rating": item.rating,
                    "metadata": _json_dict(
                        item.metadata, f"metadata of feedback {item.source}/{item.external_id}"
                    ),
                }
                for key, item in unique.items()
            ]
            table = _table(FeedbackRow)
            stmt = (
                self._insert(table)
                .on_conflict_do_nothing(index_elements=["source", "external_id"])
                .returning(table.c.id, table.c.source, table.c.external_id)
            )
            for new_id, source, external_id in session.execute(stmt, rows):
                inserted[(source, external_id)] = new_id
        stored_ids = [inserted[key] for key in unique if key in inserted]
        return AddResult(stored_ids=stored_ids, duplicates=duplicates + len(unique) - len(stored_ids))

    def _item_select(self) -> Select[tuple[FeedbackRow, str | None, dict[str, Any] | None]]:
        return (
            select(FeedbackRow, PersonRow.external_id, AnalysisRow.record)
            .outerjoin(PersonRow, PersonRow.id == FeedbackRow.person_id)
            .outerjoin(AnalysisRow, AnalysisRow.feedback_id == FeedbackRow.id)
        )

    @staticmethod
    def _to_feedback(row: FeedbackRow, person_external_id: str | None) -> Feedback:
        return Feedback(
            id=row.id,
            source=row.source,
            external_id=row.external_id,
            text=row.text,
            original_text=row.original_text,
            channel=row.channel,
            kind=row.kind,
            created_at=row.created_at,
            person_id=person_external_id,
            person_kind=PersonKind(row.person_kind),
            rating=row.rating,
            metadata=dict(row.meta),
        )

    @classmethod
    def _to_item(cls, row: FeedbackRow, person: str | None, record: dict[str, Any] | None) -> StoredItem:
        analysis = Analysis.from_record(record) if record is not None else None
        return StoredItem(feedback=cls._to_feedback(row, person), analysis=analysis)

    def get_item(self, feedback_id: int) -> StoredItem | None:
        with self._session() as session:
            found = session.execute(self._item_select().where(FeedbackRow.id == feedback_id)).first()
        return self._to_item(*found) if found is not None else None

    def get_items(self, feedback_ids: Sequence[int]) -> dict[int, StoredItem]:
        """Several items in one query, by id; ids that are not stored are left out."""
        if not feedback_ids:
            return {}
        with self._session() as session:
            rows = session.execute(self._item_select().where(FeedbackRow.id.in_(set(feedback_ids)))).all()
        items = [self._to_item(*row) for row in rows]
        return {it.feedback.id: it for it in items if it.feedback.id is not None}

    def find_item(self, source: str, external_id: str) -> StoredItem | None:
        stmt = self._item_select().where(FeedbackRow.source == source, FeedbackRow.external_id == external_id)
        with self._session() as session:
            found = session.execute(stmt).first()
        return self._to_item(*found) if found is not None else None

    def count_feedback(self) -> int:
        with self._session() as session:
            return session.scalar(select(func.count()).select_from(FeedbackRow)) or 0

    def channels(self) -> list[str]:
        stmt = (
            select(FeedbackRow.channel)
            .where(FeedbackRow.channel.is_not(None))
            .distinct()
            .order_by(FeedbackRow.channel)
        )
        with self._session() as session:
            return [c for c in session.scalars(stmt) if c is not None]

    # ------------------------------------------------------------------ querying

    @staticmethod
    def _conditions(q: FeedbackQuery) -> list[ColumnElement[bool]]:
        """SQL for the filters of ``q``. ``since`` is inclusive, ``until`` exclusive."""
        conditions: list[ColumnElement[bool]] = []
        if q.channel is not None:
            conditions.append(FeedbackRow.channel == q.channel)
        if q.source is not None:
            conditions.append(FeedbackRow.source == q.source)
        if q.kind is not None:
            conditions.append(FeedbackRow.kind == q.kind)
        if q.person_kind is not None:
            conditions.append(FeedbackRow.person_kind == shared.person_kind(q.person_kind, "feedback query"))
        if q.since is not None:
            conditions.append(FeedbackRow.created_at >= q.since)
        if q.until is not None:
            conditions.append(FeedbackRow.created_at < q.until)
        if q.search:
            conditions.append(FeedbackRow.text.icontains(q.search, autoescape=True))
        for key, value in q.metadata.items():
            # ->> on PostgreSQL, json_extract on SQLite; the cast makes a number 5 match "5" on both.
            stored = cast(FeedbackRow.meta[key].as_string(), String)
            conditions.append(func.lower(stored) == value.lower())
        if q.emotion is not None:
            conditions.append(
                exists()
                .where(
                    AnalysisRow.feedback_id == FeedbackRow.id,
                    AnalysisLabelRow.analysis_id == AnalysisRow.id,
                    AnalysisLabelRow.label == q.emotion,
                    AnalysisLabelRow.selected == true(),
                )
                .correlate(FeedbackRow)
            )
        return conditions

    def metadata_keys(self) -> list[str]:
        """Every metadata attribute name stored on some item, sorted (to check a filter's key)."""
        sql = {
            "sqlite": "SELECT DISTINCT j.key FROM feedback, json_each(feedback.metadata) AS j",
            "postgresql": "SELECT DISTINCT jsonb_object_keys(metadata) FROM feedback",
        }
        if self.engine.dialect.name not in sql:  # pragma: no cover - only the two backends are supported
            raise StorageError(f"metadata keys are not supported on {self.engine.dialect.name}")
        with self._session() as session:
            return sorted(str(k) for k in session.scalars(text(sql[self.engine.dialect.name])))

    @staticmethod
    def _newest_first() -> tuple[Any, Any]:
        return FeedbackRow.created_at.desc().nulls_last(), FeedbackRow.id.desc()

    def query(self, q: FeedbackQuery) -> Page:
        """Matching items newest first (undated items last), one page of them, and the total."""
        if q.limit < 0 or q.offset < 0:
            raise StorageError(
                f"limit and offset must not be negative (got limit={q.limit}, offset={q.offset})"
            )
        conditions = self._conditions(q)
        with self._session() as session:
            total = session.scalar(select(func.count()).select_from(FeedbackRow).where(*conditions)) or 0
            stmt = (
                self._item_select()
                .where(*conditions)
                .order_by(*self._newest_first())
                .limit(q.limit)
                .offset(q.offset)
            )
            items = [self._to_item(*found) for found in session.execute(stmt)]
        return Page(items=items, total=total, limit=q.limit, offset=q.offset)

    def iter_items(self, q: FeedbackQuery, chunk: int = 1000) -> Iterator[StoredItem]:
        """Every match in ``query`` order, fetched ``chunk`` at a time.

        Keyset paging (continue after the last row seen) stays fast deep into a large table,
        and each chunk is its own short read, so a slow consumer holds no transaction open.
        """
        if chunk < 1:
            raise StorageError(f"chunk must be at least 1 (got {chunk})")
        conditions = self._conditions(q)
        after: tuple[datetime | None, int] | None = None
        while True:
            stmt = self._item_select().where(*conditions)
            if after is not None:
                stmt = stmt.where(self._after(*after))
            stmt = stmt.order_by(*self._newest_first()).limit(chunk)
            with self._session() as session:
                rows = list(session.execute(stmt))
            for found in rows:
                yield self._to_item(*found)
            if len(rows) < chunk:
                return
            last = rows[-1][0]
            after = (last.created_at, last.id)

    @staticmethod
    def _after(created_at: datetime | None, last_id: int) -> ColumnElement[bool]:
        """Rows that come after (created_at, id) in newest-first, nulls-last order."""
        if created_at is None:
            return and_(FeedbackRow.created_at.is_(None), FeedbackRow.id < last_id)
        return or_(
            FeedbackRow.created_at < created_at,
            and_(FeedbackRow.created_at == created_at, FeedbackRow.id < last_id),
            FeedbackRow.created_at.is_(None),
        )

    # ------------------------------------------------------------------ analyses

    def _needs_analysis(self, model_version: str) -> ColumnElement[bool]:
        return or_(AnalysisRow.id.is_(None), AnalysisRow.model_version != model_version)

    def unanalysed(self, model_version: str, limit: int = 500, after_id: int = 0) -> list[Feedback]:
        """Items with no analysis by ``model_version``, by id, for resumable batch runs."""
        stmt = (
            select(FeedbackRow, PersonRow.external_id)
            .outerjoin(PersonRow, PersonRow.id == FeedbackRow.person_id)
            .outerjoin(AnalysisRow, AnalysisRow.feedback_id == FeedbackRow.id)
            .where(FeedbackRow.id > after_id, self._needs_analysis(model_version))
            .order_by(FeedbackRow.id)
            .limit(limit)
        )
        with self._session() as session:
            return [self._to_feedback(row, person) for row, person in session.execute(stmt)]

    def count_unanalysed(self, model_version: str) -> int:
        stmt = (
            select(func.count())
            .select_from(FeedbackRow)
            .outerjoin(AnalysisRow, AnalysisRow.feedback_id == FeedbackRow.id)
            .where(self._needs_analysis(model_version))
        )
        with self._session() as session:
            return session.scalar(stmt) or 0

    def count_analysed(self) -> int:
        with self._session() as session:
            return session.scalar(select(func.count()).select_from(AnalysisRow)) or 0

    def save_analyses(self, results: Sequence[tuple[int, Analysis]]) -> None:
        """Store each analysis, replacing any earlier one of the same item (the last one wins)."""
        latest: dict[int, Analysis] = {}
        for feedback_id, analysis in results:
            latest[feedback_id] = analysis
        if not latest:
            return
        records = {
            fid: _json_dict(a.to_record(), f"analysis of feedback id {fid}") for fid, a in latest.items()
        }
        analysed_at = shared.now()
        with self._session(write=True) as session:
            ids = list(latest)
            known: set[int] = set()
            for keys in shared.chunks(ids, shared.IN_CHUNK):
                known.update(session.scalars(select(FeedbackRow.id).where(FeedbackRow.id.in_(keys))))
            missing = sorted(set(ids) - known)
            if missing:
                shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
                raise StorageError(f"cannot save analyses: no feedback with id {shown}")
            for keys in shared.chunks(ids, shared.IN_CHUNK):
                old = select(AnalysisRow.id).where(AnalysisRow.feedback_id.in_(keys)).scalar_subquery()
                # Labels go explicitly too, so nothing depends on the cascade being enforced.
                session.execute(delete(AnalysisLabelRow).where(AnalysisLabelRow.analysis_id.in_(old)))
                session.execute(delete(AnalysisRow).where(AnalysisRow.feedback_id.in_(keys)))
            rows = [
                {
                    "feedback_id": fid,
                    "model_version": a.model_version,
                    "analysed_at": analysed_at,
                    "record": records[fid],
                    "sentiment": a.sentiment,
                    "valence": float(a.valence),
                    "intensity": float(a.intensity),
                    "language": a.language,
                    "low_confidence": bool(a.low_confidence),
                }
                for fid, a in latest.items()
            ]
            analysis_ids: dict[int, int] = {}
            table = _table(AnalysisRow)
            inserted = session.execute(self._insert(table).returning(table.c.id, table.c.feedback_id), rows)
            analysis_ids.update({fid: aid for aid, fid in inserted})
            labels = [
                {
                    "analysis_id": analysis_ids[fid],
                    "taxonomy": taxonomy,
                    "label": label,
                    "score": float(scores.scores.get(label, 0.0)),
                    "selected": label in scores.labels,
                }
                for fid, a in latest.items()
                for taxonomy, scores in (("emotions", a.emotions), ("ekman", a.ekman))
                for label in dict.fromkeys([*scores.scores, *scores.labels])
            ]
            if labels:
                session.execute(self._insert(_table(AnalysisLabelRow)), labels)

    # ------------------------------------------------------------------ quarantine

    def quarantine(self, rows: Sequence[Rejected]) -> int:
        """Keep rejected rows; the same (source, line, raw) twice is kept once. Returns how many were new."""
        now = shared.now()
        unique: dict[tuple[str, int, str], dict[str, Any]] = {}
        for r in rows:
            digest = _raw_hash(r.raw)
            unique.setdefault(
                (r.source, r.line, digest),
                {
                    "source": r.source,
                    "line": r.line,
                    "field": r.field,
                    "reason": r.reason,
                    "raw": r.raw,
                    "raw_hash": digest,
                    "created_at": r.created_at or now,
                    "replayed_at": None,
                },
            )
        if not unique:
            return 0
        table = _table(QuarantineRow)
        stmt = (
            self._insert(table)
            .on_conflict_do_nothing(index_elements=["source", "line", "raw_hash"])
            .returning(table.c.id)
        )
        with self._session(write=True) as session:
            return len(session.execute(stmt, list(unique.values())).all())

    @staticmethod
    def _quarantine_filter(source: str | None, include_replayed: bool) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if source is not None:
            conditions.append(QuarantineRow.source == source)
        if not include_replayed:
            conditions.append(QuarantineRow.replayed_at.is_(None))
        return conditions

    @staticmethod
    def _to_rejected(row: QuarantineRow) -> Rejected:
        return Rejected(
            id=row.id,
            source=row.source,
            line=row.line,
            field=row.field,
            reason=row.reason,
            raw=row.raw,
            created_at=row.created_at,
            replayed=row.replayed_at is not None,
        )

    def list_quarantine(
        self,
        source: str | None = None,
        include_replayed: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Rejected]:
        """Quarantined rows in the order they were kept (by source file line within one import)."""
        stmt = (
            select(QuarantineRow)
            .where(*self._quarantine_filter(source, include_replayed))
            .order_by(QuarantineRow.id)
            .limit(limit)
            .offset(offset)
        )
        with self._session() as session:
            return [self._to_rejected(row) for row in session.scalars(stmt)]

    def count_quarantine(self, source: str | None = None, include_replayed: bool = False) -> int:
        stmt = (
            select(func.count())
            .select_from(QuarantineRow)
            .where(*self._quarantine_filter(source, include_replayed))
        )
        with self._session() as session:
            return session.scalar(stmt) or 0

    def get_quarantined(self, rejected_id: int) -> Rejected | None:
        with self._session() as session:
            row = session.get(QuarantineRow, rejected_id)
            return self._to_rejected(row) if row is not None else None

    def mark_replayed(self, ids: Sequence[int]) -> None:
        """Hide rows from the default quarantine view once they have been fixed and re-imported."""
        if not ids:
            return
        now = shared.now()
        with self._session(write=True) as session:
            for keys in shared.chunks(list(dict.fromkeys(ids)), shared.IN_CHUNK):
                session.execute(
                    update(QuarantineRow)
                    .where(QuarantineRow.id.in_(keys), QuarantineRow.replayed_at.is_(None))
                    .values(replayed_at=now)
                )

    # ------------------------------------------------------------------ ingestion log

    def log_ingestion(self, summary: IngestSummary, started_at: datetime, finished_at: datetime) -> int:
        row = IngestionLogRow(
            source=summary.source,
            started_at=started_at,
            finished_at=finished_at,
            read=summary.read,
            stored=summary.stored,
            duplicates=summary.duplicates,
            rejected=summary.rejected,
        )
        with self._session(write=True) as session:
            session.add(row)
            session.flush()
            return row.id

    def ingestion_log(self, limit: int = 20) -> list[IngestionRun]:
        """The latest runs, newest first."""
        stmt = (
            select(IngestionLogRow)
            .order_by(IngestionLogRow.started_at.desc(), IngestionLogRow.id.desc())
            .limit(limit)
        )
        with self._session() as session:
            return [
                IngestionRun(
                    id=row.id,
                    source=row.source,
                    started_at=row.started_at,
                    finished_at=row.finished_at,
                    read=row.read,
                    stored=row.stored,
                    duplicates=row.duplicates,
                    rejected=row.rejected,
                )
                for row in session.scalars(stmt)
            ]

    # ------------------------------------------------------------------ theme placement

    def unplaced(self, limit: int = 500, after_id: int = 0) -> list[StoredItem]:
        """Stored items that no theme build or update has placed yet, oldest id first."""
        placed = select(ThemeItemRow.feedback_id).where(ThemeItemRow.feedback_id == FeedbackRow.id)
        stmt = (
            self._item_select()
            .where(FeedbackRow.id > after_id, ~placed.exists())
            .order_by(FeedbackRow.id)
            .limit(limit)
        )
        with self._session() as session:
            return [self._to_item(*row) for row in session.execute(stmt).all()]

    # ------------------------------------------------------------------ insight fingerprints

    def insight_state(self, person_kind: PersonKind | str) -> str:
        """A short fingerprint of everything personas of ``person_kind`` are built from.

        It changes when an analysis of that kind is added, replaced or deleted (count, newest
        id, newest time) and when themes are rebuilt, edited or place new items (their labels
        are persona features); two aggregate queries, far cheaper than a rebuild.
        """
        kind = shared.person_kind(person_kind, "insight state")
        with self._session() as session:
            return self._analysis_state(session, kind)

    def map_state(self, person_kind: PersonKind | str | None = None) -> str:
        """A short fingerprint of everything empathy maps of ``person_kind`` (None: everyone) read.

        Maps also read the words of feedback that is not analysed yet, so besides the analyses
        and themes of ``insight_state`` it covers the feedback itself: rows are only ever added,
        so their count and newest id say whether any arrived.
        """
        kind = shared.person_kind(person_kind, "map state") if person_kind is not None else None
        with self._session() as session:
            rows = select(func.count(FeedbackRow.id), func.max(FeedbackRow.id))
            if kind is not None:
                rows = rows.where(FeedbackRow.person_kind == kind)
            count, top = session.execute(rows).one()
            return f"f{count}:{top or 0}|{self._analysis_state(session, kind)}"

    @staticmethod
    def _analysis_state(session: Session, kind: str | None) -> str:
        analyses = select(
            func.count(AnalysisRow.id), func.max(AnalysisRow.id), func.max(AnalysisRow.analysed_at)
        ).join(FeedbackRow, FeedbackRow.id == AnalysisRow.feedback_id)
        if kind is not None:
            analyses = analyses.where(FeedbackRow.person_kind == kind)
        count, top, last = session.execute(analyses).one()
        placed = session.scalar(select(func.count()).select_from(ThemeItemRow)) or 0
        themes = session.scalar(select(func.max(ThemeRow.updated_at)))
        stamp = last.isoformat() if last is not None else "-"
        theme_stamp = themes.isoformat() if themes is not None else "-"
        return f"a{count}:{top or 0}:{stamp}|t{placed}:{theme_stamp}"
