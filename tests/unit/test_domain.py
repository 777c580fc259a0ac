import json

from empathica.domain import Analysis, LabelScores, Redaction


def test_record_round_trips_through_json() -> None:
    analysis = Analysis(
        id="T-1", text="call [PHONE]", emotions=LabelScores(["anger"], {"anger": 0.8, "joy": 0.01}),
        ekman=LabelScores(["anger"], {"anger": 0.8}), sentiment="negative", valence=-0.7, intensity=0.8,
        language="en", redactions=[Redaction("phone", 5, 17, "[PHONE]")], warnings=["w"],
        metadata={"channel": "chat"}, model_version="m-1",
    )  # fmt: skip
    record = json.loads(json.dumps(analysis.to_record()))
    assert record["emotions"] == {"labels": ["anger"], "scores": {"anger": 0.8, "joy": 0.01}}
    assert Analysis.from_record(record) == analysis
