"""``empathica keys`` and ``empathica users`` as a user runs them: a real process and a real database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from empathica.config import Settings
from empathica.services import Empathica
from helpers.live_server import free_port

EXE = Path(sys.executable).with_name("empathica")
PASSWORD = "a long enough passphrase"


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], env=env, input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "EMPATHICA_DATABASE_URL": db_url,
        "EMPATHICA_DATA_DIR": str(tmp_path),
        "COLUMNS": "200",
    }


def test_keys_create_list_revoke(env: dict[str, str], db_url: str, tmp_path: Path) -> None:
    created = run(["keys", "create", "--name", "ci bot", "--scope", "read", "--scope", "analyze"], env)
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("emp_") and created.stdout.count("\n") == 1  # stdout holds the key alone
    assert "cannot be shown again" in created.stderr

    service = Empathica(Settings(data_dir=tmp_path, database_url=db_url))
    try:
        found = service.authenticate_key(key)
        assert found is not None and found.name == "ci bot"

        listed = run(["keys", "list"], env)
        assert listed.returncode == 0
        assert found.prefix in listed.stdout and "ci bot" in listed.stdout and "analyze,read" in listed.stdout
        assert key not in listed.stdout + listed.stderr

        revoked = run(["keys", "revoke", str(found.id)], env)
        assert revoked.returncode == 0 and "revoked" in revoked.stderr
        assert service.authenticate_key(key) is None
    finally:
        service.close()

    missing = run(["keys", "revoke", "999"], env)
    assert missing.returncode == 2 and "no API key with id 999" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = run(["keys", "create", "--name", "x", "--scope", "delete"], env)
    assert bad.returncode == 2 and "scope 'delete' is not one of read, analyze, write, admin" in bad.stderr


def test_users_add_list_password_disable(env: dict[str, str], db_url: str, tmp_path: Path) -> None:
    added = run(["users", "add", "ana", "--role", "analyst", "--password-stdin"], env, PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "role analyst (analyze, read, write)" in added.stderr
    assert PASSWORD not in added.stdout + added.stderr

    again = run(["users", "add", "ana", "--password-stdin"], env, PASSWORD + "\n")
    assert again.returncode == 2 and "a user named 'ana' already exists" in again.stderr
    short = run(["users", "add", "bob", "--password-stdin"], env, "short\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    no_tty = run(["users", "add", "bob"], env, "")
    assert no_tty.returncode == 2 and "--password-stdin" in no_tty.stderr

    listed = run(["users", "list"], env)
    assert "ana" in listed.stdout and "analyst" in listed.stdout and "bob" not in listed.stdout

    changed = run(["users", "password", "ana", "--password-stdin"], env, "another long passphrase\n")
    assert changed.returncode == 0, changed.stderr
    service = Empathica(Settings(data_dir=tmp_path, database_url=db_url))
    try:
        assert service.login("ana", PASSWORD) is None
        assert service.login("ana", "another long passphrase") is not None
        assert run(["users", "disable", "ana"], env).returncode == 0
        assert service.login("ana", "another long passphrase") is None
    finally:
        service.close()
    assert "yes" in run(["users", "list"], env).stdout
    unknown = run(["users", "disable", "nobody"], env)
    assert unknown.returncode == 2 and "no user named 'nobody'" in unknown.stderr


def test_serve_refuses_an_exposed_server_nobody_can_sign_in_to(env: dict[str, str]) -> None:
    refused = run(["serve", "--host", "0.0.0.0", "--port", "1"], env)
    assert refused.returncode == 2
    assert "empathica users add admin --role admin" in refused.stderr
    assert "empathica keys create --name NAME --scope read" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_serve_refuses_a_secret_file_other_users_can_read(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["keys", "create", "--name", "probe", "--scope", "read"], env).returncode == 0
    secret = tmp_path / "secret_key"
    secret.write_text("readable-by-everyone\n", encoding="utf-8")
    secret.chmod(0o644)
    refused = subprocess.run(
        [str(EXE), "serve", "--host", "127.0.0.1", "--port", str(free_port())],
        env={**env, "EMPATHICA_AUTH": "on"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode == 2
    assert f"chmod 600 {secret}" in " ".join(refused.stderr.split())  # rich wraps long lines
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_serve_with_a_user_starts_and_asks_for_a_key(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["keys", "create", "--name", "probe", "--scope", "read"], env).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [str(EXE), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**env, "EMPATHICA_AUTH": "on"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/feedback", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    pytest.fail(f"serve exited: {server.communicate()[1]}")
                time.sleep(0.1)
        else:
            pytest.fail("serve did not start")
        assert r.status_code == 401
        assert not (tmp_path / "secret_key").exists()  # nobody signed in yet, so nothing was signed
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_the_database_password_is_never_printed(env: dict[str, str], db_url: str) -> None:
    """``db upgrade`` names the database it used; a password in its URL is masked (trust auth ignores it)."""
    url = make_url(db_url).set(password="hunter2-not-for-logs")
    with_password = url.render_as_string(hide_password=False)
    upgraded = run(["db", "upgrade"], {**env, "EMPATHICA_DATABASE_URL": with_password})
    assert upgraded.returncode == 0, upgraded.stderr
    assert "feedback items, schema up to date" in upgraded.stderr
    assert "hunter2-not-for-logs" not in upgraded.stderr + upgraded.stdout
    assert "***" in upgraded.stderr
