"""The risk stage on hand-built batches: no model, the emotion columns are written by hand."""

from __future__ import annotations

import math
from typing import Any

import pytest

from empathica.domain import LabelScores, Risk
from empathica.pipeline.base import Batch, Pipeline, PipelineError
from empathica.pipeline.stages.risk import (
    REACH_PER_INTERACTION,
    REACH_PER_SHARE,
    UNKNOWN_PUBLICNESS,
    RiskStage,
    negated,
    parse_count,
    priority_for,
)

CALM = LabelScores(labels=["neutral"], scores={"neutral": 0.9, "curiosity": 0.2})
ANGRY = LabelScores(labels=["anger", "annoyance"], scores={"anger": 0.92, "annoyance": 0.7, "neutral": 0.01})
HAPPY = LabelScores(labels=["joy"], scores={"joy": 0.9, "neutral": 0.05})


def run(
    texts: list[str],
    metadata: list[dict[str, Any]] | None = None,
    intensity: list[float] | None = None,
    sentiment: list[str] | None = None,
    emotions: list[LabelScores] | None = None,
    stage: RiskStage | None = None,
    warnings: list[list[str]] | None = None,
) -> Batch:
    n = len(texts)
    batch = Batch.of(texts, metadata=metadata).with_columns(
        intensity=intensity or [0.1] * n,
        sentiment=sentiment or ["neutral"] * n,
        emotions=emotions or [CALM] * n,
    )
    if warnings is not None:
        batch = batch.with_columns(warnings=warnings)
    return (stage or RiskStage())(batch)


def one(
    text: str,
    metadata: dict[str, Any] | None = None,
    intensity: float = 0.1,
    sentiment: str = "neutral",
    emotions: LabelScores = CALM,
    stage: RiskStage | None = None,
) -> tuple[Risk, list[str]]:
    out = run([text], [metadata or {}], [intensity], [sentiment], [emotions], stage)
    risk: Risk = out["risk"][0]
    notes: list[str] = out["warnings"][0]
    return risk, notes


def angry(text: str, metadata: dict[str, Any] | None = None) -> Risk:
    return one(text, metadata, intensity=0.92, sentiment="negative", emotions=ANGRY)[0]


# -- the headline cases ------------------------------------------------------------------------


def test_private_calm_email_is_low() -> None:
    risk, notes = one("Hi, could you tell me when my order will arrive? Thanks.", {"channel": "email"})
    assert risk.priority == "low"
    assert risk.estimated_reach == 0
    assert risk.amplification < 0.1 and risk.urgency < 0.1 and risk.churn < 0.1
    assert risk.reasons == []
    assert notes == []


TWEET = "Absolute disgrace. My fridge died again and I'm posting this everywhere until you fix it"
BIG_ACCOUNT = {"channel": "twitter", "followers": 12400, "likes": 1200, "shares": 320, "replies": 45}


def test_public_angry_tweet_from_big_account_with_threat() -> None:
    risk = angry(TWEET, BIG_ACCOUNT)
    assert risk.amplification >= 0.8
    assert risk.priority in {"high", "urgent"}
    assert risk.estimated_reach == 12400 + REACH_PER_SHARE * 320 + REACH_PER_INTERACTION * (1200 + 45)
    assert "public channel (twitter)" in risk.reasons
    assert "author has 12,400 followers" in risk.reasons
    threat = [r for r in risk.reasons if r.startswith("explicit threat to post publicly")]
    assert len(threat) == 1 and "posting this everywhere" in threat[0]
    assert any(r.startswith("strong anger") for r in risk.reasons)
    assert any(r.startswith("post engagement") and "320 shares" in r for r in risk.reasons)


def test_same_words_sent_privately_spread_less_and_reach_nobody() -> None:
    public = angry(TWEET, BIG_ACCOUNT)
    private = angry(TWEET, {**BIG_ACCOUNT, "channel": "email"})
    assert private.amplification < public.amplification
    assert private.estimated_reach == 0
    assert "public channel (email)" not in private.reasons


