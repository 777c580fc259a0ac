"""The phrase banks as YAML: the bundled file, a business's own file over it, and every mistake named."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from empathica.respond import (
    Phrasebook,
    PhrasebookError,
    Playbook,
    compose,
    default_phrases_path,
    load_phrasebook,
    parse_phrasebook,
)
from empathica.respond import composer as composer_module
from empathica.respond.phrasebook import BANKS, TONES, bank_names, bundled_phrasebook
from empathica.taxonomy import Label, Taxonomy, load_taxonomy
from helpers.analyses import MakeAnalysis

GREETING = """\
# The company's own greeting; every other bank stays as bundled.
greeting:
  warm: ["Good day {name},"]
  neutral: ["Good day {name},"]
  formal: ["Good day {name},"]
"""


def _bundled_text() -> str:
    return default_phrases_path().read_text(encoding="utf-8")


def _error(text: str, *, whole: bool = False, taxonomy: bool = False) -> str:
    """The message for ``text`` read as a user file (over the bundled banks) or as a whole phrasebook."""
    with pytest.raises(PhrasebookError) as info:
        parse_phrasebook(
            text,
            "p.yaml",
            base=None if whole else bundled_phrasebook(),
            taxonomy=load_taxonomy() if taxonomy else None,
        )
    return str(info.value)


def test_bundled_phrasebook_has_every_bank_the_composer_uses() -> None:
    phrases = load_phrasebook(None)
    assert phrases is bundled_phrasebook()  # read once per process
    assert list(bank_names()) == list(BANKS)
    used = set(re.findall(r"\bph\.([a-z_]+)", Path(composer_module.__file__).read_text(encoding="utf-8")))
    assert used and used <= set(bank_names())
    for name, spec in BANKS.items():
        bank: Mapping[str, object] = getattr(phrases, name)
        tone_banks = list(bank.values()) if spec.keyed_by else [bank]
        assert set(spec.required_keys) <= set(bank), name
        for tones in tone_banks:
            assert isinstance(tones, Mapping)
            assert set(spec.tones) <= set(tones), name
            assert all(tones[tone] for tone in tones), name


def test_bundled_keyed_banks_use_names_the_default_taxonomy_knows() -> None:
    # Read as a user file, the bundled banks pass the checks a business's file gets.
    phrases = load_phrasebook(default_phrases_path(), load_taxonomy())
    assert phrases.reassure == bundled_phrasebook().reassure
    needs = {label.name for label in load_taxonomy().needs}
    assert set(phrases.reassure) == needs | {"default"}


def test_keys_follow_a_custom_taxonomy(tmp_path: Path) -> None:
    custom = Taxonomy(causes=(Label("checkout", "Paying for an order.", ("The card was declined",)),))
    assert load_phrasebook(None, custom) is bundled_phrasebook()  # the bundled keys are not checked
    path = tmp_path / "voice.yaml"
    path.write_text('explore_cause:\n  checkout:\n    warm: ["Which card did you use for {n}?"]\n')
    assert list(load_phrasebook(path, custom).explore_cause) == ["checkout"]
    path.write_text('explore_cause:\n  delivery:\n    warm: ["Where is {n}?"]\n')
    with pytest.raises(
        PhrasebookError, match=r"line 2: unknown cause 'delivery' in 'explore_cause' \(known: checkout\)"
    ):
        load_phrasebook(path, custom)


def test_a_user_file_replaces_only_the_banks_it_names(tmp_path: Path) -> None:
    path = tmp_path / "voice.yaml"
    path.write_text(GREETING, encoding="utf-8")
    phrases = load_phrasebook(path, load_taxonomy())
    assert isinstance(phrases, Phrasebook)
    assert phrases.greeting["formal"] == ("Good day {name},",)
    assert phrases.sign_off is bundled_phrasebook().sign_off
    assert phrases.sources == (str(default_phrases_path()), str(path))


def test_an_override_changes_the_greeting_and_nothing_else(
    tmp_path: Path, make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    path = tmp_path / "voice.yaml"
    path.write_text(GREETING, encoding="utf-8")
    phrases = load_phrasebook(path)
    analysis = make_analysis("My parcel still hasn't arrived after two weeks.")
    for tone in TONES:
        ours = compose(analysis, playbook, tone=tone, customer_name="Alex", phrases=phrases).text
        shipped = compose(analysis, playbook, tone=tone, customer_name="Alex").text
        assert ours.split("\n\n")[0] == "Good day Alex,"
        assert shipped.split("\n\n")[0] != "Good day Alex,"
        # Every pick has its own key, so the rest of the draft does not move.
        assert ours.split("\n\n")[1:] == shipped.split("\n\n")[1:]


def test_blank_lead_ins_and_user_keyed_banks_are_accepted() -> None:
    phrases = parse_phrasebook(
        'step_lead:\n  warm: [""]\n  neutral: [""]\n  formal: ["Next: "]\n'
        'explore_cause:\n  delivery:\n    warm: ["When did you last see {n}?"]\n',
        "p.yaml",
        base=bundled_phrasebook(),
        taxonomy=load_taxonomy(),
    )
    assert phrases.step_lead["warm"] == ("",)
    assert phrases.step_lead["formal"] == ("Next: ",)  # spaces at the ends are kept
    assert dict(phrases.explore_cause) == {"delivery": {"warm": ("When did you last see {n}?",)}}


def test_a_whole_phrasebook_must_have_every_bank() -> None:
    whole = parse_phrasebook(_bundled_text(), "p.yaml")
    assert all(getattr(whole, name) == getattr(bundled_phrasebook(), name) for name in bank_names())
    without = re.sub(r"(?ms)^sign_off:.*?(?=^# )", "", _bundled_text())
    message = _error(without, whole=True)
    assert message.startswith("p.yaml, line ") and "missing banks: sign_off" in message


def _tones(bank: str, warm: str, rest: str = '"Hello {name},"') -> str:
    return f"{bank}:\n  warm: [{warm}]\n  neutral: [{rest}]\n  formal: [{rest}]\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('greeting:\n  warm: ["Hi {name},"\n', r"p\.yaml, line 3: invalid YAML"),
        (
            "greetings:\n  warm: [Hi]\n",
            r"p\.yaml, line 1: unknown bank 'greetings' \(did you mean 'greeting'\?\)",
        ),
        (GREETING + GREETING.split("\n", 1)[1], r"p\.yaml, line 6: bank 'greeting' is given twice"),
        ('greeting: ["Hi {name},"]\n', r"p\.yaml, line 1: 'greeting' must be a mapping of tones"),
        (
            'greeting:\n  friendly: ["Hi {name},"]\n',
            r"p\.yaml, line 2: unknown tone 'friendly' in 'greeting' \(allowed: formal, neutral, warm\)",
        ),
        (
            'greeting:\n  warm: ["Hi {name},"]\n',
            r"p\.yaml, line 2: 'greeting' has no neutral or formal lines",
        ),
        (_tones("greeting", ""), r"p\.yaml, line 2: the warm list of 'greeting' is empty"),
        (
            'greeting:\n  warm: "Hi {name},"\n  neutral: [x]\n  formal: [x]\n',
            r"p\.yaml, line 2: the warm list of 'greeting' must be a list of texts",
        ),
        (
            _tones("greeting", '"Hi {nmae},"'),
            r"p\.yaml, line 2: a text of the warm list of 'greeting' uses unknown placeholder \{nmae\} "
            r"\(allowed here: \{name\}\)",
        ),
        (
            _tones("ack_topic", '"I read about {c}"', '"About {n}"'),
            r"p\.yaml, line 2: .* uses unknown placeholder \{c\} \(allowed here: \{N\}, \{n\}\)",
        ),
        (_tones("greeting", '"Hi {name,"'), r"p\.yaml, line 2: .*stray brace"),
        (_tones("greeting", '"Hi {name!r},"'), r"p\.yaml, line 2: write the placeholder \{name\} plainly"),
        (_tones("sign_off", '"Cheers {agent},"', '"Regards,"'), r"p\.yaml, line 2: .*takes no placeholders"),
        (_tones("greeting", '""'), r"p\.yaml, line 2: the warm list of 'greeting' has an empty text"),
        (
            _tones("greeting", "~"),
            r"p\.yaml, line 2: each entry of the warm list of 'greeting' must be a text",
        ),
        (
            _tones("link_in_close", '"see the guide, or "', '"see {link}, or "'),
            r"p\.yaml, line 2: every text of the warm list of 'link_in_close' needs \{link\}",
        ),
        (
            _tones("dm_invite", '"Calm down and DM us about {n}."', '"DM us about {n}."'),
            r"p\.yaml, line 2: .*escalating phrase 'calm down'",
        ),
        (
            "ack_topic_acts:\n  warm: [writing to us]\n  neutral: [x]\n  formal: [x]\n",
            r"p\.yaml, line 2: each entry of the warm list of 'ack_topic_acts' must be a pair",
        ),
        (
            "ack_topic_acts:\n  warm:\n    - gerund: writing to us\n  neutral: [x]\n  formal: [x]\n",
            r"p\.yaml, line 3: an entry of the warm list of 'ack_topic_acts' has no 'past'",
        ),
        (
            'validate:\n  anger:\n    warm: ["Fair enough"]\n    neutral: [x]\n    formal: [x]\n',
            r"p\.yaml, line 2: 'validate' has no 'sadness', 'fear', 'confusion', 'plain'",
        ),
        (
            'close_act:\n  social:\n    warm: ["DM us"]\n',
            r"p\.yaml, line 2: unknown channel 'social' in 'close_act' \(known: email, chat, review\)",
        ),
        ("explore_need: []\n", r"p\.yaml, line 1: 'explore_need' must be a mapping of need names"),
        (
            'greeting:\n  warm: ["Hi {name},\\nthere"]\n  neutral: [x]\n  formal: [x]\n',
            r"line 2: .*more than one",
        ),
        ("{}\n", r"p\.yaml, line 1: no banks"),
    ],
)
def test_mistakes_name_the_file_and_line(text: str, message: str) -> None:
    assert re.search(message, _error(text)), _error(text)


def test_a_misspelt_cause_is_an_error_in_a_user_file() -> None:
    text = 'explore_cause:\n  delivry:\n    warm: ["When did {n} leave?"]\n'
    message = _error(text, taxonomy=True)
    assert message.startswith("p.yaml, line 2: unknown cause 'delivry' in 'explore_cause' (known: ")
    assert "delivery" in message


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PhrasebookError, match=r"nope\.yaml: phrases file not found"):
        load_phrasebook(tmp_path / "nope.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"greeting:\n  warm: ['Gr\xfc\xdf {name},']\n")
    with pytest.raises(PhrasebookError, match=r"latin\.yaml: cannot read the phrases file"):
        load_phrasebook(latin)


def test_the_example_in_the_docs_loads(tmp_path: Path) -> None:
    docs = Path(__file__).parents[3] / "docs" / "replies.md"
    example = re.search(r"```yaml\n(# voice\.yaml\n.*?)```", docs.read_text(encoding="utf-8"), re.S)
    assert example is not None
    path = tmp_path / "voice.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    phrases = load_phrasebook(path, load_taxonomy())
    assert phrases.greeting["formal"] == ("Dear {name},",)
    assert phrases.reassure_tail["warm"][0] == ""
