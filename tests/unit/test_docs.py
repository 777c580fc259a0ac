"""A setting, command or public name that is not documented is a bug."""

from dataclasses import fields
from pathlib import Path

import typer.main

import empathica
from empathica.cli import app
from empathica.config import ENV_PREFIX, Settings

DOCS = Path(__file__).parents[2] / "docs"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text()
    missing = [f.name for f in fields(Settings) if f"`{ENV_PREFIX}{f.name.upper()}`" not in text]
    assert missing == []


def test_every_setting_says_why_in_code() -> None:
    assert all(f.metadata.get("doc") for f in fields(Settings))


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    click_group = typer.main.get_command(group)
    names: list[str] = []
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            names.extend(f"{prefix}{name} {s}" for s in sub)
        else:
            names.append(f"{prefix}{name}")
    return names


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    commands = _commands(app)
    assert {"analyze", "ingest", "serve", "demo", "quarantine list", "quarantine replay"} <= set(commands)
    missing = [c for c in commands if f"empathica {c}" not in text]
    assert missing == []


def test_public_api_is_explicit() -> None:
    assert sorted(empathica.__all__) == [
        "Analysis",
        "EmpathyAssessment",
        "LabelScores",
        "ReplyDraft",
        "__version__",
        "analyze",
        "assess_reply",
        "draft_reply",
    ]
    for name in empathica.__all__:
        assert hasattr(empathica, name)
