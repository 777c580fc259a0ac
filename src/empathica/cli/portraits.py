"""Portraits of the people behind the feedback: the ``personas`` and ``map`` (empathy map) commands,
and how each changed since some days ago."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from empathica.cli.common import UserError, err, json_text, open_service, write_out


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
    service = open_service()
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
        service = open_service()
        report = service.map_changes(
            FeedbackQuery(channel=channel, person_kind=PersonKind(kind)),
            days=days,
            now=_as_of(until),
            title=title,
            stage=stage,
            persona=persona,
        )
        service.close()
        write_out(_map_changes_text(report) if text else json_text(report.to_record()), out)
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
        service = open_service()
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


def _window_line(report: Any) -> str:
    return (
        f"Since {report.since.date().isoformat()} ({report.days} days to {report.until.date().isoformat()}): "
        f"{report.new_items} new items, {report.items_before} -> {report.items_after}"
    )


def _print_persona_changes(report: Any, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json_text(report.to_record()))
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
