"""Commands about answering people: ``reply`` drafts a reply, ``coach`` scores an agent's own.

Both take one message on the command line or a JSON Lines file of many; the file runner keeps the
input order and turns a bad line into an error line instead of stopping the batch.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console

from empathica.cli.common import UserError, err, open_service, progress_bar


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
        with progress_bar(total, "items") as bar:
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
    phrases: Annotated[
        Path | None,
        typer.Option(help="YAML phrase banks that replace the bundled ones by name (default: bundled)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole draft as JSON.")] = False,
) -> None:
    """Draft an empathetic reply grounded in the customer's feeling, its cause and their need."""
    if (text is None) == (file is None):
        raise UserError('give --text "..." or --file IN.jsonl')
    if playbook is not None and not playbook.is_file():
        raise UserError(f"playbook file not found: {playbook}")
    if phrases is not None and not phrases.is_file():
        raise UserError(f"phrases file not found: {phrases}")
    service = open_service()
    options: dict[str, Any] = {
        "tone": tone, "agent_name": agent_name, "company": company, "playbook": playbook,
        "phrases": phrases,
    }  # fmt: skip
    service.playbook(playbook)  # a broken playbook or phrases file stops here, before any work
    service.phrasebook(phrases)
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
    service = open_service()
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
