"""Settings, read from ``EMPATHICA_*`` environment variables by the entry points only.

Nothing reads the environment at import time: ``Settings.from_env()`` is called once by
the CLI or ``create_app`` and the resulting object is passed down, so tests can build
any configuration they need without touching global state.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "EMPATHICA_"


AUTH_MODES = ("auto", "on", "off")
_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


@dataclass(frozen=True, slots=True)
class Rate:
    """``limit`` requests per ``period`` seconds, as written in a setting like ``120/minute``."""

    limit: int
    period: float


def parse_rate(text: str, var: str) -> Rate | None:
    """``N/second|minute|hour|day``; ``off`` (or empty) means no limit."""
    value = text.strip().lower()
    if value in ("", "off"):
        return None
    count, _, unit = value.partition("/")
    unit = unit.strip().removesuffix("s")
    if not count.strip().isdigit() or int(count) < 1 or unit not in _PERIODS:
        raise SettingsError(f"{var}={text!r}: expected N/second, N/minute, N/hour or N/day (N >= 1), or off")
    return Rate(int(count), _PERIODS[unit])


def is_loopback(host: str) -> bool:
    """Only this machine can reach a server listening here (``0.0.0.0`` and ``::`` reach every network)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def default_data_dir(env: Mapping[str, str]) -> Path:
    """Per-user data folder (XDG on Linux, the same layout elsewhere)."""
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME", str(Path.home()))) / ".local" / "share")
    return Path(base) / "empathica"


