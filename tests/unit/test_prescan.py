"""The pre-check before cue scans: it may let through a text the regex then rejects, but it must
never turn away a text the regex would match. Each test checks the gate against the real regex
(``cue_pattern`` of the reason stages, ``compile_phrases`` of the risk stage), never against a
copy of its own logic."""

from __future__ import annotations

import random
import re
import string

import pytest

from empathica.pipeline.clauses import CuePhrases, cue_hits, cue_pattern
from empathica.pipeline.prescan import GateSet, PhraseGate, fold, phrase_keys, squeeze, word_starts
from empathica.pipeline.stages.risk import DEFAULT_CUES, RiskStage, compile_phrases, phrase_gate
from empathica.taxonomy import load_taxonomy


def test_fold_agrees_with_ignorecase_for_every_character() -> None:
    # every character that re.IGNORECASE equates to an ASCII letter, digit or punctuation mark
    # must fold onto it, or a text written with it would be turned away
    targets = string.ascii_lowercase + string.digits + string.punctuation
    anything = re.compile("|".join(re.escape(c) for c in targets), re.IGNORECASE)
    for cp in range(0x110000):
        ch = chr(cp)
        if anything.fullmatch(ch):
            same = [c for c in targets if re.fullmatch(re.escape(c), ch, re.IGNORECASE)]
            assert fold(ch) in same, f"U+{cp:04X} {ch!r} folds to {fold(ch)!r}, regex equates it to {same}"


@pytest.mark.parametrize(
    ("cues", "text"),
    [
        (["refund"], "They REFUNDED me"),  # ending and case
        (["tracking number"], "no Tracking\n  Number yet"),  # several words, any white space between
        (["won't"], "it wont work"),  # apostrophe left out
        (["won't"], "it won’t work"),  # curly apostrophe
        (["don't care"], "they dont care"),
        (["£5 fee"], "a £5 fee again"),  # currency sign before a digit
        (["£"], "cost me £40"),  # no plain word at all: keyed by nothing, always scanned
        (["€"], "cost me 40€"),
        (["?"], "why?"),  # punctuation only: keyed by the mark itself
        (["e-mail"], "sent an E-Mail"),  # punctuation inside a word
        (["wi-fi"], "the wi-fi dropped"),
        (["24/7"], "open 24/7 they said"),
        (["on hold"], "kept ON HOLD"),
        (["status"], "the \u017ftatus page"),  # long s: IGNORECASE reads it as s
        (["invoice"], "\u0130NVOICE"),  # dotted capital I
        (["kind"], "\u212aIND"),  # Kelvin sign
        (["a"], "a"),  # shorter than the key length
        (["customer service"], "customer services"),
    ],
)
def test_a_real_cue_match_is_never_turned_away(cues: list[str], text: str) -> None:
    assert cue_hits(cue_pattern(cues), text) > 0, "the case must be a real match"
    assert CuePhrases.of(cues).hits(text) == cue_hits(cue_pattern(cues), text)


@pytest.mark.parametrize(
    ("phrases", "text"),
    [
        (["still"], "STILLL waiting"),  # repeated letters
        (["still"], "stil waiting"),
        (["bbb"], "reported to the BBBB"),
        (["won't recommend"], "i wont-recommend them"),  # hyphen between the words
        (["<n> times"], "called 5 times"),  # a number placeholder starts the phrase
        (["for <n> weeks"], "for three weeks"),
        (["@press"], "cc @Press"),
        (["1 star"], "1 stars"),
        (["3rd time"], "the 3rrd time"),
        (["100 calls"], "100 calls"),
        (["<n>"], "3"),  # a number alone: no key, always scanned
        (["<n> <n>"], "3 4"),
    ],
)
def test_a_real_risk_phrase_match_is_never_turned_away(phrases: list[str], text: str) -> None:
    pattern = compile_phrases(phrases)
    assert pattern is not None and pattern.search(text), "the case must be a real match"
    assert phrase_gate(phrases).admits(word_starts(text, squeezed=True))


