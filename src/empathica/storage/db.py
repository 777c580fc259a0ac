"""Engines for the two supported databases, and schema migrations run from the package.

SQLite is the zero-setup default, so its engine is tuned for a file shared by a web server
and a CLI at once: WAL lets readers proceed during a write, the busy timeout turns a brief
lock into a wait instead of an error, and foreign keys are off by default in SQLite, so they
are switched on for every connection. PostgreSQL is for team servers and uses psycopg 3.

Migrations live inside the installed package, so users never need an ``alembic.ini``:
:func:`upgrade` points Alembic at the package folder and hands it an open connection.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:  # Alembic is imported when a database is opened, not with the package (0.4 s)
    from alembic.config import Config

#: How long a SQLite connection waits for another writer before giving up, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 15_000
#: Seconds to wait for a PostgreSQL server to answer before reporting it unreachable.
POSTGRES_CONNECT_TIMEOUT_S = 10
#: Key of the PostgreSQL advisory lock that serialises concurrent migrations.
_MIGRATION_LOCK_KEY = 0x456D7061  # "Empa"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StorageError(RuntimeError):
    """The database cannot be used: bad URL, unreachable server, wrong schema, bad data."""


def describe_url(url: str | URL) -> str:
    """The URL with its password masked, safe to show in an error message or a log."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "<unparseable URL>"
    return parsed.render_as_string(hide_password=True)


def _parse(url: str) -> URL:
    if not url or not url.strip():
        raise StorageError("database URL is empty; use e.g. sqlite:///empathica.db")
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise StorageError(
            f"cannot parse database URL {url!r}: expected sqlite:///path/to/file.db or "
            "postgresql+psycopg://user:password@host:5432/database"
        ) from exc
    backend = parsed.get_backend_name()
    driver = parsed.get_driver_name()
    if backend == "postgresql":
        if parsed.drivername == "postgresql" or driver in ("", "psycopg2"):
            # Plain postgresql:// URLs are common in the wild; psycopg 3 is the driver we ship.
            parsed = parsed.set(drivername="postgresql+psycopg")
        elif driver != "psycopg":
            raise StorageError(
                f"unsupported PostgreSQL driver {driver!r} in {describe_url(parsed)}: "
                "use postgresql+psycopg://..."
            )
    elif backend != "sqlite":
        raise StorageError(
            f"unsupported database {backend!r} in {describe_url(parsed)}: "
            "Empathica supports sqlite:/// and postgresql+psycopg://"
        )
    return parsed


def _is_memory_sqlite(url: URL) -> bool:
    database = url.database or ""
    return database in ("", ":memory:") or database.startswith("file::memory:")


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_engine(url: URL) -> Engine:
    if _is_memory_sqlite(url):
        # One shared connection: every pooled connection to :memory: would be a new, empty database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        assert url.database is not None
        path = Path(url.database).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the folder for SQLite database {path}: {exc}") from exc
        if path.is_dir():
            raise StorageError(f"SQLite database path {path} is a folder, not a file")
        engine = create_engine(url.set(database=str(path)))
    event.listen(engine, "connect", _on_sqlite_connect)
    return engine


def _postgres_engine(url: URL) -> Engine:
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except NoSuchModuleError as exc:  # pragma: no cover - depends on the installed extras
        raise StorageError("PostgreSQL support is not installed: pip install 'empathica[postgres]'") from exc


def create_engine_for(url: str, *, check: bool = True) -> Engine:
    """An engine for ``url``; with ``check`` it connects once so a bad server fails here, clearly."""
    parsed = _parse(url)
    try:
        engine = _sqlite_engine(parsed) if parsed.get_backend_name() == "sqlite" else _postgres_engine(parsed)
    except ImportError as exc:
        raise StorageError(
            f"the database driver for {describe_url(parsed)} is not installed ({exc}); "
            "for PostgreSQL: pip install 'empathica[postgres]'"
        ) from exc
    if check:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except DBAPIError as exc:
            engine.dispose()
            raise StorageError(
                f"cannot connect to database {describe_url(parsed)}: {error_summary(exc.orig)}"
            ) from exc
    return engine


def error_summary(error: BaseException | None) -> str:
    """The first line of a driver error: the part a person can act on."""
    message = str(error).strip() if error is not None else ""
    return message.splitlines()[0] if message else type(error).__name__


# --------------------------------------------------------------------------- migrations


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The newest migration shipped with this version of the package."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships at least one migration
        raise StorageError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at; None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        raise StorageError(
            f"cannot read the schema version of {describe_url(engine.url)}: {error_summary(exc.orig)}"
        ) from exc


def _run_alembic(engine: Engine, action: str, revision: str) -> None:
    from alembic import command

    config = _alembic_config()
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                # Two processes starting at once must not both create the tables.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            config.attributes["connection"] = connection
            if action == "upgrade":
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)
    except DBAPIError as exc:
        raise StorageError(
            f"cannot {action} the schema of {describe_url(engine.url)} to {revision}: "
            f"{error_summary(exc.orig)}"
        ) from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``; a no-op when it is already there."""
    _run_alembic(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (``"base"`` drops every Empathica table)."""
    _run_alembic(engine, "downgrade", revision)
