import json

from empathica.domain import Analysis, Cause, JourneyStage, LabelScores, Need, Redaction, Risk


def test_record_round_trips_through_json() -> None:
    analysis = Analysis(
        id="T-1", text="call [PHONE]", emotions=LabelScores(["anger"], {"anger": 0.8, "joy": 0.01}),
        ekman=LabelScores(["anger"], {"anger": 0.8}), sentiment="negative", valence=-0.7, intensity=0.8,
        language="en", redactions=[Redaction("phone", 5, 17, "[PHONE]")], warnings=["w"],
        metadata={"channel": "chat"}, model_version="m-1",
        causes=[Cause("wait_time", 0.8, "on hold for an hour", 10, 29, ["anger"])],
        needs=[Need("fast_resolution", 0.7, "fix it today", 30, 42)],
        stage=JourneyStage("during", 0.6, "on hold"), risk=Risk(0.4, 1200, 0.7, 0.5, "high", ["public"]),
    )  # fmt: skip
    record = json.loads(json.dumps(analysis.to_record()))
    assert record["emotions"] == {"labels": ["anger"], "scores": {"anger": 0.8, "joy": 0.01}}
    assert Analysis.from_record(record) == analysis


def test_a_query_key_is_hashable_and_tells_queries_apart() -> None:
    from empathica.domain import FeedbackQuery

    plain = FeedbackQuery(channel="email")
    pro = FeedbackQuery(channel="email", metadata={"plan": "pro", "region": "north"})
    same = FeedbackQuery(channel="email", metadata={"region": "north", "plan": "pro"})
    kept = {plain.key(): "plain", pro.key(): "pro"}
    assert kept[same.key()] == "pro" and kept[FeedbackQuery(channel="email").key()] == "plain"
    assert FeedbackQuery(channel="chat").key() not in kept
