from __future__ import annotations

from pathlib import Path

import pytest

from empathica.respond import PlaybookError, default_playbook_path, load_playbook, parse_playbook
from empathica.respond.banned import find_banned
from empathica.taxonomy import load_taxonomy

CAUSES = ["delivery", "billing_payment"]
GOOD = """\
deadline: Friday
causes:
  default:
    at_fault: false
    steps: ["I'll reply by {deadline}."]
  delivery:
    at_fault: true
    topic: your delivery
    steps:
      - "I've asked {company}'s courier for the scan and will e-mail you by {deadline}."
    public_step: "Please DM us."
    promises: ["A lost parcel is replaced."]
    links: ["https://example.com/delivery"]
"""


def _error(text: str) -> str:
    with pytest.raises(PlaybookError) as info:
        parse_playbook(text, CAUSES, "pb.yaml")
    return str(info.value)


def test_bundled_playbook_covers_every_default_customer_cause() -> None:
    causes = [label.name for label in load_taxonomy().causes]
    playbook = load_playbook(None, causes)
    assert sorted(playbook.entries) == sorted(causes)
    assert playbook.default.steps
    for entry in [playbook.default, *playbook.entries.values()]:
        assert entry.steps and entry.public_step and entry.topic
        for text in [*entry.steps, entry.public_step, *entry.promises]:
            assert find_banned(text) == []


def test_bundled_playbook_loads_beside_a_custom_taxonomy() -> None:
    playbook = load_playbook(None, ["checkout"])
    assert playbook.entries == {}
    assert playbook.entry("checkout") is playbook.default


def test_parse_fills_placeholders_and_falls_back_to_default() -> None:
    playbook = parse_playbook(GOOD, CAUSES, "pb.yaml")
    entry = playbook.entry("delivery")
    assert entry.at_fault is True
    assert playbook.fill(entry.steps[0], company="Acme") == (
        "I've asked Acme's courier for the scan and will e-mail you by Friday."
    )
    assert playbook.entry("billing_payment") is playbook.default
    assert playbook.entry(None) is playbook.default
    assert playbook.default.at_fault is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("  delivery:", "  deliveries:"), "pb.yaml, line 6: unknown cause 'deliveries'"),
        (
            GOOD.replace("{company}'s", "{shop}'s"),
            "pb.yaml, line 10: the steps of 'delivery' uses unknown placeholder {shop}",
        ),
        (
            GOOD.replace("Please DM us.", "Please {DM us."),
            "pb.yaml, line 11: the public_step of 'delivery' has a stray brace",
        ),
        (
            GOOD.replace("    at_fault: true\n", "    at_fault: maybe\n"),
            "pb.yaml, line 7: at_fault of 'delivery' must be true or false",
        ),
        (GOOD.replace("    at_fault: true\n", ""), "pb.yaml, line 7: 'delivery' has no at_fault"),
        (
            GOOD.replace('    steps: ["I\'ll reply by {deadline}."]\n', ""),
            "pb.yaml, line 4: 'default' has no steps",
        ),
        (
            GOOD.replace('    steps: ["I\'ll reply by {deadline}."]\n', "    steps: []\n"),
            "pb.yaml, line 5: 'default' has an empty steps list",
        ),
        (
            GOOD.replace('    steps: ["I\'ll reply by {deadline}."]\n', "    steps: 3\n"),
            "pb.yaml, line 5: the steps of 'default' must be a list",
        ),
        (
            GOOD.replace("    topic: your delivery", "    colour: blue"),
            "pb.yaml, line 8: unknown key 'colour' in 'delivery'",
        ),
        (
            GOOD.replace('  default:\n    at_fault: false\n    steps: ["I\'ll reply by {deadline}."]\n', ""),
            "pb.yaml, line 3: no 'default' entry",
        ),
        (
            GOOD.replace("deadline: Friday", "deadlines: Friday"),
            "pb.yaml, line 1: unknown top-level key 'deadlines'",
        ),
        (
            GOOD + "  delivery:\n    at_fault: true\n    steps: [x]\n",
            "pb.yaml, line 14: cause 'delivery' is given twice",
        ),
        (GOOD.replace("causes:\n", "causes: [\n"), "pb.yaml, line"),
        ("", "pb.yaml: the file is empty"),
        ("- a\n- b\n", "pb.yaml, line 1: the top level must be a mapping"),
    ],
)
def test_mistakes_name_the_file_and_line(text: str, expected: str) -> None:
    assert expected in _error(text)


def test_missing_file_is_a_playbook_error(tmp_path: Path) -> None:
    with pytest.raises(PlaybookError, match="playbook file not found"):
        load_playbook(tmp_path / "nope.yaml", CAUSES)


def test_custom_file_is_strict_about_unknown_causes(tmp_path: Path) -> None:
    path = tmp_path / "pb.yaml"
    path.write_text(default_playbook_path().read_text(), encoding="utf-8")
    with pytest.raises(PlaybookError, match=r"pb.yaml, line \d+: unknown cause 'staff_treatment'"):
        load_playbook(path, ["delivery"])


def test_help_steps_apologies_and_praise_topic_are_read() -> None:
    text = GOOD.replace(
        '    links: ["https://example.com/delivery"]\n',
        '    links: ["https://example.com/delivery"]\n'
        '    help_steps: ["Change it under Orders, or tell {agent} and we will."]\n'
        "    apologies: [\"I'm sorry - that's not the delivery you should get from us.\"]\n"
        "    praise_topic: our drivers\n",
    )
    entry = parse_playbook(text, CAUSES, "pb.yaml").entry("delivery")
    assert entry.help_steps == ("Change it under Orders, or tell {agent} and we will.",)
    assert entry.apologies and entry.praise_topic == "our drivers"
    bad = text.replace("tell {agent}", "tell {agnet}")
    assert "help_steps" in _error(bad) and "agnet" in _error(bad)


def test_bundled_playbook_answers_questions_for_every_cause() -> None:
    playbook = load_playbook(None, [label.name for label in load_taxonomy().causes])
    for entry in [playbook.default, *playbook.entries.values()]:
        assert entry.help_steps and entry.praise_topic, entry.cause
        assert entry.apologies or not entry.at_fault, entry.cause
        for text in [*entry.help_steps, *entry.apologies]:
            assert find_banned(text) == [], text
