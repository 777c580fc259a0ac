"""The ``themes`` command: cluster a file or the stored feedback, edit stored themes, rank them
on a segment, and say what changed."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from empathica.cli.common import (
    FormatOpt,
    IdColumnOpt,
    TextColumnOpt,
    UserError,
    column_mapping,
    err,
    open_input,
    open_service,
    write_json,
)


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
    service = open_service()
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
        stream, _size, detected = open_input(file)
        source = Path(file).name if file != "-" else "stdin"
        with stream:
            report = service.themes_file(
                stream,
                format=format or detected,
                mapping=column_mapping(text_column, id_column),
                source=source,
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


def _segment_themes(service: Any, pairs: list[str], since: str | None, out: Path | None) -> None:
    from empathica.services import parse_segment
    from empathica.sources import DateError, parse_date

    try:
        start = parse_date(since) if since else None
    except DateError as exc:
        raise UserError(f"--since {since!r}: {exc}") from None
    view = service.themes_of_segment(parse_segment(pairs), start)
    service.close()
    write_json(view.to_record(), out)
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
    write_json(found.to_record(), out)
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
