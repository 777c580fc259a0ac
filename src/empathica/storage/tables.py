"""ORM tables. Only the storage package sees these; every other layer gets domain objects.

The schema is created by the Alembic migrations in ``migrations/versions``, not by
``create_all``: these models must stay in step with the newest migration (a test checks).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: Constraint names are fixed so migrations and both backends agree on them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: JSON everywhere, JSONB on PostgreSQL (smaller, indexable).
JsonType = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in, timezone-aware UTC out, on both backends.

    SQLite keeps no offset, so values are converted to UTC before they are written (which also
    keeps its text ordering chronological) and get their UTC offset back when read. A naive
    datetime coming in is taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.replace(tzinfo=None) if dialect.name == "sqlite" else aware

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PersonRow(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(255))
    attributes: Mapped[dict[str, Any]] = mapped_column(JsonType)


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index(None, "created_at"),
        Index(None, "channel"),
        Index(None, "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(255))
    external_id: Mapped[str] = mapped_column(String(255))
    #: What users see: the text after PII redaction.
    text: Mapped[str] = mapped_column(Text)
    original_text: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    person_kind: Mapped[str] = mapped_column(String(16))
    rating: Mapped[float | None] = mapped_column(Float)
    # ``metadata`` is reserved on declarative classes, hence the attribute name.
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JsonType)


class AnalysisRow(Base):
    __tablename__ = "analyses"
    __table_args__ = (Index(None, "model_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), unique=True)
    model_version: Mapped[str] = mapped_column(String(100))
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The whole ``Analysis.to_record()``; the columns below are copies for filtering and sorting.
    record: Mapped[dict[str, Any]] = mapped_column(JsonType)
    sentiment: Mapped[str] = mapped_column(String(16))
    valence: Mapped[float] = mapped_column(Float)
    intensity: Mapped[float] = mapped_column(Float)
    language: Mapped[str] = mapped_column(String(16))
    low_confidence: Mapped[bool] = mapped_column(Boolean)


class AnalysisLabelRow(Base):
    """One score of one label, so 'feedback showing anger' is a SQL filter, not a JSON scan."""

    __tablename__ = "analysis_labels"
    __table_args__ = (
        # The emotion filter asks "label = X and selected" in either taxonomy, so label leads.
        Index(None, "label", "selected", "analysis_id"),
        Index(None, "taxonomy", "label", "selected"),
    )

    analysis_id: Mapped[int] = mapped_column(ForeignKey("analyses.id", ondelete="CASCADE"), primary_key=True)
    taxonomy: Mapped[str] = mapped_column(String(16), primary_key=True)
    label: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    selected: Mapped[bool] = mapped_column(Boolean)


class QuarantineRow(Base):
    __tablename__ = "quarantine"
    __table_args__ = (UniqueConstraint("source", "line", "raw_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(255))
    line: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(255))
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    #: sha256 of ``raw``: the unique key cannot hold arbitrarily long text on every backend.
    raw_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replayed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IngestionLogRow(Base):
    __tablename__ = "ingestion_log"
    __table_args__ = (Index(None, "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read: Mapped[int] = mapped_column(Integer)
    stored: Mapped[int] = mapped_column(Integer)
    duplicates: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)


class ThemeRow(Base):
    """A whole ``Theme`` as JSON (centroid included); ``position`` keeps the ranking."""

    __tablename__ = "themes"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JsonType)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ThemeItemRow(Base):
    """Where one feedback item was placed; ``theme_key`` None means no theme fitted it."""

    __tablename__ = "theme_items"
    __table_args__ = (Index(None, "theme_key"),)

    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    theme_key: Mapped[str | None] = mapped_column(String(32))


class PersonaBuildRow(Base):
    """The last personas built of one kind of people, whole, and the store state they were built from.

    Kept so that a rebuild can match new personas to these (same people, same id and name)
    and so that nothing is rebuilt while ``state`` still describes the store.
    """

    __tablename__ = "persona_builds"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    state: Mapped[str] = mapped_column(String(255))
    data: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)


class UserRow(Base):
    """A dashboard account; ``password_hash`` is an argon2 string and never leaves the storage layer."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled: Mapped[bool] = mapped_column(Boolean)


class ApiKeyRow(Base):
    """An API key: ``prefix`` finds the row; ``key_hash`` (SHA-256 of the whole key) proves possession."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
