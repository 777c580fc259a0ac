"""Engines, migrations and the errors a user sees when the database cannot be used."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from empathica.domain import Feedback
from empathica.storage import (
    StorageError,
    create_engine_for,
    current_revision,
    downgrade,
    head_revision,
    open_repository,
    upgrade,
)
from empathica.storage.tables import Base

TABLES = {
    "persons", "feedback", "analyses", "analysis_labels", "quarantine", "ingestion_log",
    "themes", "theme_items", "users", "api_keys",
}  # fmt: skip


def test_upgrade_from_empty_then_downgrade_to_base_and_back(empty_db_url: str) -> None:
    engine = create_engine_for(empty_db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) >= TABLES

        upgrade(engine)  # already at head: nothing to do, nothing breaks
        assert current_revision(engine) == head_revision()

        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert not TABLES & set(inspect(engine).get_table_names())

        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_models_match_the_migrations(db_url: str) -> None:
    """A model changed without a migration (or the reverse) shows up here as a difference."""
    engine = create_engine_for(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_open_without_migrate_on_an_empty_database_says_what_to_run(empty_db_url: str) -> None:
    with pytest.raises(StorageError, match=r"schema version none.*empathica db upgrade"):
        open_repository(empty_db_url, migrate=False)


def test_open_without_migrate_on_a_current_database_works(db_url: str) -> None:
    repo = open_repository(db_url, migrate=False)
    try:
        assert repo.count_feedback() == 0
    finally:
        repo.close()


def test_sqlite_file_gets_its_folder_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "deeper" / "empathica.db"
    repo = open_repository(f"sqlite:///{path}")
    try:
        repo.add_feedback([Feedback("s", "1", "hello")])
        with repo.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() > 0
    finally:
        repo.close()
    assert path.is_file()
    # The file is a normal SQLite database any tool can read.
    with sqlite3.connect(path) as plain:
        assert plain.execute("SELECT text FROM feedback").fetchall() == [("hello",)]


def test_in_memory_sqlite_keeps_one_database_across_connections() -> None:
    repo = open_repository("sqlite://")
    try:
        repo.add_feedback([Feedback("s", "1", "hello")])
        assert repo.count_feedback() == 1
    finally:
        repo.close()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "database URL is empty"),
        ("not a url", "cannot parse database URL 'not a url'"),
        ("mysql://u:p@localhost/db", "unsupported database 'mysql'"),
        ("postgresql+asyncpg://u@localhost/db", "unsupported PostgreSQL driver 'asyncpg'"),
    ],
)
def test_bad_urls_get_a_clear_error(url: str, message: str) -> None:
    with pytest.raises(StorageError, match=message):
        open_repository(url)


def test_unreachable_postgres_names_the_server_and_hides_the_password() -> None:
    url = "postgresql+psycopg://empathica:s3cret@127.0.0.1:1/empathica"
    with pytest.raises(StorageError) as caught:
        open_repository(url)
    message = str(caught.value)
    assert message.startswith(
        "cannot connect to database postgresql+psycopg://empathica:***@127.0.0.1:1/empathica"
    )
    assert "s3cret" not in message


def test_plain_postgresql_scheme_uses_psycopg() -> None:
    engine = create_engine_for("postgresql://u@127.0.0.1:1/db", check=False)
    try:
        assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()


def test_sqlite_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder, not a file"):
        open_repository(f"sqlite:///{tmp_path}")
