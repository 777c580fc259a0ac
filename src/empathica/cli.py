"""The ``empathica`` command line.

Settings are read once here and passed down. Output data goes to stdout (or ``--out``);
progress bars, summaries and errors go to stderr, so ``empathica analyze - < in.csv > out.jsonl``
composes with other tools. Errors a user can fix end with exit code 2 and one clear line.
"""

from __future__ import annotations

import io
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from empathica.config import Settings, SettingsError

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
app.add_typer(quarantine_app, name="quarantine")
app.add_typer(db_app, name="db")

err = Console(stderr=True)

# Options shared by every command that reads a feedback file.
TextColumnOpt = Annotated[str, typer.Option(help="Column or key holding the text.")]
IdColumnOpt = Annotated[str | None, typer.Option(help="Column or key holding the id (default: 'id').")]
FormatOpt = Annotated[str | None, typer.Option(help="csv, tsv, json or jsonl (default: from the name).")]


class UserError(Exception):
    """An error the user can fix; printed as one line, exit code 2."""


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise UserError(str(exc)) from None


def _service(settings: Settings | None = None) -> Any:
    from empathica.services import Empathica

    return Empathica(settings or _settings())


@contextmanager
def _bar(total: int | None, unit: str) -> Iterator[Progress]:
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


class _CountingReader(io.RawIOBase):
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


def _mapping(text_column: str, id_column: str | None) -> Any:
    from empathica.sources import ColumnMapping

    return ColumnMapping(text=text_column, id=id_column)


def _open_input(file: str) -> tuple[IO[bytes], int | None, str | None]:
    """The byte stream, its size if known, and its format from the extension."""
    from empathica.sources import detect_format

    if file == "-":
        return sys.stdin.buffer, None, None
    path = Path(file)
    if not path.is_file():
        raise UserError(f"{file}: no such file")
    fmt = detect_format(path.name)
    return path.open("rb"), path.stat().st_size, fmt


