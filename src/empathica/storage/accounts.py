"""Users and API keys in the database; hashes go in, domain objects without hashes come out.

Hashing and checking secrets is the services' job: this module only stores what it is given
and finds rows by username or key prefix, so a hash can never reach a rendered object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from empathica.domain import ApiKey, Role, Scope, User
from empathica.storage.db import StorageError
from empathica.storage.tables import ApiKeyRow, UserRow

SessionFactory = Callable[..., AbstractContextManager[Session]]
Row = TypeVar("Row", UserRow, ApiKeyRow)
T = TypeVar("T", User, ApiKey)


class AccountExists(StorageError):
    """A username (or key prefix) that is already taken."""


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        created_at=row.created_at,
        disabled=row.disabled,
    )


def _key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        name=row.name,
        prefix=row.prefix,
        scopes=frozenset(Scope(s) for s in row.scopes),
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


class Accounts:
    """Reached as ``Repository.accounts``; shares the repository's sessions and error wrapping."""

    def __init__(self, session: SessionFactory) -> None:
        self._session = session

    def _insert(self, row: Row, convert: Callable[[Row], T], duplicate: str) -> T:
        """Adds ``row``; a unique-key clash becomes ``AccountExists(duplicate)``, not a database error."""
        try:
            with self._session(write=True) as session:
                session.add(row)
                session.flush()
                return convert(row)
        except StorageError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise AccountExists(duplicate) from None
            raise

    # -- users --------------------------------------------------------------------------------

    def add_user(self, username: str, password_hash: str, role: Role, now: datetime | None = None) -> User:
        row = UserRow(
            username=username,
            password_hash=password_hash,
            role=Role(role).value,
            created_at=now or datetime.now(UTC),
            disabled=False,
        )
        return self._insert(row, _user, f"a user named {username!r} already exists")

    def users(self) -> list[User]:
        with self._session() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]

    def user(self, user_id: int) -> User | None:
        with self._session() as session:
            row = session.get(UserRow, user_id)
            return _user(row) if row is not None else None

    def credentials(self, username: str) -> tuple[User, str] | None:
        """The user and their password hash, for the one place that verifies a password."""
        with self._session() as session:
            row = session.scalars(select(UserRow).where(UserRow.username == username)).first()
            return (_user(row), row.password_hash) if row is not None else None

    def credentials_by_id(self, user_id: int) -> tuple[User, str] | None:
        with self._session() as session:
            row = session.get(UserRow, user_id)
            return (_user(row), row.password_hash) if row is not None else None

    def set_password_hash(self, username: str, password_hash: str) -> bool:
        return self._update_user(username, password_hash=password_hash)

    def set_disabled(self, username: str, disabled: bool) -> bool:
        return self._update_user(username, disabled=disabled)

    def _update_user(self, username: str, **values: object) -> bool:
        with self._session(write=True) as session:
            result = session.execute(update(UserRow).where(UserRow.username == username).values(**values))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def count_active(self) -> int:
        """Enabled users plus unrevoked keys: zero means nobody could get in with auth on."""
        with self._session() as session:
            users = session.scalar(select(func.count()).select_from(UserRow).where(~UserRow.disabled)) or 0
            keys = (
                session.scalar(
                    select(func.count()).select_from(ApiKeyRow).where(ApiKeyRow.revoked_at.is_(None))
                )
                or 0
            )
        return users + keys

    # -- API keys -----------------------------------------------------------------------------

    def add_key(
        self, name: str, prefix: str, key_hash: str, scopes: Iterable[Scope], now: datetime | None = None
    ) -> ApiKey:
        row = ApiKeyRow(
            name=name,
            prefix=prefix,
            key_hash=key_hash,
            scopes=sorted(Scope(s).value for s in scopes),
            created_at=now or datetime.now(UTC),
            last_used_at=None,
            revoked_at=None,
        )
        return self._insert(row, _key, f"an API key with prefix {prefix!r} already exists")

    def keys(self) -> list[ApiKey]:
        with self._session() as session:
            return [_key(r) for r in session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))]

    def key_by_prefix(self, prefix: str) -> tuple[ApiKey, str] | None:
        """The key and its stored hash, for the one place that checks a presented key."""
        with self._session() as session:
            row = session.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == prefix)).first()
            return (_key(row), row.key_hash) if row is not None else None

    def revoke_key(self, key_id: int, now: datetime | None = None) -> ApiKey | None:
        """Revoke once: revoking again keeps the first date. None when there is no such key."""
        with self._session(write=True) as session:
            row = session.get(ApiKeyRow, key_id)
            if row is None:
                return None
            if row.revoked_at is None:
                row.revoked_at = now or datetime.now(UTC)
            session.flush()
            return _key(row)

    def touch_key(self, key_id: int, when: datetime) -> None:
        with self._session(write=True) as session:
            session.execute(update(ApiKeyRow).where(ApiKeyRow.id == key_id).values(last_used_at=when))