def test_threat_to_go_public_raises_amplification_even_by_email() -> None:
    calm, _ = one("My fridge stopped working.", {"channel": "email"})
    threat, _ = one("My fridge stopped working. Everyone should know about this.", {"channel": "email"})
    assert calm.amplification < 0.1
    assert threat.amplification >= 0.5
    assert any("everyone should know" in r.lower() for r in threat.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "There is a burning smell coming from the oven",
        "The plug sparks when I switch it on",
        "I can smell gas since your engineer left",
        "The washing machine is leaking all over the floor",
        "My son was injured by the broken door",
    ],
)
def test_safety_words_make_it_urgent(text: str) -> None:
    risk, _ = one(text, {"channel": "email"})
    assert risk.priority == "urgent"
    assert risk.urgency >= 0.85
    assert any(r.startswith("safety hazard") for r in risk.reasons)


def test_gas_bill_is_not_a_safety_hazard() -> None:
    risk, _ = one("My gas bill is higher than last month", {"channel": "email"})
    assert risk.priority != "urgent"
    assert not any(r.startswith("safety hazard") for r in risk.reasons)


def test_switching_cue_makes_churn_high() -> None:
    plain, _ = one("The delivery was late and nobody told me.", sentiment="negative", intensity=0.6)
    leaving, _ = one(
        "The delivery was late and nobody told me. I'm switching to another shop.",
        sentiment="negative",
        intensity=0.6,
    )
    assert plain.churn < 0.3
    assert leaving.churn >= 0.6
    assert leaving.priority in {"high", "urgent"}
    assert any(r.startswith("says they are switching to a competitor") for r in leaving.reasons)


def test_cancelling_a_subscription_is_high_but_churn_alone_is_not_urgent() -> None:
    risk, _ = one(
        "I'm cancelling my subscription and closing my account, never again.",
        {"channel": "email"},
        sentiment="negative",
        intensity=0.6,
    )
    assert risk.churn >= 0.85
    assert risk.priority == "high"
    cancelling = [r for r in risk.reasons if "cancel" in r]
    assert len(cancelling) == 1, "the same words are explained once, by the strongest category"


def test_named_competitor_counts_only_when_unhappy() -> None:
    stage = RiskStage(competitors=["Acme Appliances"])
    text = "Acme Appliances delivered theirs in a day."
    unhappy, _ = one(text, sentiment="negative", intensity=0.6, stage=stage)
    happy, _ = one(text, sentiment="positive", intensity=0.6, emotions=HAPPY, stage=stage)
    assert unhappy.churn > happy.churn
    assert any("Acme Appliances" in r for r in unhappy.reasons)
    assert not any("Acme" in r for r in happy.reasons)


def test_legal_threat_is_at_least_high_and_quoted() -> None:
    risk, _ = one("Please refund me or my lawyer will be in touch.", {"channel": "email"})
    assert risk.priority in {"high", "urgent"}
    legal = [r for r in risk.reasons if r.startswith("legal threat")]
    assert legal and "my lawyer" in legal[0]


def test_repeated_contact_and_deadline_raise_urgency_unless_the_text_is_happy() -> None:
    base, _ = one("My order has not arrived.", sentiment="negative", intensity=0.5)
    chased, _ = one(
        "Third time writing: my order has still not arrived and I need it by Friday.",
        sentiment="negative",
        intensity=0.5,
    )
    assert chased.urgency > base.urgency
    assert any(r.startswith("repeated contact") for r in chased.reasons)
    assert any(r.startswith("time pressure") and "Friday" in r for r in chased.reasons)
    happy, _ = one("Still love it, arrived today!", sentiment="positive", emotions=HAPPY, intensity=0.9)
    assert happy.urgency < 0.1
    assert not any(r.startswith(("repeated contact", "time pressure")) for r in happy.reasons)


def test_low_rating_raises_churn() -> None:
    one_star, _ = one("Meh.", {"channel": "review_site", "rating": 1}, sentiment="negative")
    five_star, _ = one("Meh.", {"channel": "review_site", "rating": 5}, sentiment="negative")
    assert one_star.churn > five_star.churn
    assert "gave a low rating (1/5)" in one_star.reasons
    assert not any(r.startswith("gave a low rating") for r in five_star.reasons)
    two_star, _ = one("Meh.", {"channel": "review_site", "rating": "2"}, sentiment="negative")
    assert "gave a low rating (2/5)" in two_star.reasons
    assert one_star.churn > two_star.churn > five_star.churn
    seven_of_ten, _ = one("Meh.", {"channel": "survey", "rating": 7}, sentiment="negative")
    assert seven_of_ten.churn == five_star.churn, "above 5 the rating is read as a 0-10 score"


