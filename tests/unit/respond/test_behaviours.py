"""Behaviour cues on hand-written sentences: negation, questions, undercut apologies, spans."""

from __future__ import annotations

import pytest

from empathica.respond.behaviours import CauseVocabulary, detect_behaviours
from empathica.respond.text import sentences


def flags(reply: str, **kw: object) -> dict[str, bool]:
    b = detect_behaviours(reply, **kw).behaviours  # type: ignore[arg-type]
    return {k: getattr(b, k) for k in b.__slots__}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("reply", "behaviour", "expected"),
    [
        ("I can hear how frustrating this has been for you.", "acknowledges_emotion", True),
        ("That sounds really stressful.", "acknowledges_emotion", True),
        ("Sorry if you feel let down.", "acknowledges_emotion", False),
        ("There is no need to be upset.", "acknowledges_emotion", False),
        ("You're completely right to expect better.", "validates", True),
        ("Your order was dispatched on Monday.", "validates", False),
        ("I'm really sorry nobody called you back.", "apologises", True),
        ("We apologise for any inconvenience caused.", "apologises", False),
        ("Sorry, but as per our policy we cannot refund it.", "apologises", False),
        ("Sorry if you feel you were treated unfairly.", "apologises", False),
        ("Thanks for letting us know.", "thanks", True),
        ("Thanks to the courier, it arrived broken.", "thanks", False),
        ("Rest assured, this is now in hand.", "reassures", True),
        ("You won't be out of pocket.", "reassures", True),
        ("We are not able to help with this.", "reassures", False),
        ("We can't guarantee when it will arrive.", "reassures", False),
        ("I've booked a new delivery for Thursday between 8am and noon.", "next_step", True),
        ("Go to Account, then Payment methods, and tap Edit.", "next_step", True),
        ("Yes, you can: open My Orders and tap Change address.", "next_step", True),
        ("We will look into it.", "next_step", False),
        ("Please contact us again if you need anything else.", "next_step", False),
        ("Can we help with anything else?", "next_step", False),
        ("Unfortunately we won't be able to send a replacement.", "next_step", False),
    ],
)
def test_single_sentence_cues(reply: str, behaviour: str, expected: bool) -> None:
    assert flags(reply)[behaviour] is expected


def test_weak_apology_is_reported_as_weak_span() -> None:
    reply = "Hello. Sorry, but as per our policy we cannot make an exception."
    report = detect_behaviours(reply)
    assert report.behaviours.apologises is False
    weak = report.weak("apologises")
    assert len(weak) == 1
    assert reply[weak[0].start : weak[0].end] == "Sorry, but as per our policy we cannot make an exception."


def test_spans_point_at_the_sentence_that_shows_the_behaviour() -> None:
    reply = "Hi Maria,\nI'm so sorry about this. I've refunded £89.99 today and you'll see it by Friday."
    report = detect_behaviours(reply, customer="You charged me £89.99 twice.", name="Maria")
    by = {s.behaviour: reply[s.start : s.end] for s in report.spans if s.strength == "strong"}
    assert by["apologises"] == "I'm so sorry about this."
    assert by["next_step"].startswith("I've refunded £89.99 today")
    assert report.behaviours.personal and report.behaviours.addresses_cause


def test_personal_needs_name_or_specifics_not_generic_cause_words() -> None:
    vocab = CauseVocabulary.build({"delivery": ["parcel", "courier", "tracking", "late delivery"]})
    customer = "My parcel for the Harlow kettle never came and the tracking is stuck."
    terms = {
        "customer": customer,
        "cause_terms": vocab.for_labels(["delivery"]),
        "common_terms": vocab.common,
    }
    generic = detect_behaviours("I'm sorry your parcel is late.", **terms)  # type: ignore[arg-type]
    specific = detect_behaviours("I'm sorry the Harlow kettle hasn't arrived.", **terms)  # type: ignore[arg-type]
    assert generic.behaviours.addresses_cause and not generic.behaviours.personal
    assert specific.behaviours.personal


def test_addresses_cause_needs_a_link_to_what_they_wrote() -> None:
    customer = "I was charged twice for my subscription."
    assert not flags("Thank you for contacting us. Have a great day!", customer=customer)["addresses_cause"]
    assert flags("I've refunded the second subscription charge.", customer=customer)["addresses_cause"]


def test_cause_vocabulary_drops_words_shared_by_many_causes() -> None:
    vocab = CauseVocabulary.build({"a": ["broken sorted"], "b": ["parcel sorted"], "c": ["refund sorted"]})
    assert "sort" not in vocab.for_labels(["a", "b", "c"])
    assert "broken" in vocab.for_labels(["a"]) or "broken"[:-1] in vocab.for_labels(["a"])


def test_sentences_keep_decimal_prices_whole() -> None:
    text = "We refunded £89.99 today. Is that ok?\nThanks"
    assert [text[a:b] for a, b in sentences(text)] == ["We refunded £89.99 today.", "Is that ok?", "Thanks"]
