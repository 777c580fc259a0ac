from pathlib import Path

import pytest

from empathica.config import Settings, SettingsError


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