@app.command()
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
    settings = _settings()
    if taxonomy:
        missing = [str(p) for p in taxonomy if not p.is_file()]
        if missing:
            raise UserError(f"taxonomy file not found: {', '.join(missing)}")
        settings = settings.with_(taxonomy=tuple(taxonomy))
    service = _service(settings)
    if stored:
        _analyze_stored(service)
        return
    if file is None:
        raise UserError("give a FILE (or '-' for stdin), or --stored")
    stream, size, detected = _open_input(file)
    counting = _CountingReader(stream)
    reader = io.BufferedReader(counting, buffer_size=1 << 16)
    sink: IO[str] = out.open("w", encoding="utf-8") if out else sys.stdout
    rows = rejected = 0
    _ = service.analyzer  # load the model first, so items/s measures analysis, not start-up
    started = time.perf_counter()
    source = Path(file).name if file != "-" else "stdin"
    try:
        with _bar(size, "bytes") as bar:
            task = bar.add_task("Analysing", total=size)
            results = service.analyze_file(
                reader,
                format=format or detected,
                mapping=_mapping(text_column, id_column),
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
    with _bar(total, "items") as bar:
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
    stream, size, detected = _open_input(file)
    counting = _CountingReader(stream)
    reader = io.BufferedReader(counting, buffer_size=1 << 16)
    name = source or (Path(file).stem if file != "-" else "stdin")
    with _bar(size, "bytes") as bar:
        task = bar.add_task(f"Ingesting {name}", total=size)
        summary = service.ingest_file(
            reader,
            source=name,
            format=format or detected,
            mapping=_mapping(text_column, id_column),
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


@app.command()
def ingest(
    file: Annotated[str, typer.Argument(help="CSV, TSV, JSON or JSONL file; '-' reads stdin.")],
    source: Annotated[str | None, typer.Option(help="Name of the source (default: the file name).")] = None,
    text_column: TextColumnOpt = "text",
    id_column: IdColumnOpt = None,
    format: FormatOpt = None,
) -> None:
    """Store feedback; the same source + id twice is stored once."""
    service = _service()
    _ingest(service, file, source, text_column, id_column, format)
    service.close()


@app.command()
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

    err.print(
        f"Dashboard: [bold cyan]http://{settings.host}:{settings.port}/[/]  API docs: /docs  (ctrl-C stops)"
    )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


@app.command()
def demo(
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the dashboard afterwards.")
    ] = True,
) -> None:
    """Load the bundled demo data, analyse it and serve the dashboard."""
    from empathica.demo import demo_path, messy_path

    settings = _settings()
    service = _service(settings)
    err.print(f"Database: {settings.sqlalchemy_url}")
    _ingest(service, str(demo_path()), "demo", "text", None, None)
    # A small file with typical mistakes, so the quarantine has something to show.
    _ingest(service, str(messy_path()), "demo-messy", "text", None, None)
    _analyze_stored(service)
    service.close()
    if serve_after:
        _serve(settings)


def _jsonl_rows(file: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, object or None, error or None) for each non-blank line of a JSON Lines file."""
    if not file.is_file():
        raise UserError(f"{file}: no such file")
    with file.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, f"line {number}: not valid JSON ({exc.msg})"
                continue
            if not isinstance(data, dict):
                yield number, None, f"line {number}: expected a JSON object"
                continue
            yield number, data, None


def _count_lines(file: Path) -> int:
    with file.open(encoding="utf-8", errors="replace") as handle:
        return sum(1 for line in handle if line.strip())


def _batch(
    file: Path,
    out: Path | None,
    label: str,
    work: Callable[[int, dict[str, Any]], dict[str, Any]],
) -> None:
    """Run ``work`` on each line of ``file``; output keeps input order, a bad line gets an error line."""
    if not file.is_file():
        raise UserError(f"{file}: no such file")
    total = _count_lines(file)
    sink: IO[str] = out.open("w", encoding="utf-8") if out else sys.stdout
    done = failed = 0
    started = time.perf_counter()
    try:
        with _bar(total, "items") as bar:
            task = bar.add_task(label, total=total)
            for number, data, problem in _jsonl_rows(file):
                if data is not None:
                    try:
                        record = work(number, data)
                    except ValueError as exc:
                        problem = f"line {number}: {exc}"
                if problem is not None:
                    record = {"id": data.get("id") if data else None, "line": number, "error": problem}
                    failed += 1
                else:
                    done += 1
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
                bar.advance(task)
    finally:
        if out:
            sink.close()
    elapsed = time.perf_counter() - started
    err.print(
        f"[bold]{done}[/] done, [bold]{failed}[/] with errors in {elapsed:.1f} s"
        + (f" -> {out}" if out else "")
    )
    if failed:
        err.print("Lines with errors carry an 'error' field saying why; fix them and run again.")


def _field(data: dict[str, Any], name: str, number: int, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{name}' must be a non-empty string")
    return value


ChannelOpt = Annotated[
    str | None, typer.Option(help="email, chat, social or review (default: from the feedback's channel).")
]
ToneOpt = Annotated[str, typer.Option(help="warm, neutral or formal.")]


@app.command()
def reply(
    text: Annotated[str | None, typer.Option("--text", "-t", help="The customer's message.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="JSON Lines of {id, text, channel?}: one draft each.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write JSON Lines here (default stdout).")
    ] = None,
    channel: ChannelOpt = None,
    tone: ToneOpt = "warm",
    agent_name: Annotated[str | None, typer.Option(help="Who signs the reply.")] = None,
    company: Annotated[str | None, typer.Option(help="Your company's name.")] = None,
    customer_name: Annotated[str | None, typer.Option(help="The customer's name, to greet them.")] = None,
    playbook: Annotated[
        Path | None, typer.Option(help="YAML playbook of next steps per cause (default: bundled).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole draft as JSON.")] = False,
) -> None:
    """Draft an empathetic reply grounded in the customer's feeling, its cause and their need."""
    if (text is None) == (file is None):
        raise UserError('give --text "..." or --file IN.jsonl')
    if playbook is not None and not playbook.is_file():
        raise UserError(f"playbook file not found: {playbook}")
    service = _service()
    options: dict[str, Any] = {
        "tone": tone, "agent_name": agent_name, "company": company, "playbook": playbook,
    }  # fmt: skip
    service.playbook(playbook)  # a broken playbook stops here, before any work
    if text is not None:
        draft = service.draft_reply(text, channel=channel, customer_name=customer_name, **options)
        if as_json:
            print(json.dumps(draft.to_record(), ensure_ascii=False, indent=2))
        else:
            print(draft.text)
            g = draft.grounding
            err.print(
                f"[dim]grounded in: emotion={g.emotion} cause={g.cause} need={g.need} stage={g.stage}"
                + (f" situation={g.situation}" if g.situation else "")
                + f" ({draft.source})[/]"
            )
            for warning in draft.warnings:
                err.print(f"[yellow]note:[/] {warning}")
        service.close()
        return
    assert file is not None

    def work(number: int, data: dict[str, Any]) -> dict[str, Any]:
        body = _field(data, "text", number)
        assert body is not None
        draft = service.draft_reply(
            body,
            id=None if data.get("id") is None else str(data["id"]),
            channel=_field(data, "channel", number, required=False) or channel,
            customer_name=_field(data, "customer_name", number, required=False) or customer_name,
            **options,
        )
        record = draft.to_record()
        return {"id": data.get("id"), **{k: v for k, v in record.items() if k != "id"}}

    _batch(file, out, "Drafting replies", work)
    service.close()


@app.command()
def coach(
    customer: Annotated[str | None, typer.Option(help="What the customer wrote.")] = None,
    reply_text: Annotated[str | None, typer.Option("--reply", help="The agent's draft reply.")] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="JSON Lines of {id, customer, reply}: one verdict each."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write JSON Lines here (default stdout).")
    ] = None,
    macros: Annotated[
        Path | None, typer.Option(help="Your canned replies (one per line, or a YAML/JSON list).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole verdict as JSON.")] = False,
) -> None:
    """Score an agent's reply for empathy before it is sent, and say what is missing."""
    from empathica.services import read_macros

    if file is None and (customer is None or reply_text is None):
        raise UserError('give --customer "..." --reply "..." or --file PAIRS.jsonl')
    if file is not None and (customer is not None or reply_text is not None):
        raise UserError("give either --file or --customer/--reply, not both")
    service = _service()
    library = read_macros(macros) if macros is not None else None
    if file is None:
        assert customer is not None and reply_text is not None
        verdict = service.assess_reply(customer, reply_text, macros=library)
        if as_json:
            print(json.dumps(verdict.to_record(), ensure_ascii=False, indent=2))
        else:
            _print_verdict(verdict)
        service.close()
        return

    def work(number: int, data: dict[str, Any]) -> dict[str, Any]:
        who, said = _field(data, "customer", number), _field(data, "reply", number)
        assert who is not None and said is not None
        key = None if data.get("id") is None else str(data["id"])
        verdict = service.assess_reply(who, said, macros=library, id=key)
        return {"id": data.get("id"), **{k: v for k, v in verdict.to_record().items() if k != "id"}}

    _batch(file, out, "Coaching replies", work)
    service.close()


