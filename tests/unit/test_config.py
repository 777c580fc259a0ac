from pathlib import Path

import pytest

from empathica.config import Rate, Settings, SettingsError, parse_rate


def test_defaults_use_a_per_user_sqlite_file() -> None:
    s = Settings.from_env({"HOME": "/home/ana"})
    assert s.sqlalchemy_url == "sqlite:////home/ana/.local/share/empathica/empathica.db"
    assert s.max_text_chars == 20_000
    assert s.cache_dir == Path("/home/ana/.cache/empathica")  # caches never mix with user data
    assert Settings.from_env({"HOME": "/h", "XDG_CACHE_HOME": "/c"}).cache_dir == Path("/c/empathica")
    assert Settings.from_env({"EMPATHICA_CACHE_DIR": "/tmp/c"}).cache_dir == Path("/tmp/c")


def test_environment_values_are_parsed() -> None:
    s = Settings.from_env(
        {
            "EMPATHICA_DATA_DIR": "/tmp/x",
            "EMPATHICA_MAX_TEXT_CHARS": "500",
            "EMPATHICA_KEEP_ORIGINAL_TEXT": "yes",
            "EMPATHICA_DATABASE_URL": "postgresql+psycopg://u@h/db",
        }
    )
    assert s.data_dir == Path("/tmp/x")
    assert s.max_text_chars == 500
    assert s.keep_original_text is True
    assert s.sqlalchemy_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EMPATHICA_PORT", "eighty", "expected a whole number"),
        ("EMPATHICA_BATCH_SIZE", "-3", "must not be negative"),
        ("EMPATHICA_KEEP_ORIGINAL_TEXT", "maybe", "expected true or false"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=f"{name}=.*{message}"):
        Settings.from_env({name: value})


def test_overrides_win_over_environment() -> None:
    assert Settings.from_env({"EMPATHICA_PORT": "9000"}, port=8123).port == 8123


@pytest.mark.parametrize(
    ("host", "required"),
    [
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("::1", False),
        ("[::1]", False),
        ("localhost", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("empathica.example.org", True),
    ],
)
def test_auth_auto_is_required_exactly_when_other_machines_can_reach_the_server(
    host: str, required: bool
) -> None:
    assert Settings(host=host).auth_required is required
    assert Settings(host=host, auth="on").auth_required is True
    assert Settings(host=host, auth="off").auth_required is False


def test_auth_and_rate_settings_from_the_environment() -> None:
    s = Settings.from_env(
        {"EMPATHICA_AUTH": " ON ", "EMPATHICA_RATE_LIMIT": "5/second", "EMPATHICA_LOGIN_RATE_LIMIT": "off"}
    )
    assert s.auth == "on" and s.auth_required
    assert s.api_rate == Rate(5, 1.0)
    assert s.login_rate is None
    assert Settings().api_rate == Rate(120, 60.0) and Settings().login_rate == Rate(10, 60.0)
    assert parse_rate("3/hours", "X") == Rate(3, 3600.0)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EMPATHICA_AUTH", "maybe", "EMPATHICA_AUTH='maybe': expected one of auto, on, off"),
        ("EMPATHICA_RATE_LIMIT", "120", "EMPATHICA_RATE_LIMIT='120': expected N/second"),
        ("EMPATHICA_RATE_LIMIT", "0/minute", "(N >= 1)"),
        ("EMPATHICA_LOGIN_RATE_LIMIT", "10/fortnight", "EMPATHICA_LOGIN_RATE_LIMIT='10/fortnight'"),
    ],
)
def test_bad_auth_settings_name_the_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.from_env({name: value})
    assert message in str(info.value)


def test_secrets_stay_out_of_the_settings_repr() -> None:
    """A Settings object in a log line, an assertion message or a debugger must not show secrets."""
    settings = Settings(
        secret_key="cookie-signing-secret",
        llm_api_key="llm-bearer-token",
        database_url="postgresql+psycopg://empathica:db-password@db.example/empathica",
    )
    shown = repr(settings)
    for secret in ("cookie-signing-secret", "llm-bearer-token", "db-password"):
        assert secret not in shown
    assert "rate_limit='120/minute'" in shown  # the rest is still there to debug with