# -- bad metadata: warned about, ignored, never a crash ----------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "warning"),
    [
        ("followers", "lots", "metadata 'followers'='lots' is not a number; ignored"),
        ("likes", -5, "metadata 'likes'=-5 is negative; ignored"),
        ("views", math.nan, "metadata 'views'=nan is not a finite number; ignored"),
        ("shares", math.inf, "metadata 'shares'=inf is not a finite number; ignored"),
        ("followers", True, "metadata 'followers'=True is a yes/no value, not a number; ignored"),
        ("replies", [3, 4], "metadata 'replies'=[3, 4] is not a number; ignored"),
        ("followers", "nan", "metadata 'followers'='nan' is not a finite number; ignored"),
        ("rating", "five", "metadata 'rating'='five' is not a number; ignored"),
        ("rating", 42, "metadata 'rating'=42 is outside the 0-10 rating range; ignored"),
    ],
)
def test_bad_metadata_value_is_ignored_with_a_warning(key: str, value: Any, warning: str) -> None:
    base = {"channel": "twitter", "followers": 2000, "likes": 10, "shares": 3, "replies": 2}
    clean = {k: v for k, v in base.items() if k != key}
    text = "This is the worst service I have had."
    with_bad, notes = one(text, {**clean, key: value}, sentiment="negative", intensity=0.7)
    without, clean_notes = one(text, clean, sentiment="negative", intensity=0.7)
    assert warning in notes
    assert clean_notes == []
    assert with_bad == without


def test_number_strings_from_exports_are_read() -> None:
    from_int, _ = one("hello", {"channel": "twitter", "followers": 12400})
    for written in ("12,400", "12.4k", " 12400 "):
        risk, notes = one("hello", {"channel": "twitter", "followers": written})
        assert notes == []
        assert risk == from_int


def test_parse_count_refuses_what_is_not_a_count() -> None:
    assert parse_count("likes", "1.5M") == (1_500_000.0, None)
    assert parse_count("likes", None) == (None, None)
    assert parse_count("likes", "") == (None, None)
    for bad in ("ten", -1, False, math.nan, {"n": 1}):
        number, warning = parse_count("likes", bad)
        assert number is None and warning is not None and "'likes'" in warning


def test_unknown_channel_is_warned_and_treated_as_neutral() -> None:
    text = "Not happy with the repair."
    unknown, notes = one(text, {"channel": "carrier pigeon", "followers": 5000})
    absent, absent_notes = one(text, {"followers": 5000})
    assert any("'carrier pigeon'" in n and "not a known channel" in n for n in notes)
    assert absent_notes == []
    assert unknown.amplification == absent.amplification
    assert unknown.estimated_reach == 5000
    assert not any(r.startswith("public channel") for r in unknown.reasons)
    assert str(UNKNOWN_PUBLICNESS) in notes[0]


def test_non_text_channel_and_non_mapping_metadata_do_not_crash() -> None:
    stage = RiskStage()
    risk, notes = one("fine", {"channel": 7})
    assert risk.priority == "low"
    assert notes == ["metadata 'channel'=7 is not a channel name; ignored"]
    odd = Batch(
        {
            "texts": ["fine"],
            "ids": [None],
            "metadata": ["not a dict"],
            "intensity": [math.nan],
            "sentiment": [None],
            "emotions": [None],
        }
    )
    out = stage(odd)
    assert out["risk"][0].priority == "low"
    assert "is not a set of key/value pairs" in out["warnings"][0][0]


def test_channel_falls_back_to_kind() -> None:
    risk, notes = one("hello", {"kind": "social_post", "followers": 5000})
    assert notes == []
    assert "public channel (social_post)" in risk.reasons


# -- monotonicity and shape ---------------------------------------------------------------------


def test_more_followers_never_lowers_amplification_or_reach() -> None:
    counts = [0, 5, 99, 100, 101, 999, 10_000, 123_456, 10**6, 10**9]
    risks = [angry("this is awful", {"channel": "twitter", "followers": n}) for n in counts]
    amps = [r.amplification for r in risks]
    reach = [r.estimated_reach for r in risks]
    assert amps == sorted(amps) and amps[-1] > amps[0]
    assert reach == sorted(reach) and reach[-1] > reach[0]


@pytest.mark.parametrize("key", ["likes", "shares", "replies", "views"])
def test_more_engagement_never_lowers_amplification(key: str) -> None:
    values = [0, 1, 10, 11, 500, 10**5, 10**8]
    amps = [angry("this is awful", {"channel": "facebook", key: v}).amplification for v in values]
    assert amps == sorted(amps) and amps[-1] > amps[0]


