"""Users and API keys through the service, stored in real SQLite and real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from empathica.config import Settings
from empathica.domain import Role, Scope
from empathica.services import Empathica, InputError
from empathica.services.access import TOUCH_EVERY
from empathica.storage import Repository
from empathica.storage.tables import ApiKeyRow, UserRow

PASSWORD = "a long enough passphrase"


@pytest.fixture
def service(db_url: str, repo: Repository, tmp_path: Path) -> Empathica:
    return Empathica(Settings(data_dir=tmp_path, database_url=db_url), repository=repo)


def test_a_key_is_stored_only_as_its_hash_and_found_again(service: Empathica, repo: Repository) -> None:
    key, text = service.create_api_key("  ci bot ", ["read", "ANALYZE"])
    assert key.name == "ci bot" and key.scopes == {Scope.READ, Scope.ANALYZE} and not key.revoked
    with repo.engine.connect() as connection:
        row = connection.execute(select(ApiKeyRow.__table__)).one()
    assert text not in str(tuple(row)) and text.split("_")[2] not in str(tuple(row))
    found = service.authenticate_key(text)
    assert found is not None and found.id == key.id
    assert service.authenticate_key(text + "x") is None
    assert (
        service.authenticate_key("emp_" + key.prefix + "_" + "A" * 43) is None
    )  # right prefix, wrong secret
    assert service.authenticate_key("garbage") is None


def test_last_use_is_recorded_about_once_a_minute(service: Empathica) -> None:
    _, text = service.create_api_key("bot", ["read"])
    assert service.api_keys()[0].last_used_at is None
    t0 = datetime(2026, 5, 1, 12, tzinfo=UTC)
    service.authenticate_key(text, now=t0)
    assert service.api_keys()[0].last_used_at == t0
    service.authenticate_key(text, now=t0 + TOUCH_EVERY / 2)
    assert service.api_keys()[0].last_used_at == t0  # no write for every request
    service.authenticate_key(text, now=t0 + TOUCH_EVERY + timedelta(seconds=1))
    assert service.api_keys()[0].last_used_at == t0 + TOUCH_EVERY + timedelta(seconds=1)


def test_a_revoked_key_stops_working_and_keeps_its_first_revocation(service: Empathica) -> None:
    key, text = service.create_api_key("bot", ["admin"])
    first = service.revoke_api_key(key.id)
    assert first.revoked and service.authenticate_key(text) is None
    assert service.revoke_api_key(key.id).revoked_at == first.revoked_at
    with pytest.raises(InputError, match="no API key with id 999"):
        service.revoke_api_key(999)


@pytest.mark.parametrize(
    ("name", "scopes", "message"),
    [
        ("", ["read"], "--name"),
        ("bot", [], "at least one scope"),
        ("bot", ["delete"], "'delete' is not one of"),
    ],
)
def test_bad_key_requests_say_what_is_wrong(
    service: Empathica, name: str, scopes: list[str], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        service.create_api_key(name, scopes)


def test_user_login_disable_and_password_change(service: Empathica, repo: Repository) -> None:
    user = service.add_user("ana", "agent", PASSWORD)
    assert user.role is Role.AGENT and user.scopes == {Scope.READ, Scope.ANALYZE}
    with repo.engine.connect() as connection:
        stored = connection.execute(select(UserRow.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored

    assert service.login("ana", "wrong password!") is None
    assert service.login("bob", PASSWORD) is None
    logged = service.login("ana", PASSWORD)
    assert logged is not None
    _, fingerprint = logged
    assert service.session_user(user.id, fingerprint) == user

    service.set_password("ana", "another long passphrase")
    assert service.session_user(user.id, fingerprint) is None  # old sessions end
    assert service.login("ana", PASSWORD) is None
    again = service.login("ana", "another long passphrase")
    assert again is not None

    service.disable_user("ana")
    assert service.login("ana", "another long passphrase") is None
    assert service.session_user(user.id, again[1]) is None
    assert [u.disabled for u in service.users()] == [True]


def test_a_weak_stored_hash_is_upgraded_at_login(service: Empathica, repo: Repository) -> None:
    user = service.add_user("ana", "viewer", PASSWORD)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    repo.accounts.set_password_hash("ana", weak)
    assert service.login("ana", PASSWORD) is not None
    found = repo.accounts.credentials_by_id(user.id)
    assert found is not None and found[1] != weak and found[1].startswith("$argon2id$v=19$m=65536")


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("ana", "agent", "short", "at least 10 characters"),
        ("-ana", "agent", PASSWORD, "username '-ana'"),
        ("ana", "boss", PASSWORD, "role 'boss' is not one of viewer, agent, analyst, admin"),
    ],
)
def test_bad_user_requests_say_what_is_wrong(
    service: Empathica, name: str, role: str, password: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        service.add_user(name, role, password)


def test_usernames_are_unique_and_unknown_users_are_named(service: Empathica) -> None:
    service.add_user("ana", "agent", PASSWORD)
    with pytest.raises(InputError, match="a user named 'ana' already exists"):
        service.add_user("ana", "admin", PASSWORD)
    with pytest.raises(InputError, match="no user named 'bob'"):
        service.disable_user("bob")
    with pytest.raises(InputError, match="no user named 'bob'"):
        service.set_password("bob", PASSWORD)


def test_active_accounts_count_enabled_users_and_live_keys(service: Empathica) -> None:
    assert service.count_active_accounts() == 0
    service.add_user("ana", "agent", PASSWORD)
    key, _ = service.create_api_key("bot", ["read"])
    assert service.count_active_accounts() == 2
    service.disable_user("ana")
    service.revoke_api_key(key.id)
    assert service.count_active_accounts() == 0
