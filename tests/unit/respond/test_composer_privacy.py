"""Drafts never say a customer's personal data back, neither the number nor its placeholder."""

from __future__ import annotations

import re

import pytest

from empathica.pipeline.stages.redact import redact
from empathica.respond import CHANNELS, TONES, Playbook, compose
from empathica.respond.echo import echo, without_personal_data
from helpers.analyses import MakeAnalysis

#: Hand-written complaints that carry personal data in the clause the composer would echo.
WITH_DATA = [
    "My phone number is 8 1 0 6 5 5 1 2 3 4, my parcel never arrived and nobody calls me back.",
    "My parcel never arrived, call me on 0161 496 0000 please.",
    "You charged me twice, my account number is 12345678.",
    "Ring me on +44 7700 900123 because my refund still hasn't come.",
]
DIGITS = re.compile(r"\d(?:[ .-]?\d){5,}")


@pytest.mark.parametrize("message", WITH_DATA)
@pytest.mark.parametrize("redacted", [True, False], ids=["redacted", "raw"])
def test_no_draft_repeats_personal_data_or_its_placeholder(
    make_analysis: MakeAnalysis, playbook: Playbook, message: str, redacted: bool
) -> None:
    text = redact(message)[0] if redacted else message
    if redacted:
        assert "[PHONE]" in text or "[ACCOUNT]" in text, text  # the redaction stage caught it
    analysis = make_analysis(text, cause="billing_payment" if "charged" in text else "delivery")
    for channel in CHANNELS:
        for tone in TONES:
            draft = compose(analysis, playbook, channel=channel, tone=tone).text
            assert not DIGITS.search(draft), draft
            assert not re.search(r"\[?(PHONE|ACCOUNT|EMAIL|CARD)\]?", draft), draft
            assert "phone number" not in draft and "account number" not in draft, draft


def test_the_clause_before_the_data_is_still_said_back(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    text = redact("My parcel never arrived, call me on 0161 496 0000.")[0]
    assert echo(text).text == "your parcel never arrived"
    draft = compose(make_analysis(text), playbook, channel="chat")
    assert "your parcel never arrived" in draft.text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("My phone number is [PHONE], the parcel is lost.", ""),
        ("The parcel is lost and my number is [PHONE].", "The parcel is lost"),
        ("Still waiting for my refund - account [ACCOUNT]", "Still waiting for my refund"),
        ("My refund is late; ring 0161 496 0000", "My refund is late"),
        ("The parcel is lost, sorry it's long.", "The parcel is lost, sorry it's long."),
    ],
)
def test_only_the_clause_with_the_data_is_dropped(text: str, kept: str) -> None:
    assert without_personal_data(text) == kept
