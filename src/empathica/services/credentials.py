"""Secrets: argon2id for passwords, SHA-256 for API keys, and the shape of a key.

Passwords are low-entropy and chosen by people, so they get a slow, memory-hard hash (argon2id,
argon2-cffi's recommended parameters). API keys are 32 random bytes: nobody can guess one, so a
slow hash would buy nothing and cost every API request tens of milliseconds; a single SHA-256
of the whole key is enough and lets each request be checked cheaply. Neither a password nor a
key is ever stored, logged or put in an exception message in clear.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

KEY_PREFIX = "emp"
#: Bytes of randomness in a key's secret part.
KEY_SECRET_BYTES = 32
#: Shortest password ``users add`` accepts; long passphrases beat clever rules.
MIN_PASSWORD_CHARS = 10

_KEY_SHAPE = re.compile(r"emp_([0-9a-f]{8})_([A-Za-z0-9_-]{43})")
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
#: Argon2 checks running at once in this process. Each takes 64 MiB and a core for ~50 ms; sign-in
#: attempts from many addresses (each within its own rate limit) would otherwise run dozens at once
#: and exhaust memory. Extra attempts wait their turn: a slow login, not a dead server.
MAX_CONCURRENT_HASHES = 2
_HASH_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT_HASHES)


def hash_password(password: str) -> str:
    with _HASH_SLOTS:
        return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """False for a wrong password and for a hash this library cannot read, never an exception."""
    try:
        with _HASH_SLOTS:
            return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's: rehash it at the next login."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@functools.cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def dummy_verify(password: str) -> None:
    """Spend the time of one verification, so an unknown user answers as slowly as a wrong password."""
    verify_password(_dummy_hash(), password)


@dataclass(frozen=True, slots=True)
class NewKey:
    """A key as created: ``text`` is shown to its owner once and then forgotten (and never in a repr)."""

    text: str = field(repr=False)
    prefix: str
    digest: str


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_api_key() -> NewKey:
    prefix = secrets.token_hex(4)
    text = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(KEY_SECRET_BYTES)}"
    return NewKey(text=text, prefix=prefix, digest=key_digest(text))


def key_prefix(key: str) -> str | None:
    """The prefix of a well-formed key; None for anything else (which then matches no row)."""
    match = _KEY_SHAPE.fullmatch(key.strip())
    return match.group(1) if match else None


def key_matches(key: str, stored_digest: str) -> bool:
    return hmac.compare_digest(key_digest(key.strip()), stored_digest)
