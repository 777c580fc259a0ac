"""Where a login may send the browser back to, and the secret that signs session cookies."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from empathica.config import Settings
from empathica.web import auth
from empathica.web.auth import DEFAULT_NEXT, AuthState, load_secret, safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/feedback?emotion=anger", "/feedback?emotion=anger"),
        ("/feedback/3", "/feedback/3"),
        (None, DEFAULT_NEXT),
        ("", DEFAULT_NEXT),
        ("https://evil.example/", DEFAULT_NEXT),
        ("//evil.example/path", DEFAULT_NEXT),
        ("/\\evil.example", DEFAULT_NEXT),
        ("evil.example", DEFAULT_NEXT),
        ("/ok\r\nSet-Cookie: x=1", DEFAULT_NEXT),
        ("/login?next=/overview", DEFAULT_NEXT),
    ],
)
def test_only_local_paths_are_followed_after_login(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


def test_the_secret_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = load_secret(settings)
    path = tmp_path / "data" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 48
    assert load_secret(settings) == first  # kept: sessions survive a restart
    assert load_secret(settings.with_(secret_key="from-the-environment")) == "from-the-environment"


def test_two_processes_making_the_secret_at_once_agree_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second process arrives while the first is between creating the file and filling it."""
    settings = Settings(data_dir=tmp_path / "data")
    real_token = auth.secrets.token_urlsafe
    other: list[str] = []

    def token_while_another_process_starts(nbytes: int) -> str:
        if not other:
            other.append("")  # only the first call lets the other process in
            other[0] = load_secret(settings)
        return real_token(nbytes)

    monkeypatch.setattr(auth.secrets, "token_urlsafe", token_while_another_process_starts)
    first = load_secret(settings)
    assert first == other[0] != ""
    assert (tmp_path / "data" / "secret_key").read_text(encoding="utf-8").strip() == first
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret_key"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_secret_file_others_can_read_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("a-secret-that-others-could-read\n", encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(RuntimeError, match=r"chmod 600 .*secret_key"):
        load_secret(Settings(data_dir=tmp_path))
    path.chmod(0o600)
    assert load_secret(Settings(data_dir=tmp_path)) == "a-secret-that-others-could-read"


def test_no_secret_file_is_written_while_nobody_signs_in(tmp_path: Path) -> None:
    AuthState(Settings(data_dir=tmp_path))
    assert not (tmp_path / "secret_key").exists()


def test_session_cookies_are_signed_and_csrf_tokens_bound_to_their_session(tmp_path: Path) -> None:
    state = AuthState(Settings(data_dir=tmp_path, auth="on", secret_key="s3cret"))
    cookie = state.sign({"sid": "abc", "uid": 1, "fp": "f"})
    assert state.unsign(cookie) == {"sid": "abc", "uid": 1, "fp": "f"}
    assert state.unsign(cookie[:-2] + ("xx" if not cookie.endswith("xx") else "yy")) is None
    other = AuthState(Settings(data_dir=tmp_path, auth="on", secret_key="another"))
    assert other.unsign(cookie) is None  # a cookie signed with another secret is worthless
    token = state.csrf_token({"sid": "abc"})
    assert state.csrf_ok({"sid": "abc"}, token)
    assert not state.csrf_ok({"sid": "abd"}, token)
    assert not state.csrf_ok(None, token) and not state.csrf_ok({"sid": "abc"}, "")
