"""What every ``empathica`` command shares: settings, the service, progress bars, errors and output.

Commands live in their own modules and take these helpers from here, so none of them imports
another command's module and the package's ``__init__`` stays the only place that knows them all.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from empathica.config import Settings, SettingsError

err = Console(stderr=True)

# Options shared by every command that reads a feedback file.
TextColumnOpt = Annotated[str, typer.Option(help="Column or key holding the text.")]
IdColumnOpt = Annotated[str | None, typer.Option(help="Column or key holding the id (default: 'id').")]
FormatOpt = Annotated[str | None, typer.Option(help="csv, tsv, json or jsonl (default: from the name).")]


class UserError(Exception):
    """An error the user can fix; printed as one line, exit code 2."""


def load_settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise UserError(str(exc)) from None


def open_service(settings: Settings | None = None) -> Any:
    from empathica.services import Empathica

    return Empathica(settings or load_settings())


@contextmanager
def progress_bar(total: int | None, unit: str) -> Iterator[Progress]:
    columns = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn() if unit == "bytes" else MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(
        *columns, console=err, transient=False, disable=not err.is_terminal and total is None
    ) as bar:
        yield bar


class CountingReader(io.RawIOBase):
    """Counts bytes as the importer reads them, so a progress bar can follow a stream."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def column_mapping(text_column: str, id_column: str | None) -> Any:
    from empathica.sources import ColumnMapping

    return ColumnMapping(text=text_column, id=id_column)


def open_input(file: str) -> tuple[IO[bytes], int | None, str | None]:
    """The byte stream, its size if known, and its format from the extension."""
    from empathica.sources import detect_format

    if file == "-":
        return sys.stdin.buffer, None, None
    path = Path(file)
    if not path.is_file():
        raise UserError(f"{file}: no such file")
    fmt = detect_format(path.name)
    return path.open("rb"), path.stat().st_size, fmt


def write_json(record: dict[str, Any], out: Path | None) -> None:
    text = json.dumps(record, ensure_ascii=False, indent=1)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def json_text(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def write_out(text: str, out: Path | None) -> None:
    if out:
        out.write_text(text, encoding="utf-8")
        err.print(f"-> {out}")
    else:
        sys.stdout.write(text)
