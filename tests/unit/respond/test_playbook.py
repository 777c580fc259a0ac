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


SITUATIONS = """\
causes:
  default:
    at_fault: false
    steps: ["I'll reply by {deadline}."]
  delivery:
    at_fault: true
    steps:
      - "I've asked the courier for the tracking scan."
      - text: "I've opened a trace for the lost parcel."
        when: [lost, "never arrived", "no sign of"]
      - text: "I've arranged a replacement for the damaged item."
        when: [damag*, crushed]
    help_steps:
      - "Change it under Orders."
      - text: "Redirect it under Orders until it ships."
        when: "new address"
"""


def test_when_picks_the_step_for_the_customers_situation_and_falls_back_to_the_general_one() -> None:
    entry = parse_playbook(SITUATIONS, CAUSES, "pb.yaml").entry("delivery")
    assert len(entry.steps) == 3  # every text, general and situational, is still a step
    assert entry.steps_for("My parcel arrived CRUSHED.") == (
        "I've arranged a replacement for the damaged item.",
    )
    assert entry.steps_for("The box is damaged") == ("I've arranged a replacement for the damaged item.",)
    assert entry.steps_for("It never  arrived") == ("I've opened a trace for the lost parcel.",)
    assert entry.steps_for("Still no sign of my order") == ("I've opened a trace for the lost parcel.",)
    # Whole words only: "lost" is not in "lostprophets", "damag*" needs the word to start there.
    assert entry.steps_for("I love lostprophets, undamaged") == (
        "I've asked the courier for the tracking scan.",
    )
    assert entry.steps_for("It is late") == ("I've asked the courier for the tracking scan.",)
    # More phrases found wins; a tie keeps every matching step for the composer to pick from.
    assert entry.steps_for("lost, never arrived, and crushed") == (
        "I've opened a trace for the lost parcel.",
    )
    assert len(entry.steps_for("lost and crushed")) == 2
    assert entry.steps_for("Can I give a new address?", help_steps=True) == (
        "Redirect it under Orders until it ships.",
    )
    assert entry.steps_for("Where is it?", help_steps=True) == ("Change it under Orders.",)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ('{text: "A.", when: []}', "line 8: 'when' of a step of the steps of 'delivery' is empty"),
        (
            '{text: "A.", when: [""]}',
            "line 8: each phrase in 'when' of a step of the steps of 'delivery' is empty",
        ),
        (
            '{text: "A.", when: ["*lost"]}',
            "line 8: '*lost' in 'when' of a step of the steps of 'delivery' is not a phrase",
        ),
        ('{text: "A.", when: ["lo(st|ng)"]}', "is not a phrase"),
        ('{text: "A.", when: [lost, LOST]}', "'LOST' is given twice in 'when'"),
        (
            '{text: "A.", when: {a: b}}',
            "'when' of a step of the steps of 'delivery' must be a phrase or a list",
        ),
        (
            '{text: "A.", if: [lost]}',
            "line 8: unknown key 'if' in a step of the steps of 'delivery' "
            "(allowed: name, text, unless, when)",
        ),
        ("{when: [lost]}", "line 8: a step of the steps of 'delivery' has no text"),
        ('{text: "By {deadlin}.", when: [lost]}', "unknown placeholder {deadlin}"),
    ],
)
def test_bad_when_is_a_clear_error_with_file_and_line(step: str, message: str) -> None:
    text = (
        'causes:\n  default:\n    at_fault: false\n    steps: ["I\'ll reply."]\n'
        "  delivery:\n    at_fault: true\n    steps:\n      - " + step + '\n      - "General."\n'
    )
    error = _error(text)
    assert error.startswith("pb.yaml, line "), error
    assert message in error, error


def test_a_step_list_with_only_situational_steps_is_refused() -> None:
    text = (
        'causes:\n  default:\n    at_fault: false\n    steps: ["I\'ll reply."]\n'
        '  delivery:\n    at_fault: true\n    steps:\n      - {text: "Trace.", when: [lost]}\n'
    )
    assert "pb.yaml, line 8: every step of the steps of 'delivery' has 'when'" in _error(text)


def test_bundled_playbook_gives_a_crushed_parcel_the_damage_step_not_the_trace() -> None:
    playbook = load_playbook(None, [label.name for label in load_taxonomy().causes])
    delivery = playbook.entry("delivery")
    crushed = delivery.steps_for("My parcel arrived today and the box was crushed")
    lost = delivery.steps_for("My parcel never arrived")
    assert len(crushed) == 1 and "damage" in crushed[0] and "trace" not in crushed[0]
    assert len(lost) == 1 and "trace" in lost[0]
    billing = playbook.entry("billing_payment")
    assert "duplicate" in billing.steps_for("You charged me twice this month")[0]
    assert "refund" in billing.steps_for("Still waiting for my refund after a month")[0]
    general = billing.steps_for("My bill looks odd")
    assert len(general) == 2 and not any("duplicate" in s for s in general)