def _print_verdict(verdict: Any) -> None:
    console = Console()
    colour = "green" if verdict.score >= 70 else "yellow" if verdict.score >= 45 else "red"
    console.print(f"[bold {colour}]{verdict.score}/100[/]  empathy needed: [bold]{verdict.empathy_needed}[/]")
    m = verdict.mechanisms
    console.print(
        f"emotional reactions {m.emotional_reactions}/2 · interpretations {m.interpretations}/2 · "
        f"explorations {m.explorations}/2"
    )
    ticks = "  ".join(
        f"[green]✓ {name.replace('_', ' ')}[/]" if present else f"[dim]✗ {name.replace('_', ' ')}[/]"
        for name, present in asdict(verdict.behaviours).items()
    )
    console.print(ticks)
    if verdict.scripted.score >= 0.5:
        console.print(
            f"[yellow]sounds scripted ({verdict.scripted.score:.2f}):[/] "
            f"close to “{verdict.scripted.closest}”"
        )
    for tip in verdict.suggestions:
        console.print(f"• {tip}")


@app.command()
def themes(
    file: Annotated[
        str | None,
        typer.Option("--file", "-f", help="CSV, TSV, JSON or JSONL file to cluster ('-' reads stdin)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Stored feedback from this date (YYYY-MM-DD) on; without --file.")
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Cluster all stored feedback again (edits carry over).")
    ] = False,
    rename: Annotated[
        str | None, typer.Option(help="Rename a stored theme: --rename 'T3=Late deliveries'.")
    ] = None,
    merge: Annotated[
        str | None, typer.Option(help="Merge the second stored theme into the first: --merge T2,T5.")
    ] = None,
    split: Annotated[str | None, typer.Option(help="Split a stored theme in two: --split T4.")] = None,
    segment: Annotated[
        list[str] | None,
        typer.Option(
            help="Rank the stored themes on a segment, KEY=VALUE, repeatable: channel, source, kind, "
            "people (customer|employee) or a metadata attribute such as plan=pro."
        ),
    ] = None,
    changes: Annotated[
        bool, typer.Option("--changes", help="What changed: new, growing, shrinking themes, turned feelings.")
    ] = False,
    days: Annotated[
        int, typer.Option(help="Days in the --changes window (compared with the days before).")
    ] = 7,
    until: Annotated[
        str | None, typer.Option(help="End of the --changes window, YYYY-MM-DD (the whole day; default now).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the JSON here (default stdout).")
    ] = None,
    text_column: TextColumnOpt = "text",
    id_column: IdColumnOpt = None,
    format: FormatOpt = None,
) -> None:
    """Ranked themes of pains and gains, each item's theme: of a file (not stored) or of stored feedback."""
    from empathica.domain import FeedbackQuery
    from empathica.sources import DateError, parse_date

    stored_only = (since, rebuild, rename, merge, split, segment or None, changes)
    if file is not None and stored_only != (None, False, None, None, None, None, False):
        raise UserError(
            "--since, --rebuild, --rename, --merge, --split, --segment and --changes apply to stored "
            "feedback; give either --file or them"
        )
    if changes and segment:
        raise UserError("--changes looks at all themes; leave out --segment")
    service = _service()
    if rename is not None or merge is not None or split is not None:
        _edit_themes(service, rename, merge, split)
        return
    if changes:
        _theme_changes(service, days, until, out)
        return
    if segment:
        _segment_themes(service, segment, since, out)
        return
    rejected: list[Any] = []
    started = time.perf_counter()
    if file is None and since is None:
        _ = service.analyzer
        result = service.rebuild_themes() if rebuild else service.stored_themes()
        service.close()
    elif file is None:
        _ = service.analyzer
        try:
            start = parse_date(since) if since else None
        except DateError as exc:
            raise UserError(f"--since {since!r}: {exc}") from None
        result = service.themes_stored(FeedbackQuery(since=start))
        service.close()
    else:
        _ = service.analyzer
        stream, _size, detected = _open_input(file)
        source = Path(file).name if file != "-" else "stdin"
        with stream:
            report = service.themes_file(
                stream, format=format or detected, mapping=_mapping(text_column, id_column), source=source
            )
        result, rejected = report.result, report.rejected
    elapsed = time.perf_counter() - started
    text = json.dumps(result.to_record(), ensure_ascii=False, indent=1)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    err.print(
        f"[bold]{len(result.ids)}[/] items, [bold]{len(result.themes)}[/] themes, "
        f"{result.unassigned_share:.0%} in no theme, in {elapsed:.1f} s" + (f" -> {out}" if out else "")
    )
    for theme in result.themes[:5]:
        err.print(f"  {theme.id} {theme.polarity:>7}  {escape(theme.label)} ({theme.size} items)")
    if rejected:
        first = rejected[0]
        err.print(
            f"[red]{len(rejected)} rows could not be read[/] and were left out; first: {escape(first.reason)}"
        )


