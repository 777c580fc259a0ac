"""The customer's words said back: numbers and times stay whole, nouns ending in -ing are not actions."""

from __future__ import annotations

import pytest

from empathica.respond.echo import echo, turn_around


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("delivered at 7:58am for an 8-12 slot", "delivered at 7:58am for an 8-12 slot"),
        ("I paid £25.99 on 03/04 for my 2nd box", "you paid £25.99 on 03/04 for your 2nd box"),
        ("you charged me 1,200 dollars", "we charged you 1,200 dollars"),
        ("my order (no. 4) is late, again!", "your order (no. 4) is late, again!"),
    ],
)
def test_turn_around_keeps_numbers_times_and_prices_whole(text: str, expected: str) -> None:
    assert turn_around(text) == expected


@pytest.mark.parametrize(
    "evidence",
    [
        "washing machine delivered at 7:58am for an 8-12 slot",
        "parking space was taken by a van again",
        "ceiling light arrived with a cracked shade",
    ],
)
def test_a_noun_ending_in_ing_is_not_said_back_as_an_action(evidence: str) -> None:
    said = echo(evidence)
    assert said.kind != "doing"
    assert "you're washing" not in said.text and "you're parking" not in said.text


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        ("waiting for a refund since March", "you're waiting for a refund since March"),
        ("being ignored by your support team", "you're being ignored by our support team"),
        ("getting charged twice every month", "you're getting charged twice every month"),
        ("still waiting 3 weeks for my parcel", "you're still waiting 3 weeks for your parcel"),
        ("paying twice for the same delivery slot", "you're paying twice for the same delivery slot"),
    ],
)
def test_a_gerund_action_is_still_said_back_as_one(evidence: str, expected: str) -> None:
    said = echo(evidence)
    assert said.kind == "doing"
    assert said.text == expected
