"""Coach logic without a model: empathy_needed, score ordering, scripted similarity, suggestions, errors."""

from __future__ import annotations

import pytest

from empathica.domain import Analysis, Behaviours, Cause, LabelScores, Mechanisms, Risk, Scripted
from empathica.respond.coach import (
    Coach,
    coach_without_model,
    empathy_needed,
    score_reply,
    scripted_similarity,
)


def analysis(
    text: str,
    emotions: list[str],
    sentiment: str,
    valence: float,
    intensity: float,
    causes: list[Cause] | None = None,
    priority: str = "low",
    **metadata: str,
) -> Analysis:
    ekman = [e for e in emotions if e in ("anger", "fear", "sadness", "joy", "disgust", "surprise")] or [
        "neutral"
    ]
    return Analysis(
        id="c1", text=text, emotions=LabelScores(emotions, {}), ekman=LabelScores(ekman, {}),
        sentiment=sentiment, valence=valence, intensity=intensity, causes=causes or [],
        risk=Risk(0.1, 0, 0.1, 0.1, priority), metadata=dict(metadata),
    )  # fmt: skip


ANGRY = analysis(
    "Third time nobody came for order 55821. I took a day off work. I'm furious.",
    ["anger", "annoyance"], "negative", -0.85, 0.8,
    [Cause("delivery", 0.9, "nobody came for order 55821", 0, 40, ["anger"])],
)  # fmt: skip
HOWTO = analysis("How do I reset my password?", ["curiosity"], "neutral", 0.0, 0.1)
MILD = analysis("The sofa was due today but no text yet. Bit annoying.", ["annoyance"], "negative", -0.3, 0.3,
                [Cause("delivery", 0.6, "sofa was due today")])  # fmt: skip
PRAISE = analysis(
    "Marco in the Bath store was brilliant with my dad. Thank you!",
    ["admiration", "gratitude"],
    "positive",
    0.9,
    0.6,
)

COLD = "Deliveries can take up to 10 working days."
WARM = (
    "I'm so sorry nobody came again, I can hear how frustrating this has been, and you're right to expect "
    "better. I've booked a new delivery for order 55821 on Thursday between 8am and noon, and I'll text "
    "you the driver's details that morning. You won't be out of pocket for the day you lost."
)
CRISP = "Tap Forgot password on the sign-in screen and we'll email you a reset link straight away."


@pytest.fixture(scope="module")
def coach() -> Coach:
    return coach_without_model()


def test_empathy_needed_separates_none_some_high() -> None:
    assert empathy_needed(HOWTO) == "none"
    assert empathy_needed(ANGRY) == "high"
    assert empathy_needed(MILD) == "some"
    assert empathy_needed(PRAISE) == "some"


def test_high_priority_risk_means_high_need_even_when_calm() -> None:
    calm = analysis(
        "Please close my account, your product hurt my child.", [], "neutral", -0.1, 0.2, priority="urgent"
    )
    assert empathy_needed(calm) == "high"


def test_crisp_answer_to_neutral_question_scores_well_and_gets_no_empathy_advice(coach: Coach) -> None:
    got = coach.assess(HOWTO, CRISP)
    assert got.empathy_needed == "none"
    assert got.score >= 80
    assert not any("feel" in s for s in got.suggestions)


def test_cold_reply_to_angry_customer_scores_badly_and_says_what_is_missing(coach: Coach) -> None:
    cold = coach.assess(ANGRY, COLD)
    warm = coach.assess(ANGRY, WARM, customer_name=None)
    assert cold.score < 30 < warm.score
    assert warm.score - cold.score >= 40
    assert any(s.startswith("Name how they feel before the fix") for s in cold.suggestions)
    assert any(s.startswith("Say what happens next and when") for s in cold.suggestions)
    assert not any(s.startswith("Say what happens next") for s in warm.suggestions)


def test_same_cold_reply_scores_higher_for_a_neutral_question_than_for_an_angry_customer(
    coach: Coach,
) -> None:
    reply = "Go to Settings, then Security, and choose Reset password."
    assert coach.assess(HOWTO, reply).score > coach.assess(ANGRY, reply).score


def test_praise_needs_thanks(coach: Coach) -> None:
    thanked = coach.assess(
        PRAISE, "Thank you so much! I've passed your words on to Marco and his manager today."
    )
    bare = coach.assess(PRAISE, "Our staff are trained to a high standard.")
    assert thanked.score > bare.score
    assert any("Thank them" in s for s in bare.suggestions)


def test_name_from_metadata_makes_reply_personal(coach: Coach) -> None:
    named = analysis("My refund hasn't arrived.", ["annoyance"], "negative", -0.4, 0.3, name="Priya")
    assert coach.assess(named, "Hi Priya, I've chased your refund today.").behaviours.personal
    assert not coach.assess(named, "Hello, I've chased the refund today.").behaviours.personal


def test_scripted_matches_macros_and_names_the_closest() -> None:
    macros = ["We apologise for any inconvenience caused. Your feedback is important to us.",
              "Thanks for your order, it ships in two days."]  # fmt: skip
    canned = scripted_similarity(
        "We apologise for any inconvenience caused. Your feedback is important to us!", macros
    )
    own = scripted_similarity(
        "I've rebooked the engineer for 8am tomorrow and sent two heaters tonight.", macros
    )
    assert canned.score >= 0.8 and canned.closest == macros[0]
    assert own.score < 0.3 and own.closest == ""


def test_scripted_counts_recent_replies_and_cliches(coach: Coach) -> None:
    recent = [
        "Hi, I've booked a new delivery slot for you on Thursday morning and I'll text you the details."
    ]
    reply = "Hi, I've booked a new delivery slot for you on Thursday morning and I'll text you the details."
    got = coach.assess(MILD, reply, recent=recent)
    assert got.scripted.score >= 0.8 and got.scripted.closest == recent[0]
    cliche = coach.assess(MILD, "Your feedback is important to us. Have a great day!")
    assert cliche.scripted.score >= 0.5
    assert any("template" in s for s in cliche.suggestions)


def test_scripted_lowers_the_score() -> None:
    b = Behaviours(acknowledges_emotion=True, apologises=True, next_step=True, addresses_cause=True)
    fresh = score_reply("high", b, Mechanisms(1, 1, 0), Scripted(0.0, ""))
    canned = score_reply("high", b, Mechanisms(1, 1, 0), Scripted(1.0, "x"))
    assert canned < fresh


def test_undercut_apology_gets_specific_advice(coach: Coach) -> None:
    got = coach.assess(ANGRY, "Sorry, but as per our policy we cannot redeliver this week.")
    assert not got.behaviours.apologises
    assert any("taken back" in s for s in got.suggestions)


def test_batch_equals_one_by_one(coach: Coach) -> None:
    pairs = [(ANGRY, COLD), (ANGRY, WARM), (HOWTO, CRISP), (PRAISE, "Thanks!")]
    assert coach.assess_many(pairs) == [coach.assess(c, r) for c, r in pairs]


@pytest.mark.parametrize("reply", ["", "   \n", None, 42])
def test_empty_or_non_text_reply_is_a_clear_error(coach: Coach, reply: object) -> None:
    with pytest.raises(ValueError, match="reply"):
        coach.assess(ANGRY, reply)  # type: ignore[arg-type]


def test_very_long_reply_is_read_in_full(coach: Coach) -> None:
    long_reply = (
        "We have received your message. " * 3000
    ) + "I've booked a new delivery for Thursday at 8am."
    got = coach.assess(ANGRY, long_reply)
    assert got.behaviours.next_step  # the commitment at the very end is still found