def default_cache_dir(env: Mapping[str, str]) -> Path:
    """Per-user cache folder (XDG on Linux): things that can be rebuilt, never user data."""
    base = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME", str(Path.home()))) / ".cache")
    return Path(base) / "empathica"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of Empathica, with the environment variable that sets it.

    Each field's ``metadata["doc"]`` is the documentation shown in docs/configuration.md;
    a test checks that every field is documented there.
    """

    data_dir: Path = field(
        default_factory=lambda: default_data_dir(os.environ),
        metadata={"doc": "Folder for the default SQLite database and other local state."},
    )
    cache_dir: Path = field(
        default_factory=lambda: default_cache_dir(os.environ),
        metadata={"doc": "Folder for rebuildable caches (the encoded taxonomy examples); safe to delete."},
    )
    database_url: str = field(  # repr=False here and below: a URL may hold a password
        default="",
        repr=False,
        metadata={
            "doc": "SQLAlchemy URL; empty means a SQLite file in data_dir. Use postgresql+psycopg://..."
        },
    )
    max_text_chars: int = field(
        default=20_000, metadata={"doc": "Texts longer than this are rejected into the quarantine."}
    )
    keep_original_text: bool = field(
        default=False,
        metadata={"doc": "Store and show the original text next to the redacted one (PII stays visible)."},
    )
    model_dir: str = field(
        default="", metadata={"doc": "Folder of a model bundle to use instead of the bundled one."}
    )
    batch_size: int = field(default=64, metadata={"doc": "Texts per encoder batch."})
    sentence_spans: bool = field(
        default=True,
        metadata={
            "doc": "Also read longer texts sentence by sentence (spans); costs time on e-mail-length texts."
        },
    )
    threads: int = field(
        default=0, metadata={"doc": "ONNX Runtime intra-op threads; 0 lets the runtime choose (all cores)."}
    )
    host: str = field(default="127.0.0.1", metadata={"doc": "Address the dashboard and API listen on."})
    port: int = field(default=8000, metadata={"doc": "Port the dashboard and API listen on."})
    page_size: int = field(
        default=50, metadata={"doc": "Default page size of lists in the API and dashboard."}
    )
    taxonomy: tuple[Path, ...] = field(
        default=(),
        metadata={"doc": "YAML files replacing the default causes/needs/stages (os.pathsep-separated)."},
    )

    playbook: str = field(
        default="",
        metadata={"doc": "YAML playbook of next steps per cause for reply drafts; empty: the bundled one."},
    )
    phrases: str = field(
        default="",
        metadata={
            "doc": "YAML file of reply phrase banks (greetings, sign-offs, ...) that replace the bundled "
            "banks of the same name; empty: the bundled wording."
        },
    )
    macros: str = field(
        default="",
        metadata={
            "doc": "File of the team's canned replies (one per line, or YAML/JSON list) the coach "
            "compares drafts with to flag scripted replies."
        },
    )
    llm_url: str = field(
        default="",
        metadata={
            "doc": "Base URL of an OpenAI-compatible API (e.g. http://127.0.0.1:11434/v1 for Ollama) "
            "that writes reply drafts; empty keeps drafting offline. Texts are sent there."
        },
    )
    llm_model: str = field(default="", metadata={"doc": "Model name sent to the LLM endpoint."})
    llm_api_key: str = field(
        default="", repr=False, metadata={"doc": "Bearer token for the LLM endpoint, if it needs one."}
    )
    llm_timeout: float = field(
        default=20.0,
        metadata={"doc": "Seconds to wait for the LLM before falling back to the offline composer."},
    )
    auth: str = field(
        default="auto",
        metadata={"doc": "Login and API keys: auto (required unless host is a loopback address), on or off."},
    )
    secret_key: str = field(
        default="",
        repr=False,
        metadata={
            "doc": "Signs the dashboard's session cookies; empty: generated once into data_dir/secret_key."
        },
    )
    rate_limit: str = field(
        default="120/minute",
        metadata={"doc": "API requests per key (per client IP when auth is off), e.g. 120/minute, or off."},
    )
    login_rate_limit: str = field(
        default="10/minute", metadata={"doc": "Login attempts per client IP, e.g. 10/minute, or off."}
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "auth", self.auth.strip().lower())  # frozen: normalised once, here
        if self.auth not in AUTH_MODES:
            raise SettingsError(f"{ENV_PREFIX}AUTH={self.auth!r}: expected one of {', '.join(AUTH_MODES)}")
        parse_rate(self.rate_limit, ENV_PREFIX + "RATE_LIMIT")
        parse_rate(self.login_rate_limit, ENV_PREFIX + "LOGIN_RATE_LIMIT")

    @property
    def auth_required(self) -> bool:
        """``auto`` protects any server other machines can reach, and spares a laptop user a login."""
        if self.auth == "auto":
            return not is_loopback(self.host)
        return self.auth == "on"

    @property
    def api_rate(self) -> Rate | None:
        return parse_rate(self.rate_limit, ENV_PREFIX + "RATE_LIMIT")

    @property
    def login_rate(self) -> Rate | None:
        return parse_rate(self.login_rate_limit, ENV_PREFIX + "LOGIN_RATE_LIMIT")

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'empathica.db'}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from ``EMPATHICA_<FIELD>`` variables, then apply explicit overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {"data_dir": default_data_dir(env), "cache_dir": default_cache_dir(env)}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(f.name, raw, Path() if f.name in ("data_dir", "cache_dir") else f.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["data_dir"] = Path(values["data_dir"]).expanduser()
        values["cache_dir"] = Path(values["cache_dir"]).expanduser()
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _parse(name: str, raw: str, default: Any) -> Any:
    var = ENV_PREFIX + name.upper()
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise SettingsError(f"{var}={raw!r}: expected true or false")
    if isinstance(default, float):
        try:
            number = float(raw)
        except ValueError:
            raise SettingsError(f"{var}={raw!r}: expected a number") from None
        if number <= 0:
            raise SettingsError(f"{var}={raw!r}: must be greater than zero")
        return number
    if isinstance(default, int):
        try:
            value = int(raw)
        except ValueError:
            raise SettingsError(f"{var}={raw!r}: expected a whole number") from None
        if value < 0:
            raise SettingsError(f"{var}={raw!r}: must not be negative")
        return value
    if isinstance(default, Path):
        return Path(raw).expanduser()
    if isinstance(default, tuple):
        return tuple(Path(p).expanduser() for p in raw.split(os.pathsep) if p)
    return raw