@app.command()
def personas(
    kind: Annotated[str, typer.Option(help="customer or employee.")] = "customer",
    as_json: Annotated[bool, typer.Option("--json", help="Print the persona records as JSON.")] = False,
    changes: Annotated[
        bool, typer.Option("--changes", help="What changed since --days ago: new, gone and rising.")
    ] = False,
    days: Annotated[int, typer.Option(help="With --changes: compare with this many days ago.")] = 7,
    until: Annotated[
        str | None, typer.Option(help="With --changes: compare as of this date instead of now.")
    ] = None,
) -> None:
    """Personas built from stored, analysed feedback: who they are, and their own words as evidence."""
    if kind not in ("customer", "employee"):
        raise UserError(f"--kind {kind!r}: use 'customer' or 'employee'")
    service = _service()
    if changes:
        report = service.persona_changes(kind, days=days, now=_as_of(until))
        service.close()
        _print_persona_changes(report, as_json)
        return
    found = service.personas(kind)
    service.close()
    if as_json:
        sys.stdout.write(
            json.dumps({"personas": [p.to_record() for p in found]}, ensure_ascii=False, indent=1) + "\n"
        )
        return
    console = Console()
    for persona in found:
        console.rule(
            f"[bold]{persona.id} {escape(persona.name)}[/] ({persona.size} people, {persona.share:.0%})"
        )
        console.print(escape(persona.summary))
        if persona.demographics:
            console.print(
                "[dim]"
                + escape(
                    "; ".join(
                        f"{attr}: " + ", ".join(f"{v} {n}" for v, n in list(values.items())[:4])
                        for attr, values in persona.demographics.items()
                    )
                )
                + "[/]"
            )
        for answer in persona.answers:
            tag = " [yellow](inferred)[/]" if answer.inferred else ""
            strength = f" [dim]{answer.strength:.0%} of them[/]" if answer.supported else ""
            console.print(f"[bold]{answer.question}:[/] {escape(answer.answer)}{tag}{strength}")
            for quote in answer.quotes:
                console.print(f'    [dim]#{quote.feedback_id}[/] "{escape(quote.text)}"')
        for note in persona.notes:
            console.print(f"[italic]{escape(note)}[/]")


