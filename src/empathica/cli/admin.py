"""Housekeeping commands: the import quarantine (``quarantine list|show|replay``) and ``db upgrade``."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from empathica.cli.common import UserError, err, load_settings, open_service


def quarantine_list(
    source: Annotated[str | None, typer.Option(help="Only rows from this source.")] = None,
    all_rows: Annotated[bool, typer.Option("--all", help="Include rows already replayed.")] = False,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
) -> None:
    """List rejected rows with the line and the reason."""
    service = open_service()
    rows = service.quarantine_list(source, all_rows, limit)
    total = service.quarantine_count(source, all_rows)
    if not rows:
        err.print("The quarantine is empty." if source is None else f"No quarantined rows from '{source}'.")
        return
    table = Table("id", "source", "line", "field", "reason", title=f"Quarantine ({total} rows)")
    for r in rows:
        table.add_row(str(r.id), r.source, str(r.line), r.field or "", r.reason)
    Console().print(table)
    err.print("Fix and store a row: [cyan]empathica quarantine replay ID --set field=value[/]")


def quarantine_show(rejected_id: Annotated[int, typer.Argument(help="Id from `quarantine list`.")]) -> None:
    """Show one rejected row, raw, with its reason."""
    row = open_service().quarantine_get(rejected_id)
    if row is None:
        raise UserError(f"no quarantined row with id {rejected_id}")
    Console().print_json(
        json.dumps(
            {
                "id": row.id,
                "source": row.source,
                "line": row.line,
                "field": row.field,
                "reason": row.reason,
                "replayed": row.replayed,
                "raw": row.raw,
            },
            ensure_ascii=False,
        )
    )


def quarantine_replay(
    ids: Annotated[list[int], typer.Argument(help="Ids from `quarantine list`.")],
    set_: Annotated[list[str] | None, typer.Option("--set", help="Fix a field first: --set rating=4")] = None,
) -> None:
    """Try rejected rows again (after a fix or a new limit); stored rows leave the quarantine."""
    changes: dict[str, str] = {}
    for item in set_ or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UserError(f"--set {item!r}: expected field=value")
        changes[key] = value
    service = open_service()
    failed = 0
    for rid in ids:
        try:
            outcome = service.replay(rid, changes)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        colour = "green" if outcome.stored else "red"
        err.print(f"[{colour}]#{rid}: {'ok' if outcome.stored else 'still rejected'}[/] — {outcome.reason}")
        failed += not outcome.stored
    service.close()
    if failed:
        raise typer.Exit(1)


def db_upgrade() -> None:
    """Create or migrate the database schema to the latest version."""
    from empathica.storage.db import describe_url  # the password in the URL is masked

    settings = load_settings()
    service = open_service(settings)
    count = service.repo.count_feedback()
    err.print(f"{describe_url(settings.sqlalchemy_url)}: {count} feedback items, schema up to date")
    service.close()
