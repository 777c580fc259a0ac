"""The ``empathica`` command line.

Settings are read once here and passed down. Output data goes to stdout (or ``--out``);
progress bars, summaries and errors go to stderr, so ``empathica analyze - < in.csv > out.jsonl``
composes with other tools. Errors a user can fix end with exit code 2 and one clear line.

The commands live in modules named for what they do (``analysis``, ``replies``, ``themes``,
``portraits``, ``admin``, ``access``; shared helpers in ``common``). They are plain functions: this module
registers every one of them below, in the order ``empathica --help`` lists them, so the command
tree is read in one place and never depends on which module happened to be imported first.
"""

from __future__ import annotations

import sys

import typer

from empathica.cli import access, admin, analysis, portraits, replies, themes
from empathica.cli.common import UserError, err
from empathica.config import SettingsError

__all__ = ["UserError", "app", "main"]

app = typer.Typer(
    name="empathica",
    help="Customer empathy engine: how people feel, why, and how to answer them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
quarantine_app = typer.Typer(
    help="Inspect and replay rows that were rejected on import.", no_args_is_help=True
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys for programs that call the REST API.", no_args_is_help=True)
users_app = typer.Typer(help="Dashboard users (people who sign in).", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(users_app, name="users")

app.command()(analysis.analyze)
app.command()(analysis.ingest)
app.command()(analysis.serve)
app.command()(analysis.demo)
app.command()(replies.reply)
app.command()(replies.coach)
app.command()(themes.themes)
app.command()(portraits.personas)
app.command("map")(portraits.empathy_map)
quarantine_app.command("list")(admin.quarantine_list)
quarantine_app.command("show")(admin.quarantine_show)
quarantine_app.command("replay")(admin.quarantine_replay)
db_app.command("upgrade")(admin.db_upgrade)
keys_app.command("create")(access.keys_create)
keys_app.command("list")(access.keys_list)
keys_app.command("revoke")(access.keys_revoke)
users_app.command("add")(access.users_add)
users_app.command("list")(access.users_list)
users_app.command("disable")(access.users_disable)
users_app.command("password")(access.users_password)


def main() -> None:
    """Console entry point: user errors become one readable line, never a stack trace."""
    from empathica.pipeline.errors import ModelError
    from empathica.respond.phrasebook import PhrasebookError
    from empathica.respond.playbook import PlaybookError
    from empathica.services import InputError
    from empathica.sources import SourceError
    from empathica.storage import StorageError
    from empathica.taxonomy import TaxonomyError

    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except (
        UserError,
        InputError,
        SourceError,
        StorageError,
        ModelError,
        SettingsError,
        TaxonomyError,
        PlaybookError,
        PhrasebookError,
    ) as exc:
        err.print(f"[red]error:[/] {exc}")
        sys.exit(2)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        err.print("interrupted; rerun the same command to continue where it stopped")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors arrive here in standalone_mode=False
        # Recent typer raises its own bundled copy of click's exceptions, which are not
        # click.ClickException: recognise a usage error by what it can do, not by its class.
        show, exit_code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(exit_code, int):
            show()
            sys.exit(exit_code)
        if type(exc).__name__ == "Abort":
            err.print("interrupted; rerun the same command to continue where it stopped")
            sys.exit(130)
        raise