@app.command("map")
def empathy_map(
    channel: Annotated[
        str | None, typer.Option(help="Only this channel (email, chat, review_site...).")
    ] = None,
    stage: Annotated[
        str | None, typer.Option(help="Only this journey stage: before, during or after.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD) on.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (the whole day).")] = None,
    kind: Annotated[str, typer.Option(help="Whose feedback: customer or employee.")] = "customer",
    title: Annotated[str | None, typer.Option(help="Name in the middle (default: from the segment).")] = None,
    persona: Annotated[
        str | None, typer.Option(help="Only this persona's feedback: its id (P2) or name (see `personas`).")
    ] = None,
    format: Annotated[str, typer.Option(help="json, png or pdf.")] = "json",
    paper: Annotated[str, typer.Option(help="a4 or letter (landscape), for png and pdf.")] = "a4",
    dpi: Annotated[int, typer.Option(help="Resolution of png and pdf pages (72-300).")] = 200,
    blank: Annotated[
        bool, typer.Option("--blank", help="A blank printable template with each section's prompts.")
    ] = False,
    changes: Annotated[
        bool,
        typer.Option("--changes", help="What changed since --days ago (--until: as of that date), as JSON."),
    ] = False,
    days: Annotated[int, typer.Option(help="With --changes: compare with this many days ago.")] = 7,
    text: Annotated[
        bool, typer.Option("--text", help="With --changes: readable text instead of JSON.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (default stdout; required for png/pdf).")
    ] = None,
) -> None:
    """A six-section empathy map of a segment: thinks & feels, says & does, hears, sees, pains, gains."""
    from datetime import timedelta

    from empathica.domain import FeedbackQuery, PersonKind
    from empathica.insights import blank_map
    from empathica.insights.map_export import FORMATS, ExportError, export
    from empathica.sources import DateError, parse_date

    if changes:
        if blank or format != "json":
            raise UserError("--changes reports as JSON (or --text); leave out --blank and --format")
        if since:
            raise UserError("--changes compares two dates itself: give --days (and --until), not --since")
        if kind not in ("customer", "employee"):
            raise UserError(f"--kind {kind!r}: use customer or employee")
        service = _service()
        report = service.map_changes(
            FeedbackQuery(channel=channel, person_kind=PersonKind(kind)),
            days=days,
            now=_as_of(until),
            title=title,
            stage=stage,
            persona=persona,
        )
        service.close()
        _write_out(_map_changes_text(report) if text else _json_text(report.to_record()), out)
        return
    if format not in FORMATS:
        raise UserError(f"--format {format!r}: use one of {', '.join(FORMATS)}")
    if format != "json" and out is None and sys.stdout.isatty():
        raise UserError(f"--format {format} writes binary data; give --out FILE")
    if blank:
        emap = blank_map(title or "Customer")
    else:
        if kind not in ("customer", "employee"):
            raise UserError(f"--kind {kind!r}: use customer or employee")
        dates = []
        for name, value in (("since", since), ("until", until)):
            try:
                moment = parse_date(value) if value else None
            except DateError as exc:
                raise UserError(f"--{name} {value!r}: {exc}") from None
            if moment is not None and name == "until" and value is not None and len(value.strip()) == 10:
                moment += timedelta(days=1) - timedelta(microseconds=1)  # a plain date means the whole day
            dates.append(moment)
        start, end = dates
        if start is not None and end is not None and start > end:
            raise UserError(f"--until {until} is before --since {since}")
        query = FeedbackQuery(channel=channel, person_kind=PersonKind(kind), since=start, until=end)
        service = _service()
        emap = service.empathy_map(query, title=title, stage=stage, persona=persona)
        service.close()
    try:
        data = export(emap, format, paper=paper, dpi=dpi, blank=blank)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    if out:
        out.write_bytes(data)
        shown = sum(len(v) for v in emap.sections.values())
        err.print(
            f"Empathy map of [bold]{escape(emap.title)}[/]"
            + ("" if blank else f": {emap.items} items, {shown} entries")
            + f" -> {out}"
        )
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _segment_themes(service: Any, pairs: list[str], since: str | None, out: Path | None) -> None:
    from empathica.services import parse_segment
    from empathica.sources import DateError, parse_date

    try:
        start = parse_date(since) if since else None
    except DateError as exc:
        raise UserError(f"--since {since!r}: {exc}") from None
    view = service.themes_of_segment(parse_segment(pairs), start)
    service.close()
    _write_json(view.to_record(), out)
    where = ", ".join(f"{k}={v}" for k, v in view.segment.items())
    err.print(f"[bold]{view.items}[/] items in {escape(where)}, [bold]{len(view.themes)}[/] themes")
    for theme in view.themes[:5]:
        share = view.shares[theme.id]
        err.print(
            f"  {theme.id} {theme.polarity:>7}  {escape(theme.label)} ({theme.size} items, {share:.0%})"
        )


