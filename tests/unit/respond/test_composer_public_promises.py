"""A public reply only invites a private message, so it must not announce an answer it does not give."""

from __future__ import annotations

import re

import pytest

from empathica.respond import TONES, Playbook, compose
from helpers.analyses import MakeAnalysis

#: Hand-written messages from customers who want things made clear; their own nouns, so the
#: reassurance is kept even on social.
CONFUSED = [
    ("My bill went up and nobody can tell me why.", "billing_payment"),
    ("My tariff changed and the letter makes no sense.", "communication_clarity"),
    ("My contract says one thing and your agent said another.", "policy_terms"),
    ("My refund was approved but the amount is different.", "billing_payment"),
    ("My parcel shows delivered but I have no idea where it is.", "delivery"),
    ("My account shows two plans and I don't know which I pay for.", "usability_access"),
    ("My invoice lists charges I do not understand.", "billing_payment"),
    ("My booking was moved and nobody explained the new terms.", "policy_terms"),
]
QUESTIONS = [
    "How do I change the address on my order?",
    "How can I reset my password on the app?",
    "How do I update my card for the monthly plan?",
    "How can I move my delivery to next week?",
]
#: What only a reply that gives the answer may say.
UNKEPT = re.compile(
    r"(?i)(?:^|[.!?]\s+|\s-\s)(?:here's|here is|to be clear|allow me to set out|let me clear up|"
    r"(?:i am |i'm )?happy to explain)\b"
    r"|straight answer on|\bmy answer\b|the (?:written )?answer (?:on|about)"
)


@pytest.mark.parametrize("channel", ["social", "review"])
def test_public_replies_to_confused_customers_promise_no_answer_they_do_not_give(
    make_analysis: MakeAnalysis, playbook: Playbook, channel: str
) -> None:
    seen = 0
    for text, cause in CONFUSED:
        for tone in TONES:
            for emotion in ("confusion", "annoyance", "disappointment"):
                analysis = make_analysis(text, cause=cause, needs=("clarity",), emotions=(emotion,))
                draft = compose(analysis, playbook, channel=channel, tone=tone)
                assert not UNKEPT.search(draft.text), draft.text
                seen += "reassure" in [p.role for p in draft.parts]
    assert seen > 10  # the reassurance, where the promise used to sit, is still there


@pytest.mark.parametrize("channel", ["social", "review"])
def test_public_answers_to_questions_do_not_say_here_is(
    make_analysis: MakeAnalysis, playbook: Playbook, channel: str
) -> None:
    for text in QUESTIONS:
        for tone in TONES:
            analysis = make_analysis(
                text, sentiment="neutral", valence=0.0, emotions=("curiosity",), needs=("clarity",)
            )
            draft = compose(analysis, playbook, channel=channel, tone=tone)
            assert not UNKEPT.search(draft.text), draft.text


def test_private_replies_may_still_give_a_straight_answer(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    """Email answers in the same message, so the clarity lines stay there."""
    found = set()
    for text, cause in CONFUSED:
        for tone in TONES:
            analysis = make_analysis(text, cause=cause, needs=("clarity",), emotions=("confusion",))
            found |= {
                m.group(0).strip(" .!?-").lower()
                for m in UNKEPT.finditer(compose(analysis, playbook, tone=tone).text)
            }
    assert found
