"""Database fixtures shared by every integration test: real SQLite and real PostgreSQL.

Each backend is migrated once per test session; after each test every table is emptied, so
tests are isolated without paying for a migration each time. PostgreSQL tests run in their
own uniquely named schema (passed to the server through the URL's ``options``), so the
storage code needs no test hooks and parallel sessions never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, MetaData, text
from sqlalchemy.engine import make_url

from empathica.storage import Repository, create_engine_for, open_repository, upgrade

POSTGRES_ENV = "EMPATHICA_TEST_POSTGRES_URL"
POSTGRES_SKIP_REASON = "PostgreSQL tests skipped: set EMPATHICA_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def postgres_server_url() -> str:
    """The test server's URL from the environment, or a visible skip."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(POSTGRES_SKIP_REASON)
    return url


def with_search_path(url: str, schema: str) -> str:
    """``url`` with every connection's search_path set to ``schema``."""
    parsed = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return parsed.render_as_string(hide_password=False)


class PostgresSchemas:
    """Creates uniquely named schemas on the test server and drops them again."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self._admin = create_engine_for(server_url)
        self._created: list[str] = []

    def create(self) -> str:
        schema = f"empathica_test_{uuid.uuid4().hex[:12]}"
        with self._admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        self._created.append(schema)
        return with_search_path(self.server_url, schema)

    def drop_all(self) -> None:
        with self._admin.begin() as connection:
            for schema in self._created:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        self._created.clear()
        self._admin.dispose()


@pytest.fixture(scope="session")
def postgres_schemas() -> Iterator[PostgresSchemas]:
    schemas = PostgresSchemas(postgres_server_url())
    yield schemas
    schemas.drop_all()


class MigratedDatabase:
    """A database migrated to head, and a way to empty it between tests."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_engine_for(url)
        upgrade(self.engine)
        metadata = MetaData()
        metadata.reflect(self.engine)
        self._tables = [t for t in reversed(metadata.sorted_tables) if t.name != "alembic_version"]

    def empty(self) -> None:
        with self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":
                # A connection a test forgot to close must fail the clean-up, not hang it.
                connection.execute(text("SET LOCAL lock_timeout = '5s'"))
            for table in self._tables:
                connection.execute(table.delete())

    def dispose(self) -> None:
        self.engine.dispose()


@pytest.fixture(scope="session")
def _sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedDatabase]:
    database = MigratedDatabase(f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'empathica.db'}")
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def _postgresql_database(postgres_schemas: PostgresSchemas) -> Iterator[MigratedDatabase]:
    database = MigratedDatabase(postgres_schemas.create())
    yield database
    database.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """URL of a migrated, empty database; every table is emptied again after the test."""
    database: MigratedDatabase = request.getfixturevalue(f"_{request.param}_database")
    database.empty()
    yield database.url
    database.empty()


@pytest.fixture
def repo(db_url: str) -> Iterator[Repository]:
    repository = open_repository(db_url)
    yield repository
    repository.close()


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of a brand-new database with no tables at all, for migration and first-run tests."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('empty') / 'empathica.db'}"
    schemas: PostgresSchemas = request.getfixturevalue("postgres_schemas")
    return schemas.create()
