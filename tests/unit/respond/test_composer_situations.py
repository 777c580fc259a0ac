"""The step fits the customer's situation within a cause, and the draft says which situation it used."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

import pytest

from empathica.domain import Grounding
from empathica.respond import CHANNELS, TONES, Playbook, PlaybookError, compose, parse_playbook
from helpers.analyses import MakeAnalysis

#: Hand-written travel complaints; the taxonomy files them under ``delivery``.
FLIGHTS = [
    "Our flight was cancelled two hours before boarding.",
    "The flight was delayed five hours with no food vouchers.",
    "My train was late again and I missed my connection.",
    "The airline lost track of us and we were stranded overnight.",
]
GOODS = re.compile(r"(?i)\b(courier|parcels?|packages?|warehouse|tracking|dispatch\w*)\b")


@pytest.mark.parametrize("message", FLIGHTS)
def test_a_flight_complaint_is_never_told_about_a_courier(
    make_analysis: MakeAnalysis, playbook: Playbook, message: str
) -> None:
    for needs in ((), ("clarity",), ("reassurance",), ("fairness",)):
        analysis = make_analysis(message, cause="delivery", needs=needs, emotions=("anger",))
        for channel in CHANNELS:
            for tone in TONES:
                draft = compose(analysis, playbook, channel=channel, tone=tone)
                assert not GOODS.search(draft.text), draft.text
                private = channel in ("email", "chat")
                assert draft.grounding.situation == ("disrupted journey" if private else None)


def test_a_late_parcel_still_gets_the_courier(make_analysis: MakeAnalysis, playbook: Playbook) -> None:
    draft = compose(make_analysis("My parcel is late again, the third delay this month."), playbook)
    assert "courier" in draft.text
    assert draft.grounding.situation == "late parcel"


@pytest.mark.parametrize(
    ("message", "situation"),
    [
        ("My luggage never arrived after the flight.", "lost or delayed luggage"),
        ("The hotel booking was lost and we had nowhere to stay.", "booking or reservation"),
        ("Missed the delivery slot and no one turned up all day.", "missed slot or appointment"),
        ("The box arrived crushed and the lamp is broken.", "damaged item"),
        ("Your delivery service is going downhill.", None),
    ],
)
def test_the_grounding_names_the_situation_the_step_answers(
    make_analysis: MakeAnalysis, playbook: Playbook, message: str, situation: str | None
) -> None:
    draft = compose(make_analysis(message, cause="delivery"), playbook, channel="chat")
    assert draft.grounding.situation == situation
    if situation in ("lost or delayed luggage", "booking or reservation"):
        assert not GOODS.search(draft.text), draft.text


def test_bookings_and_appointments_have_steps_of_their_own(playbook: Playbook) -> None:
    wait = playbook.entry("wait_time")
    step = wait.steps_for("Six weeks waiting for an appointment with nobody calling back")
    assert [wait.situation_of(s) for s in step] == ["waiting for an appointment"]
    default = playbook.default
    assert [default.situation_of(s) for s in default.steps_for("They cancelled my booking twice")] == [
        "booking or appointment"
    ]


def test_a_question_about_changing_a_flight_gets_the_booking_answer(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    analysis = make_analysis(
        "How do I change the seat on my flight?", sentiment="neutral", valence=0.0, emotions=("curiosity",)
    )
    draft = compose(analysis, playbook, channel="email")
    assert "My bookings" in draft.text and not GOODS.search(draft.text)
    assert draft.grounding.situation == "journey or booking"


def test_praise_and_public_replies_report_no_situation(
    make_analysis: MakeAnalysis, playbook: Playbook
) -> None:
    praise = make_analysis(
        "The flight crew were wonderful.", sentiment="positive", valence=0.9, emotions=("gratitude",),
        polarity="gain",
    )  # fmt: skip
    assert compose(praise, playbook).grounding.situation is None
    complaint = make_analysis("My parcel never arrived.")
    assert compose(complaint, playbook, channel="email").grounding.situation == "lost parcel"
    assert compose(complaint, playbook, channel="social").grounding.situation is None


def test_grounding_json_stays_backward_compatible() -> None:
    old = {"emotion": "anger", "cause": "delivery", "need": None, "stage": "after", "evidence": "late"}
    assert Grounding(**old).situation is None
    record = asdict(Grounding(**old, situation="late parcel"))
    assert json.loads(json.dumps(record))["situation"] == "late parcel"
    assert {k: v for k, v in record.items() if k != "situation"} == old


_BOOK = """
causes:
  default:
    at_fault: false
    steps:
      - "General step."
      - text: "Courier step."
        name: late parcel
        when: [late, delay*]
        unless: [flight*, train]
      - text: "Journey step."
        when: [flight*, train]
"""


def test_unless_rules_a_step_out_and_name_labels_it() -> None:
    entry = parse_playbook(_BOOK, []).default
    assert entry.steps_for("the parcel is late") == ("Courier step.",)
    assert entry.situation_of("Courier step.") == "late parcel"
    assert entry.steps_for("the flight is late") == ("Journey step.",)
    assert entry.situation_of("Journey step.") == "flight*"  # no name: the first phrase
    assert entry.steps_for("the train is delayed") == ("Journey step.",)
    assert entry.steps_for("nothing in particular") == ("General step.",)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            '      - text: "X."\n        unless: [flight]\n',
            "'unless' in a step of the steps of 'default' needs 'when'",
        ),
        (
            '      - text: "X."\n        name: lost\n',
            "'name' in a step of the steps of 'default' needs 'when'",
        ),
        ('      - text: "X."\n        when: [late]\n        unless: []\n', "'unless' of a step of"),
        ('      - text: "X."\n        when: [late]\n        unless: ["fl{ight"]\n', "in 'unless' of"),
    ],
)
def test_bad_unless_or_name_is_named_with_its_line(step: str, message: str) -> None:
    text = 'causes:\n  default:\n    at_fault: false\n    steps:\n      - "General."\n' + step
    with pytest.raises(PlaybookError, match=re.escape(message)) as err:
        parse_playbook(text, [])
    assert "line" in str(err.value)