def test_stronger_negative_emotion_never_lowers_amplification_or_urgency() -> None:
    levels = [0.0, 0.2, 0.5, 0.8, 1.0]
    risks = [
        one(
            "this is awful",
            {"channel": "twitter"},
            intensity=x,
            sentiment="negative",
            emotions=LabelScores(labels=["anger"], scores={"anger": x, "fear": x}),
        )[0]
        for x in levels
    ]
    for attr in ("amplification", "urgency"):
        values = [getattr(r, attr) for r in risks]
        assert values == sorted(values) and values[-1] > values[0]


def test_scores_are_rounded_and_in_range() -> None:
    texts = [
        "I'm posting this everywhere, my lawyer will sue you, switching to a competitor, gas leak!!",
        "ok",
        "Third time asking, urgent, my baby has no heating and I'm cancelling my account",
    ]
    out = run(
        texts,
        [
            {"channel": "twitter", "followers": 10**12, "likes": 10**12, "shares": 10**12},
            {},
            {"channel": "x"},
        ],
        [1.0, 0.0, 0.95],
        ["negative", "positive", "negative"],
        [ANGRY, HAPPY, ANGRY],
    )
    for risk in out["risk"]:
        for value in (risk.amplification, risk.urgency, risk.churn):
            assert 0.0 <= value <= 1.0
            assert round(value, 3) == value
        assert isinstance(risk.estimated_reach, int) and risk.estimated_reach >= 0
        assert risk.priority in {"low", "normal", "high", "urgent"}


# -- cue matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I WONT BE BACK", "says they will not buy again"),
        ("I won’t be back", "says they will not buy again"),
        ("I've cancelled my subscription", "says they are cancelling their account or subscription"),
        ("stil waiting for a reply", "repeated contact"),
        ("Contacted you 4 times already", "repeated contact"),
        ("I'm going to take you to court", "legal threat"),
        ("contacting trading standards", "mentions the press or a regulator"),
        ("I'm handing in my notice", "says they may leave the job"),
    ],
)
def test_cues_match_case_apostrophes_and_small_typos(text: str, reason: str) -> None:
    risk, _ = one(text, sentiment="negative", intensity=0.5)
    assert any(r.startswith(reason) for r in risk.reasons), risk.reasons


@pytest.mark.parametrize(
    "text", ["This is against the rules", "What a stillness", "No issue at all", "Sue was great"]
)
def test_cues_respect_word_boundaries(text: str) -> None:
    risk, _ = one(text, sentiment="negative", intensity=0.5)
    assert not any(r.startswith(("repeated contact", "legal threat")) for r in risk.reasons), risk.reasons


def test_custom_cues_replace_a_category() -> None:
    stage = RiskStage(cues={"legal": ["avocat"]})
    french, _ = one("Mon avocat vous contactera", stage=stage)
    english, _ = one("My lawyer will contact you", stage=stage)
    assert any(r.startswith("legal threat") for r in french.reasons)
    assert not any(r.startswith("legal threat") for r in english.reasons)


def test_custom_channel_mapping() -> None:
    stage = RiskStage(channels={"Intranet Board": 0.0, "Mastodon": 1.0})
    internal, notes = one("hello", {"channel": "intranet board", "followers": 10**6}, stage=stage)
    assert notes == []
    assert internal.estimated_reach == 0
    _, twitter_notes = one("hello", {"channel": "twitter"}, stage=stage)
    assert twitter_notes and "not a known channel" in twitter_notes[0]


def test_bad_options_fail_at_construction() -> None:
    with pytest.raises(ValueError, match="unknown cue categories"):
        RiskStage(cues={"lawyers": ["x"]})
    with pytest.raises(ValueError, match="from 0 to 1"):
        RiskStage(channels={"twitter": 2})
    with pytest.raises(ValueError, match="from 0 to 1"):
        RiskStage(unknown_publicness=-0.1)


# -- priority rule and the stage contract -------------------------------------------------------


def test_priority_rule() -> None:
    assert priority_for(0.9, 0.0, 0.0) == "urgent"
    assert priority_for(0.0, 0.9, 0.0) == "urgent"
    assert priority_for(0.0, 0.0, 0.99) == "high"
    assert priority_for(0.65, 0.0, 0.0) == "high"
    assert priority_for(0.0, 0.35, 0.0) == "normal"
    assert priority_for(0.1, 0.1, 0.1) == "low"
    assert priority_for(0.1, 0.1, 0.1, floor="urgent") == "urgent"
    assert priority_for(0.9, 0.0, 0.0, floor="high") == "urgent"


