"""Who may use a server: ``keys ...`` for programs that call the API, ``users ...`` for people.

A key is printed once, on stdout alone, so ``KEY=$(empathica keys create ...)`` captures just the
key; everything else goes to stderr. Passwords come from a hidden prompt (asked twice) or, for
scripts, from the first line of stdin with ``--password-stdin``; they never appear in arguments,
where other users of the machine could read them in the process list.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from empathica.cli.common import UserError, err, open_service
from empathica.domain import Role


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def keys_create(
    name: Annotated[str, typer.Option(help="Who or what uses the key (shown in listings).")],
    scope: Annotated[
        list[str],
        typer.Option(help="read, analyze, write or admin; repeat for several (admin implies all)."),
    ],
) -> None:
    """Create an API key and print it once; only its hash is kept."""
    service = open_service()
    key, text = service.create_api_key(name, scope)
    service.close()
    sys.stdout.write(text + "\n")
    err.print(
        f"Created key {key.id} '{key.name}' (prefix {key.prefix}, scopes {', '.join(sorted(key.scopes))}). "
        "Copy it now: it cannot be shown again."
    )


def keys_list() -> None:
    """List API keys: prefix, name, scopes, when created and last used, whether revoked."""
    service = open_service()
    keys = service.api_keys()
    service.close()
    if not keys:
        err.print("No API keys yet: [cyan]empathica keys create --name NAME --scope read[/]")
        return
    table = Table("id", "prefix", "name", "scopes", "created", "last used", "revoked", title="API keys")
    for k in keys:
        table.add_row(
            str(k.id),
            k.prefix,
            k.name,
            ",".join(sorted(k.scopes)),
            _when(k.created_at),
            _when(k.last_used_at),
            _when(k.revoked_at) if k.revoked else "",
        )
    Console(width=200).print(table)


def keys_revoke(key_id: Annotated[int, typer.Argument(help="Id from `keys list`.")]) -> None:
    """Revoke an API key: requests with it are refused from now on."""
    service = open_service()
    key = service.revoke_api_key(key_id)
    service.close()
    err.print(f"Key {key.id} '{key.name}' (prefix {key.prefix}) is revoked.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise UserError("--password-stdin: the first line of stdin is empty")
        return password
    if not sys.stdin.isatty():
        raise UserError("no terminal to ask for a password: pipe it in with --password-stdin")
    typed: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    return typed


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]


def users_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[
        str, typer.Option(help="viewer (read), agent (+analyze), analyst (+write) or admin.")
    ] = Role.AGENT.value,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a dashboard user; the password is asked twice without echo."""
    service = open_service()
    service.check_new_user(username, role)
    user = service.add_user(username, role, _read_password(password_stdin))
    service.close()
    scopes = ", ".join(sorted(user.scopes))
    err.print(f"Added user '{user.username}' with role {user.role.value} ({scopes}).")


def users_list() -> None:
    """List dashboard users with their role and whether they are disabled."""
    service = open_service()
    users = service.users()
    service.close()
    if not users:
        err.print("No users yet: [cyan]empathica users add NAME --role agent[/]")
        return
    table = Table("id", "username", "role", "created", "disabled", title="Users")
    for u in users:
        table.add_row(str(u.id), u.username, u.role.value, _when(u.created_at), "yes" if u.disabled else "")
    Console(width=200).print(table)


def users_disable(username: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Disable a user: their sessions end and they can no longer sign in."""
    service = open_service()
    service.disable_user(username)
    service.close()
    err.print(f"User '{username}' is disabled.")


def users_password(
    username: Annotated[str, typer.Argument(help="Login name.")], password_stdin: PasswordStdin = False
) -> None:
    """Set a new password; the user's open sessions end."""
    service = open_service()
    service.check_user_exists(username)
    service.set_password(username, _read_password(password_stdin))
    service.close()
    err.print(f"Password of '{username}' changed; their open sessions have ended.")
