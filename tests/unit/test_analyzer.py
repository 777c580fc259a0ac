import pytest

from empathica.domain import LabelScores
from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Batch, Pipeline, PipelineError
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.redact import RedactStage


class LengthEmotion:
    """Hand-made 'model': long texts are angry, short ones neutral, so results are checkable."""

    name = "emotion"
    requires = frozenset({"texts"})
    provides = frozenset({"emotions", "ekman", "sentiment", "valence", "intensity"})

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, batch: Batch) -> Batch:
        self.calls.append(len(batch))
        angry = [len(t) > 20 for t in batch["texts"]]
        label = ["anger" if a else "neutral" for a in angry]
        return batch.with_columns(
            emotions=[LabelScores([lab], {lab: 0.9}) for lab in label],
            ekman=[LabelScores([lab], {lab: 0.9}) for lab in label],
            sentiment=["negative" if a else "neutral" for a in angry],
            valence=[-0.8 if a else 0.0 for a in angry],
            intensity=[0.9 if a else 0.1 for a in angry],
        )


def build(chunk: int) -> tuple[Analyzer, LengthEmotion]:
    emotion = LengthEmotion()
    stages = [RedactStage(), LanguageStage(classify=lambda t: ("en", 1.0)), emotion]
    return Analyzer(Pipeline(stages), model_version="test-1", chunk_size=chunk), emotion


def test_records_follow_input_order_across_chunks() -> None:
    analyzer, emotion = build(chunk=2)
    texts = ["ok", "this is a long and angry complaint", "fine", "write to me at a@b.io please, now!!"]
    results = analyzer.analyze(texts, ids=["a", "b", "c", "d"], metadata=[{"n": i} for i in range(4)])
    assert emotion.calls == [2, 2]
    assert [r.id for r in results] == ["a", "b", "c", "d"]
    assert [r.sentiment for r in results] == ["neutral", "negative", "neutral", "negative"]
    assert results[3].text == "write to me at [EMAIL] please, now!!"
    assert results[3].redactions[0].kind == "email"
    assert [r.metadata["n"] for r in results] == [0, 1, 2, 3]
    assert {r.model_version for r in results} == {"test-1"}
    assert results[1].to_record()["ekman"] == {"labels": ["anger"], "scores": {"anger": 0.9}}


def test_mismatched_ids_are_refused() -> None:
    analyzer, _ = build(chunk=8)
    with pytest.raises(ValueError, match="2 ids for 1 texts"):
        analyzer.analyze(["x"], ids=["a", "b"])


def test_pipeline_without_emotion_columns_is_refused() -> None:
    with pytest.raises(PipelineError, match="does not provide"):
        Analyzer(Pipeline([RedactStage()]), model_version="x")