def _theme_changes(service: Any, days: int, until: str | None, out: Path | None) -> None:
    from datetime import timedelta

    from empathica.sources import DateError, parse_date

    try:
        end = parse_date(until) + timedelta(days=1) if until else None  # the whole of that day
    except DateError as exc:
        raise UserError(f"--until {until!r}: {exc}") from None
    found = service.theme_changes(days, end)
    service.close()
    _write_json(found.to_record(), out)
    err.print(
        f"{found.start.date()} to {found.end.date()}: [bold]{found.new_items}[/] new items, "
        f"{found.placed} placed in a theme"
    )
    for m in found.new:
        err.print(f"  new       {m.id} {escape(m.label)}: {m.recent} items")
    for m in found.growing:
        err.print(f"  growing   {m.id} {escape(m.label)}: {m.before} -> {m.recent} items")
    for m in found.shrinking:
        err.print(f"  shrinking {m.id} {escape(m.label)}: {m.before} -> {m.recent} items")
    for f in found.flipped:
        err.print(f"  turned    {f.id} {escape(f.label)}: {f.was} -> {f.now}")


def _write_json(record: dict[str, Any], out: Path | None) -> None:
    text = json.dumps(record, ensure_ascii=False, indent=1)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def _as_of(value: str | None) -> Any:
    """The end of a comparison: a date means the end of that day; none means now."""
    from datetime import timedelta

    from empathica.sources import DateError, parse_date

    if not value:
        return None
    try:
        moment = parse_date(value)
    except DateError as exc:
        raise UserError(f"--until {value!r}: {exc}") from None
    if moment is not None and len(value.strip()) == 10:
        moment += timedelta(days=1) - timedelta(microseconds=1)
    return moment