def test_texts_without_the_words_are_turned_away() -> None:
    gate = CuePhrases.of(["tracking number", "courier"]).gate
    assert not gate.admits(word_starts("The agent was rude to me."))
    assert not gate.admits(word_starts("my number is wrong"))  # both words of a phrase are needed
    assert gate.admits(word_starts("no tracking number"))
    assert gate.admits(word_starts("the couriers"))
    assert not CuePhrases.of(["?"]).gate.admits(word_starts("no question here"))
    assert CuePhrases.of(["€"]).gate.always


def test_keys_are_word_starts_longest_first() -> None:
    assert phrase_keys(["person", "on", "the", "phone"]) == ("pers", "phon", "the", "on")
    assert phrase_keys(["won't"]) == ("won",)
    assert phrase_keys(["£5"]) == ()  # no plain word start, no ASCII mark: always scanned
    assert phrase_keys(["@press"]) == ("@",)
    assert phrase_keys(["€"]) == ()
    assert phrase_keys(["still"], squeezed=True) == ("stil",)
    assert squeeze("stilll  bbb") == "stil  b"


def test_gate_set_names_the_labels_that_may_match_in_order() -> None:
    gates = GateSet(
        [
            PhraseGate.of([phrase_keys(["refund"])]),
            PhraseGate.of([]),  # a label without cues never needs a scan
            PhraseGate.of([phrase_keys(["€"])]),  # always
            PhraseGate.of([phrase_keys(["on", "hold"]), phrase_keys(["refunded"])]),
        ]
    )
    assert gates.admitted(word_starts("a refund please")) == [0, 2, 3]
    assert gates.admitted(word_starts("kept on hold")) == [2, 3]
    assert gates.admitted(word_starts("nothing here")) == [2]


def _mangle(rng: random.Random, phrase: str) -> str:
    """A phrase as people write it: any case, doubled letters, apostrophes dropped or curled,
    case twins, endings, punctuation glued on."""
    out = []
    for ch in phrase:
        roll = rng.random()
        if ch == "'" and roll < 0.3:
            continue
        if ch == "'" and roll < 0.6:
            ch = "’"
        elif ch.isalpha() and roll < 0.3:
            ch = ch.upper()
        elif ch in "sik" and roll < 0.4:
            ch = {"s": "\u017f", "i": "\u0130", "k": "\u212a"}[ch]
        elif ch.isalpha() and roll < 0.45:
            ch = ch * 2
        out.append(ch)
    return "".join(out) + rng.choice(["", "s", "ed", "ing", "!", ",", "?"])


def test_no_default_cue_or_risk_phrase_is_turned_away_when_written_loosely() -> None:
    rng = random.Random(7)
    taxonomy = load_taxonomy(None)
    sections = ("causes", "employee_causes", "needs", "stages")
    labels = [lb for section in sections for lb in taxonomy.section(section)]
    fillers = ["the", "I", "my", "and", "so", "—", "(", ")", "'", "2", "£", "@", "!!", "\n"]
    checked = 0
    for lb in labels:
        pattern, gate = cue_pattern(lb.cues), CuePhrases.of(lb.cues).gate
        for cue in lb.cues:
            for _ in range(4):
                text = " ".join([rng.choice(fillers), _mangle(rng, cue), rng.choice(fillers)])
                found = cue_hits(pattern, text) > 0
                assert gate.admits(word_starts(text)) or not found, (lb.name, text)
                checked += found
    for category, phrases in DEFAULT_CUES.items():
        risk_pattern, gate = compile_phrases(phrases), phrase_gate(phrases)
        assert risk_pattern is not None
        for phrase in phrases:
            written = phrase.replace("<n>", rng.choice(["3", "three", "several"]))
            for _ in range(4):
                text = " ".join([rng.choice(fillers), _mangle(rng, written), rng.choice(fillers)])
                found = risk_pattern.search(text) is not None
                assert gate.admits(word_starts(text, squeezed=True)) or not found, (category, text)
                checked += found
    assert checked > 1500  # most mangled texts are still real matches, so the check has teeth


def test_risk_stage_reads_a_loosely_written_phrase_the_same_with_the_gate() -> None:
    # end to end: the stage still finds cues in texts whose words are mangled in ways the
    # regex tolerates
    stage = RiskStage()
    risk, _ = stage.assess("I'm CANCELLLING my ſubscription and going to ſue you", sentiment="negative")
    assert any("cancelling" in r for r in risk.reasons)
    assert any("legal threat" in r for r in risk.reasons)
