"""Commands that read feedback in and analyse it: ``analyze``, ``ingest``, ``demo``, and ``serve``."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from empathica.cli.common import (
    CountingReader,
    FormatOpt,
    IdColumnOpt,
    TextColumnOpt,
    UserError,
    column_mapping,
    err,
    load_settings,
    open_input,
    open_service,
    progress_bar,
)
from empathica.config import Settings


def analyze(
    file: Annotated[str | None, typer.Argument(help="CSV, TSV, JSON or JSONL file; '-' reads stdin.")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write JSON Lines here (default stdout).")
    ] = None,
    text_column: TextColumnOpt = "text",
    id_column: IdColumnOpt = None,
    format: FormatOpt = None,
    stored: Annotated[
        bool, typer.Option("--stored", help="Analyse stored feedback not yet analysed.")
    ] = False,
    taxonomy: Annotated[
        list[Path] | None,
        typer.Option(help="YAML file replacing the default causes/needs/stages (repeatable)."),
    ] = None,
) -> None:
    """Analyse a file (one JSON line per input row, in order) or the stored feedback."""
    settings = load_settings()
    if taxonomy:
        missing = [str(p) for p in taxonomy if not p.is_file()]
        if missing:
            raise UserError(f"taxonomy file not found: {', '.join(missing)}")
        settings = settings.with_(taxonomy=tuple(taxonomy))
    service = open_service(settings)
    if stored:
        _analyze_stored(service)
        return
    if file is None:
        raise UserError("give a FILE (or '-' for stdin), or --stored")
    stream, size, detected = open_input(file)
    counting = CountingReader(stream)
    reader = io.BufferedReader(counting, buffer_size=1 << 16)
    sink: IO[str] = out.open("w", encoding="utf-8") if out else sys.stdout
    rows = rejected = 0
    _ = service.analyzer  # load the model first, so items/s measures analysis, not start-up
    started = time.perf_counter()
    source = Path(file).name if file != "-" else "stdin"
    try:
        with progress_bar(size, "bytes") as bar:
            task = bar.add_task("Analysing", total=size)
            results = service.analyze_file(
                reader,
                format=format or detected,
                mapping=column_mapping(text_column, id_column),
                source=source,
                progress=lambda _n: bar.update(task, completed=counting.count),
            )
            for result in results:
                rows += 1
                rejected += result.rejected is not None
                sink.write(json.dumps(result.to_record(), ensure_ascii=False) + "\n")
            bar.update(task, completed=counting.count)
    finally:
        if out:
            sink.close()
        reader.close()
    elapsed = time.perf_counter() - started
    analysed = rows - rejected
    err.print(
        f"[bold]{rows}[/] rows, [bold]{analysed}[/] analysed, [bold]{rejected}[/] rejected "
        f"in {elapsed:.1f} s ({analysed / elapsed if elapsed else 0:.0f} items/s)"
        + (f" -> {out}" if out else "")
    )
    if rejected:
        err.print(
            f"Rejected rows are in the quarantine: [cyan]empathica quarantine list --source {source}[/]"
        )
    service.close()


def _analyze_stored(service: Any) -> None:
    total = service.count_unanalysed()
    if total == 0:
        err.print("Everything stored is already analysed.")
        return
    started = time.perf_counter()
    with progress_bar(total, "items") as bar:
        task = bar.add_task("Analysing stored feedback", total=total)
        done = service.analyze_stored(progress=lambda n: bar.advance(task, n))
    elapsed = time.perf_counter() - started
    err.print(
        f"[bold]{done}[/] items analysed in {elapsed:.1f} s ({done / elapsed if elapsed else 0:.0f} items/s)"
    )
    service.close()


def _ingest(
    service: Any, file: str, source: str | None, text_column: str, id_column: str | None, format: str | None
) -> None:
    stream, size, detected = open_input(file)
    counting = CountingReader(stream)
    reader = io.BufferedReader(counting, buffer_size=1 << 16)
    name = source or (Path(file).stem if file != "-" else "stdin")
    with progress_bar(size, "bytes") as bar:
        task = bar.add_task(f"Ingesting {name}", total=size)
        summary = service.ingest_file(
            reader,
            source=name,
            format=format or detected,
            mapping=column_mapping(text_column, id_column),
            progress=lambda _n: bar.update(task, completed=counting.count),
        )
        bar.update(task, completed=counting.count)
    reader.close()
    err.print(
        f"[bold]{summary.read}[/] rows read: [green]{summary.stored} stored[/], "
        f"{summary.duplicates} already stored, [red]{summary.rejected} rejected[/] (source '{name}')"
    )
    if summary.rejected:
        err.print(f"See why: [cyan]empathica quarantine list --source {name}[/]")


def ingest(
    file: Annotated[str, typer.Argument(help="CSV, TSV, JSON or JSONL file; '-' reads stdin.")],
    source: Annotated[str | None, typer.Option(help="Name of the source (default: the file name).")] = None,
    text_column: TextColumnOpt = "text",
    id_column: IdColumnOpt = None,
    format: FormatOpt = None,
) -> None:
    """Store feedback; the same source + id twice is stored once."""
    service = open_service()
    _ingest(service, file, source, text_column, id_column, format)
    service.close()


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Serve the dashboard and the REST API."""
    settings = Settings.from_env(host=host, port=port)
    _serve(settings)


def _serve(settings: Settings) -> None:
    import uvicorn

    from empathica.api import create_app
    from empathica.services import Empathica

    # A broken playbook or phrases file stops the server here with its file and line, rather
    # than answering every reply draft with a 500.
    check = Empathica(settings)
    try:
        check.playbook()
        check.phrasebook()
    finally:
        check.close()
    check_can_sign_in(settings)
    err.print(
        f"Dashboard: [bold cyan]http://{settings.host}:{settings.port}/[/]  API docs: /docs  (ctrl-C stops)"
    )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


def check_can_sign_in(settings: Settings) -> None:
    """Refuse to start a server that requires login when nobody could log in: it would only say 401.

    An unusable secret file (empty, or readable by other users) is named here too, rather than
    at the first sign-in as a server error.
    """
    if not settings.auth_required:
        return
    from empathica.web.auth import check_secret

    service = open_service(settings)
    try:
        active = service.count_active_accounts()
    finally:
        service.close()
    try:
        check_secret(settings)
    except RuntimeError as exc:
        raise UserError(str(exc)) from None
    if active == 0:
        why = (
            "EMPATHICA_AUTH=on"
            if settings.auth == "on"
            else f"host {settings.host} is not a loopback address"
        )
        raise UserError(
            f"login is required ({why}) but there is no user and no API key yet. Create one first:\n"
            "  empathica users add admin --role admin\n"
            "or an API key for a program:\n"
            "  empathica keys create --name NAME --scope read\n"
            "(or serve on 127.0.0.1 only, or set EMPATHICA_AUTH=off on a trusted network)"
        )


def demo(
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the dashboard afterwards.")
    ] = True,
) -> None:
    """Load the bundled demo data, analyse it and serve the dashboard."""
    from empathica.demo import demo_path, messy_path
    from empathica.storage.db import describe_url  # the password in the URL is masked

    settings = load_settings()
    service = open_service(settings)
    err.print(f"Database: {describe_url(settings.sqlalchemy_url)}")
    _ingest(service, str(demo_path()), "demo", "text", None, None)
    # A small file with typical mistakes, so the quarantine has something to show.
    _ingest(service, str(messy_path()), "demo-messy", "text", None, None)
    _analyze_stored(service)
    service.close()
    if serve_after:
        _serve(settings)