def _json_text(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def _write_out(text: str, out: Path | None) -> None:
    if out:
        out.write_text(text, encoding="utf-8")
        err.print(f"-> {out}")
    else:
        sys.stdout.write(text)


def _window_line(report: Any) -> str:
    return (
        f"Since {report.since.date().isoformat()} ({report.days} days to {report.until.date().isoformat()}): "
        f"{report.new_items} new items, {report.items_before} -> {report.items_after}"
    )


def _print_persona_changes(report: Any, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(_json_text(report.to_record()))
        return
    lines = [_window_line(report)]
    if report.message:
        lines.append(report.message)
    for p in report.personas:
        head = f"{p.id} {p.name}: {p.status}"
        if p.status == "kept":
            head += f", share {p.share_before:.0%} -> {p.share_after:.0%}, {p.new_items} new items"
        elif p.status == "new":
            head += f", {p.size_after} people ({p.share_after:.0%})"
        else:
            head += f", had {p.size_before} people ({p.share_before:.0%})"
        lines.append(head)
        for c in p.changes:
            ids = ", ".join(f"#{i}" for i in c.evidence[:5])
            lines.append(
                f"  {c.status} {c.facet} {c.label.replace('_', ' ')}: {c.before:.0%} -> {c.after:.0%} "
                f"of their items ({c.count}: {ids})"
            )
    sys.stdout.write("\n".join(lines) + "\n")


def _map_changes_text(report: Any) -> str:
    from empathica.insights.empathy_map import SECTION_TITLES

    lines = [f"Empathy map of {report.title}. {_window_line(report)}"]
    if report.message:
        lines.append(report.message)
    for name, title in SECTION_TITLES.items():
        entries = report.section(name)
        if not entries:
            continue
        lines.append(title)
        for e in entries:
            ids = ", ".join(f"#{i}" for i in e.evidence[:5])
            lines.append(f"  {e.status:>5} {e.text}: {e.before:.0%} -> {e.after:.0%} ({ids})")
    if not report.entries and not report.message:
        lines.append("No entry moved by 3 points or more.")
    return "\n".join(lines) + "\n"


def _edit_themes(service: Any, rename: str | None, merge: str | None, split: str | None) -> None:
    if rename is not None:
        key, sep, label = rename.partition("=")
        if not sep or not key.strip():
            raise UserError(
                f"--rename {rename!r}: expected THEME=new label, e.g. --rename 'T3=Late deliveries'"
            )
        theme = service.rename_theme(key.strip(), label)
        err.print(f"{theme.id} is now {escape(theme.label)!r}; rebuilds and updates keep this name")
    if merge is not None:
        parts = [p.strip() for p in merge.split(",")]
        if len(parts) != 2 or not all(parts):
            raise UserError(f"--merge {merge!r}: expected two theme ids, e.g. --merge T2,T5")
        theme = service.merge_themes(parts[0], parts[1])
        err.print(f"{parts[1]} merged into {theme.id} ({escape(theme.label)}, {theme.size} items)")
    if split is not None:
        halves = service.split_theme(split.strip())
        err.print(
            f"{split} split into "
            + " and ".join(f"{t.id} ({escape(t.label)}, {t.size} items)" for t in halves)
        )
    service.close()


@quarantine_app.command("list")
def quarantine_list(
    source: Annotated[str | None, typer.Option(help="Only rows from this source.")] = None,
    all_rows: Annotated[bool, typer.Option("--all", help="Include rows already replayed.")] = False,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
) -> None:
    """List rejected rows with the line and the reason."""
    service = _service()
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


@quarantine_app.command("show")
def quarantine_show(rejected_id: Annotated[int, typer.Argument(help="Id from `quarantine list`.")]) -> None:
    """Show one rejected row, raw, with its reason."""
    row = _service().quarantine_get(rejected_id)
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


@quarantine_app.command("replay")
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
    service = _service()
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


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the latest version."""
    settings = _settings()
    service = _service(settings)
    err.print(f"{settings.sqlalchemy_url}: {service.repo.count_feedback()} feedback items, schema up to date")
    service.close()


def main() -> None:
    """Console entry point: user errors become one readable line, never a stack trace."""
    from empathica.pipeline.errors import ModelError
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
    ) as exc:
        err.print(f"[red]error:[/] {exc}")
        sys.exit(2)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        err.print("interrupted; rerun the same command to continue where it stopped")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors arrive here in standalone_mode=False
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            err.print("interrupted; rerun the same command to continue where it stopped")
            sys.exit(130)
        raise


if __name__ == "__main__":
    main()
