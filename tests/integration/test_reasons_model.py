"""Causes, needs and journey stage with the real bundled encoder on a small fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from empathica.domain import Cause, JourneyStage
from empathica.pipeline.base import Batch, Pipeline
from empathica.pipeline.models import bundled_model_dir
from empathica.pipeline.stages.emotion import load_model
from empathica.pipeline.stages.reasons import build_reason_stages

pytestmark = pytest.mark.model

LATE = "My parcel arrived two weeks late and nobody answered my emails"
PAY = "I have not had a pay rise in three years and the bonus was quietly dropped."
PRAISE = "Thank you so much, the agent on the chat was so patient and kind with me."


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    encode, emotion = load_model(bundled_model_dir(), threads=1)
    return Pipeline([encode, emotion, *build_reason_stages(encode.encoder)])


def run(pipeline: Pipeline, texts: list[str], kinds: list[str]) -> Batch:
    return pipeline(Batch.of(texts, metadata=[{"person_kind": k} for k in kinds]))


def assert_evidence_in_text(text: str, cause: Cause) -> None:
    assert cause.evidence
    assert text[cause.start : cause.end] == cause.evidence


def test_late_parcel_and_no_reply(pipeline: Pipeline) -> None:
    out = run(pipeline, [LATE], ["customer"])
    causes = {c.label: c for c in out["causes"][0]}
    assert {"delivery", "lack_of_interaction"} <= set(causes)
    for c in causes.values():
        assert_evidence_in_text(LATE, c)
        assert 0.0 <= c.score <= 1.0
    assert causes["delivery"].polarity == "pain"
    stage = out["journey_stage"][0]
    assert isinstance(stage, JourneyStage)
    assert stage.label == "after"


def test_employee_pay_comment(pipeline: Pipeline) -> None:
    out = run(pipeline, [PAY, PAY], ["employee", "customer"])
    employee = [c.label for c in out["causes"][0]]
    assert employee[0] == "pay_benefits"
    assert_evidence_in_text(PAY, out["causes"][0][0])
    assert out["journey_stage"][0] is None
    customer = {c.label for c in out["causes"][1]}
    assert "pay_benefits" not in customer


def test_praise_links_gain_to_positive_emotions(pipeline: Pipeline) -> None:
    out = run(pipeline, [PRAISE], ["customer"])
    causes = {c.label: c for c in out["causes"][0]}
    assert "staff_treatment" in causes
    staff = causes["staff_treatment"]
    assert staff.polarity == "gain"
    assert staff.emotions, "a thank-you should carry gratitude or another positive emotion"
    assert set(staff.emotions) <= set(out["emotions"][0].labels)
    assert out["needs"][0] == []


def test_custom_taxonomy_is_used_at_once(pipeline: Pipeline, tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(
        "causes:\n"
        "  - name: checkout\n"
        "    description: Paying for the basket on the website or app.\n"
        "    examples: ['the payment page froze when I pressed pay', 'card rejected at checkout',"
        " 'checkout was quick and simple']\n"
        "  - name: loyalty_scheme\n"
        "    description: Points, rewards and member offers.\n"
        "    examples: ['my points disappeared', 'the member discount was not applied',"
        " 'love the rewards card']\n",
        encoding="utf-8",
    )
    stages = build_reason_stages(pipeline.stages[0].encoder, [path])  # type: ignore[attr-defined]
    custom = Pipeline([*pipeline.stages[:2], *stages])
    out = custom(Batch.of(["I lost all my reward points after the update", "The pay button did nothing"]))
    assert out["causes"][0][0].label == "loyalty_scheme"
    assert out["causes"][1][0].label == "checkout"
