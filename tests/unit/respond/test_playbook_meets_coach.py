"""The composer and the coach must agree: every next step the bundled playbook offers counts as one."""

from __future__ import annotations

import pytest

from empathica.respond.behaviours import detect_behaviours
from empathica.respond.playbook import load_playbook
from empathica.taxonomy import load_taxonomy

BOOK = load_playbook(None, [label.name for label in load_taxonomy().causes])
STEPS = [
    (entry.cause, step)
    for entry in (*BOOK.entries.values(), BOOK.default)
    for step in (*entry.steps, *entry.help_steps)
]


@pytest.mark.parametrize(("cause", "step"), STEPS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(STEPS)])
def test_every_playbook_step_reads_as_a_next_step(cause: str, step: str) -> None:
    text = BOOK.fill(step, company="Kettleby Home", agent="Sam")
    report = detect_behaviours(text)
    assert report.behaviours.next_step, f"{cause}: the coach does not see a next step in {text!r}"
