"""Passwords (argon2id) and API keys (shape, SHA-256 digest, constant-time match), with the real libraries."""

from __future__ import annotations

import hashlib

import pytest
from argon2 import PasswordHasher

from empathica.domain import ROLE_SCOPES, Role, Scope, allows
from empathica.services.credentials import (
    hash_password,
    key_digest,
    key_matches,
    key_prefix,
    needs_rehash,
    new_api_key,
    verify_password,
)


def test_password_hash_is_argon2id_salted_and_verifies_only_the_same_password() -> None:
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt each time
    assert "correct horse" not in first
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "correct horse batterz")
    assert not verify_password("not a hash at all", "correct horse battery")


def test_a_hash_made_with_weaker_parameters_asks_to_be_rehashed() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("correct horse battery")
    assert verify_password(weak, "correct horse battery")  # still accepted ...
    assert needs_rehash(weak)  # ... and upgraded at the next login
    assert not needs_rehash(hash_password("correct horse battery"))


def test_new_key_shape_prefix_and_digest() -> None:
    key = new_api_key()
    assert key.text.startswith(f"emp_{key.prefix}_")
    assert len(key.prefix) == 8
    assert len(key.text.split("_", 2)[2]) == 43  # 32 random bytes, base64url
    assert key.digest == hashlib.sha256(key.text.encode()).hexdigest() == key_digest(key.text)
    assert key_prefix(key.text) == key.prefix
    assert key_matches(key.text, key.digest)
    assert not key_matches(key.text[:-1] + ("A" if key.text[-1] != "A" else "B"), key.digest)
    assert new_api_key().text != key.text


@pytest.mark.parametrize(
    "text",
    ["", "emp_", "emp_1234567_" + "a" * 43, "emp_zzzzzzzz_" + "a" * 43, "xyz_12345678_" + "a" * 43,
     "emp_12345678_" + "a" * 42, "emp_12345678_" + "a" * 43 + "!"],
)  # fmt: skip
def test_malformed_keys_have_no_prefix(text: str) -> None:
    assert key_prefix(text) is None


def test_roles_map_to_scopes_and_admin_implies_every_scope() -> None:
    assert ROLE_SCOPES[Role.VIEWER] == {Scope.READ}
    assert ROLE_SCOPES[Role.AGENT] == {Scope.READ, Scope.ANALYZE}
    assert ROLE_SCOPES[Role.ANALYST] == {Scope.READ, Scope.ANALYZE, Scope.WRITE}
    assert all(allows(ROLE_SCOPES[Role.ADMIN], s) for s in Scope)
    assert all(allows(frozenset({Scope.ADMIN}), s) for s in Scope)
    assert not allows(ROLE_SCOPES[Role.AGENT], Scope.WRITE)
    assert not allows(frozenset({Scope.WRITE}), Scope.READ)  # write does not imply read


def test_a_new_key_does_not_show_its_secret_in_its_repr() -> None:
    key = new_api_key()
    assert key.text not in repr(key)
    assert key.prefix in repr(key)


def test_no_more_than_the_allowed_number_of_argon2_checks_run_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from empathica.services import credentials

    fast = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    stored = fast.hash("correct horse battery")
    running, peak, lock = 0, 0, threading.Lock()

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            nonlocal running, peak
            with lock:
                running += 1
                peak = max(peak, running)
            try:
                threading.Event().wait(0.02)  # long enough for the other threads to pile up
                return fast.verify(hash, password)
            finally:
                with lock:
                    running -= 1

    monkeypatch.setattr(credentials, "_HASHER", CountingHasher())
    results: list[bool] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(credentials.verify_password(stored, "correct horse battery"))
        )
        for _ in range(12)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 12
    assert peak == credentials.MAX_CONCURRENT_HASHES
