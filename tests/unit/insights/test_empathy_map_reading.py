"""The map's fast paths read exactly what the plain ones would: lower-cased cue matching, the
indexed merge of similar quotes, and readings shared between maps."""

import random
import re

import pytest

from empathica.domain import Analysis, Cause, Feedback, LabelScores, StoredItem
from empathica.insights.empathy_map import (
    _ACTIONS,
    _ACTIONS_FOLDED,
    _FEELING,
    _FEELING_FOLDED,
    _HEARS,
    _HEARS_FOLDED,
    _SEES,
    _SEES_FOLDED,
    ACTIONS,
    HEARS,
    SEES,
    _Draft,
    _merge_similar,
    build_empathy_map,
    read_item,
    read_items,
)
from empathica.insights.naming import terms


def item(i: int, text: str, annoyance: float = 0.9, cause: str | None = None) -> StoredItem:
    causes = [Cause(cause, 0.8, "late again", polarity="pain")] if cause else []
    emotions = LabelScores(["annoyance"], {"annoyance": annoyance})
    analysis = Analysis(
        id=str(i), text=text, emotions=emotions, ekman=LabelScores([], {}), sentiment="negative",
        valence=-0.5, intensity=0.5, causes=causes,
    )  # fmt: skip
    return StoredItem(Feedback(source="t", external_id=f"x{i}", text=text, id=i), analysis)


TEXTS = [
    "I CALLED THREE TIMES and My Friend Said you never answer. I Saw it on TikTok.",
    "Switching To Acme, their App is better; the PRICE went up again",
    "Your Agent Told Me a refund was on its way. Still Waiting.",
    "I read the Reviews before buying. Other Shops are cheaper, I noticed",
    "Absolutely FRUSTRATED, I want my Money Back and I will Complain to the Manager",
    "In-Store the staff were lovely; I Recommend you to everyone",
    "Café staff said the Crème brûlée was sold out; I noticed the price on your website",
    "Ordered Again. Left A Review. Wrote To your team by e-mail",
    "nothing to see here",
]


def test_folded_patterns_match_where_the_case_insensitive_ones_do() -> None:
    # Every cue pattern is written in lower case, so matching the lower-cased text finds the same spans.
    for source in [p for _, p in ACTIONS + HEARS + SEES]:
        assert not re.search(r"[A-Z]", re.sub(r"\\[A-Za-z]", "", source)), source
    pairs = [
        *zip(_ACTIONS, _ACTIONS_FOLDED, strict=True),
        *zip(_HEARS, _HEARS_FOLDED, strict=True),
        *zip(_SEES, _SEES_FOLDED, strict=True),
        (("", _FEELING), ("", _FEELING_FOLDED)),
    ]
    hits = 0
    for text in TEXTS + [t.upper() for t in TEXTS] + [t.swapcase() for t in TEXTS]:
        for (_, exact), (_, folded) in pairs:
            a, b = exact.search(text), folded.search(text.lower())
            assert (a.span() if a else None) == (b.span() if b else None), (exact.pattern, text)
            hits += a is not None
    assert hits > 50  # the texts do exercise the patterns


@pytest.mark.parametrize(
    ("odd", "plain"),
    [
        ("I will \u017fwitch to Acme", "I will switch to Acme"),  # long s
        ("\u0130 read reviews saying it breaks", "I read reviews saying it breaks"),  # dotted capital I
        ("I \u212aeep calling you", "I Keep calling you"),  # Kelvin sign
    ],
)
def test_characters_that_only_match_case_insensitively_are_still_read(odd: str, plain: str) -> None:
    a, b = read_item(item(1, odd)), read_item(item(1, plain))
    assert (a.actions, a.heard is None, a.seen is None) == (b.actions, b.heard is None, b.seen is None)
    assert a.actions or a.heard


def test_phrases_are_the_multiword_terms() -> None:
    for text in TEXTS:
        expected = {g for g in terms(text, 4) if " " in g}
        assert read_item(item(1, text)).phrases == expected


def _merge_by_scanning(drafts: list[_Draft], overlap: float = 0.5) -> list[tuple[str, list[str]]]:
    """The definition: each draft joins the first kept draft it is similar enough to."""
    kept: list[tuple[str, frozenset[str], list[str]]] = []
    for d in drafts:
        for _, words, evidence in kept:
            union = words | d.words
            if union and len(words & d.words) / len(union) >= overlap:
                evidence.extend(e for e in d.evidence if e not in evidence)
                break
        else:
            kept.append((d.text, d.words, list(d.evidence)))
    return [(text, evidence) for text, _, evidence in kept]


@pytest.mark.parametrize("seed", range(8))
def test_indexed_merge_folds_the_same_drafts_as_scanning_all(seed: int) -> None:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(rng.choice([6, 12, 40]))]
    drafts = [
        _Draft(f"d{i}", [str(rng.randrange(60))], "", frozenset(rng.sample(vocab, rng.randrange(0, 6))))
        for i in range(300)
    ]
    got = [(d.text, d.evidence) for d in _merge_similar(drafts)]
    assert got == _merge_by_scanning(drafts)
    assert len(got) < len(drafts)  # some did merge


def test_merge_rejects_an_overlap_it_cannot_index() -> None:
    with pytest.raises(ValueError, match="overlap"):
        _merge_similar([], overlap=0.0)


def test_shared_readings_give_the_same_map() -> None:
    items = [item(i, TEXTS[i % len(TEXTS)], 0.3 + i / 50, "late" if i % 3 else None) for i in range(30)]
    readings = read_items(items)
    assert build_empathy_map(items, title="All", readings=readings) == build_empathy_map(items, title="All")
    half = items[:25]
    assert build_empathy_map(half, title="Half", readings=readings[:25]) == build_empathy_map(
        half, title="Half"
    )
    with pytest.raises(ValueError, match="one entry per item; got 25 for 30"):
        build_empathy_map(items, title="All", readings=readings[:25])


def test_reading_keys_fall_back_to_the_source_id() -> None:
    unsaved = StoredItem(Feedback(source="t", external_id="ext-9", text="I noticed the price"))
    assert read_item(unsaved).key == "ext-9"
