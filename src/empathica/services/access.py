"""Use cases of access: API keys and dashboard users, created, listed, checked and retired.

Secrets are hashed here (``services.credentials``) before storage sees them, and checks answer
with domain objects or None: the outer layers decide what a failed check looks like (a 401, a
login form with an error), and a failure never says whether the user or the password was wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from empathica.domain import ApiKey, Role, Scope, User
from empathica.services import credentials
from empathica.services.core import Core, InputError
from empathica.storage import AccountExists

#: ``last_used_at`` is written at most this often per key, so a busy client does not turn every
#: read into a database write; listings are precise to about a minute.
TOUCH_EVERY = timedelta(seconds=60)

_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def _now() -> datetime:
    return datetime.now(UTC)


def parse_scopes(values: Iterable[str]) -> frozenset[Scope]:
    scopes: set[Scope] = set()
    for value in values:
        try:
            scopes.add(Scope(value.strip().lower()))
        except ValueError:
            allowed = ", ".join(s.value for s in Scope)
            raise InputError(f"scope {value!r} is not one of {allowed}", "scope") from None
    if not scopes:
        raise InputError("give at least one scope (read, analyze, write or admin)", "scope")
    return frozenset(scopes)


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InputError(f"role {value!r} is not one of {allowed}", "role") from None


def password_fingerprint(password_hash: str) -> str:
    """A short digest of the stored hash: a session minted before a password change no longer matches."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class Access(Core):
    """API keys and users; every method opens the repository lazily like the other use cases."""

    # -- API keys -----------------------------------------------------------------------------

    def create_api_key(self, name: str, scopes: Iterable[str]) -> tuple[ApiKey, str]:
        """The stored key and its full text, which exists only in this return value."""
        clean = name.strip()
        if not clean:
            raise InputError("the key needs a --name saying who or what uses it", "name")
        if len(clean) > 255:
            raise InputError(f"the name is {len(clean)} characters; the limit is 255", "name")
        wanted = parse_scopes(scopes)
        key = credentials.new_api_key()
        return self.repo.accounts.add_key(clean, key.prefix, key.digest, wanted), key.text

    def api_keys(self) -> list[ApiKey]:
        return self.repo.accounts.keys()

    def revoke_api_key(self, key_id: int) -> ApiKey:
        key = self.repo.accounts.revoke_key(key_id)
        if key is None:
            raise InputError(f"no API key with id {key_id}; `empathica keys list` shows them", "id")
        return key

    def authenticate_key(self, text: str, now: datetime | None = None) -> ApiKey | None:
        """The key ``text`` names if it is genuine and not revoked; its last use is recorded."""
        prefix = credentials.key_prefix(text)
        if prefix is None:
            return None
        found = self.repo.accounts.key_by_prefix(prefix)
        if found is None:
            return None
        key, digest = found
        if not credentials.key_matches(text, digest) or key.revoked:
            return None
        moment = now or _now()
        if key.last_used_at is None or moment - key.last_used_at >= TOUCH_EVERY:
            self.repo.accounts.touch_key(key.id, moment)
            key.last_used_at = moment
        return key

    # -- users --------------------------------------------------------------------------------

    def check_new_user(self, username: str, role: str) -> tuple[str, Role]:
        """The clean name and role, or an InputError; the CLI asks before it prompts for a password."""
        name = username.strip()
        if not _USERNAME.fullmatch(name):
            raise InputError(
                f"username {username!r}: use 1 to 64 letters, digits, '.', '_', '@' or '-', "
                "starting with a letter or digit",
                "username",
            )
        checked_role = parse_role(role)
        if self.repo.accounts.credentials(name) is not None:
            raise InputError(f"a user named {name!r} already exists", "username")
        return name, checked_role

    def check_user_exists(self, username: str) -> None:
        if self.repo.accounts.credentials(username) is None:
            raise InputError(f"no user named {username!r}; `empathica users list` shows them", "username")

    def add_user(self, username: str, role: str, password: str) -> User:
        name, checked_role = self.check_new_user(username, role)
        self._check_password(password)
        try:
            return self.repo.accounts.add_user(name, credentials.hash_password(password), checked_role)
        except AccountExists as exc:  # created by someone else since the check
            raise InputError(str(exc), "username") from None

    def users(self) -> list[User]:
        return self.repo.accounts.users()

    def disable_user(self, username: str) -> None:
        if not self.repo.accounts.set_disabled(username, True):
            raise InputError(f"no user named {username!r}; `empathica users list` shows them", "username")

    def set_password(self, username: str, password: str) -> None:
        self._check_password(password)
        if not self.repo.accounts.set_password_hash(username, credentials.hash_password(password)):
            raise InputError(f"no user named {username!r}; `empathica users list` shows them", "username")

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < credentials.MIN_PASSWORD_CHARS:
            raise InputError(
                f"the password is too short: use at least {credentials.MIN_PASSWORD_CHARS} characters",
                "password",
            )

    def login(self, username: str, password: str) -> tuple[User, str] | None:
        """The user and their session fingerprint, or None: unknown, disabled or wrong password alike."""
        found = self.repo.accounts.credentials(username.strip())
        if found is None:
            credentials.dummy_verify(password)
            return None
        user, stored = found
        if not credentials.verify_password(stored, password) or user.disabled:
            return None
        if credentials.needs_rehash(stored):
            stored = credentials.hash_password(password)
            self.repo.accounts.set_password_hash(user.username, stored)
        return user, password_fingerprint(stored)

    def session_user(self, user_id: int, fingerprint: str) -> User | None:
        """The user a session cookie names, while they are enabled and their password is unchanged."""
        found = self.repo.accounts.credentials_by_id(user_id)
        if found is None or found[0].disabled:
            return None
        user, stored = found
        return user if hmac.compare_digest(password_fingerprint(stored), fingerprint) else None

    def count_active_accounts(self) -> int:
        return self.repo.accounts.count_active()