def test_warnings_column_is_extended_not_replaced() -> None:
    out = run(
        ["a", "b"],
        [{"followers": "lots"}, {}],
        warnings=[["language 'de' is not covered"], []],
    )
    assert out["warnings"][0] == [
        "language 'de' is not covered",
        "metadata 'followers'='lots' is not a number; ignored",
    ]
    assert out["warnings"][1] == []
    fresh = run(["a"], [{"likes": -1}])
    assert fresh["warnings"] == [["metadata 'likes'=-1 is negative; ignored"]]


def test_pipeline_refuses_risk_without_the_emotion_columns() -> None:
    with pytest.raises(PipelineError, match="risk"):
        Pipeline([RiskStage()])
    assert RiskStage.name == "risk"
    assert {"texts", "metadata", "intensity", "sentiment", "emotions"} <= RiskStage.requires
    assert {"risk", "warnings"} == RiskStage.provides


def test_empty_batch() -> None:
    out = run([], [])
    assert out["risk"] == [] and out["warnings"] == []


def test_hazard_in_a_thank_you_note_is_not_an_emergency() -> None:
    text = "Thank you to Gareth, who noticed our old socket was dangerous and replaced it."
    thanks, _ = one(text, sentiment="positive", emotions=HAPPY, intensity=0.9)
    worried, _ = one(text, sentiment="neutral")
    assert worried.priority == "urgent"
    assert thanks.priority != "urgent"
    assert 0 < thanks.urgency < worried.urgency
    assert any(r.startswith("safety hazard") for r in thanks.reasons)


def test_audience_is_a_reason_only_when_it_raised_the_score() -> None:
    small = angry("this is awful", {"channel": "twitter", "followers": 50})
    none = angry("this is awful", {"channel": "twitter"})
    middling = angry("this is awful", {"channel": "twitter", "followers": 1500})
    viewed = angry("this is awful", {"channel": "twitter", "followers": 200, "views": 40_000})
    assert small.amplification == none.amplification
    assert not any("followers" in r for r in small.reasons)
    assert middling.amplification > none.amplification
    assert "author has 1,500 followers" in middling.reasons
    assert "post has 40,000 views" in viewed.reasons


# -- negation and averted plans -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to post this anywhere, I just want it fixed",
        "I won't leave a review, don't worry",
        "I wont leave a bad review",
        "Thanks, no need to switch to another provider now.",
        "I was about to cancel my subscription but you sorted it",
        "I would never switch to another provider",
        "We almost took our business elsewhere",
        "I have no plans to cancel my account",
        "Please don’t worry, I am not sharing this",
    ],
)
def test_negated_or_averted_actions_raise_no_amplification_or_churn_cue(text: str) -> None:
    risk = angry(text)
    plain = angry("The order was late")  # same tone, no cue at all
    assert (risk.amplification, risk.churn) == (plain.amplification, plain.churn), risk.reasons
    assert not any(r.startswith("says they") or r.startswith("explicit threat") for r in risk.reasons)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("If I don't hear back by Friday I'll leave a review", "says they will leave a public review"),
        ("Nobody replied, so I'm switching to another provider", "says they are switching"),
        ("No reply so I'm cancelling my subscription", "says they are cancelling"),
        ("Not even one star", "says they will leave a public review"),
        ("I won't be back", "says they will not buy again"),
        ("I will never recommend you", "says they will warn other people"),
        ("I don't care anymore: I am posting this everywhere", "explicit threat to post publicly"),
    ],
)
def test_threats_with_a_negation_elsewhere_still_count(text: str, reason: str) -> None:
    risk = angry(text)
    assert any(r.startswith(reason) for r in risk.reasons), risk.reasons


def test_negation_does_not_hide_urgency_facts() -> None:
    risk = angry("I haven't heard back for weeks")
    assert any(r.startswith("repeated contact") for r in risk.reasons), risk.reasons


def test_negated_looks_only_at_its_own_clause_and_subject() -> None:
    text = "I did not like it. I am posting this"
    assert not negated(text, text.index("posting"))
    text = "I'm not posting this"
    assert negated(text, text.index("posting"))
    text = "You didn't answer and I'll post this"
    assert not negated(text, text.index("post"))
