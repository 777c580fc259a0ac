"""The cause, need and journey-stage stages with hand-built 3-d embeddings (no model).

The fake encoder (``helpers.axes``) puts each label's examples on one axis (delivery -> x,
billing -> y, staff -> z), so the expected decision of every item follows from geometry.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from empathica.domain import Cause, JourneyStage, LabelScores, Need
from empathica.pipeline.base import Batch, Pipeline
from empathica.pipeline.fewshot import FewShotHead
from empathica.pipeline.stages.causes import CauseStage, linked_emotions
from empathica.pipeline.stages.journey import JourneyStageStage
from empathica.pipeline.stages.needs import NeedStage
from empathica.pipeline.stages.reasons import build_reason_stages
from empathica.taxonomy import Label, Taxonomy
from helpers.axes import CUSTOMER, EMPLOYEE, STAGES, FakeEncoder, X, Y, Z, batch, fake_embed, head, lab, unit

# --------------------------------------------------------------------------------------------


def test_the_nearest_prototype_wins_and_far_labels_stay_out() -> None:
    h = head(CUSTOMER, cue_weight=0.0)
    probs = h.scores(np.stack([X, Y, Z]), ["a", "b", "c"])
    assert list(probs.argmax(axis=1)) == [0, 1, 2]
    assert probs[0, 0] > 0.5 > probs[0, 1]
    out = CauseStage(h)(batch(["x"], [X]))
    assert [c.label for c in out["causes"][0]] == ["delivery"]


def test_an_item_between_two_prototypes_gets_both_causes() -> None:
    h = head(CUSTOMER, cue_weight=0.0)
    out = CauseStage(h)(batch(["the parcel was late and I was charged twice"], [unit(1, 1, 0)]))
    assert {c.label for c in out["causes"][0]} == {"delivery", "billing_payment"}


def test_label_thresholds_decide_and_force_top_keeps_the_best() -> None:
    strict = tuple(Label(lb.name, lb.description, lb.examples, threshold=0.999) for lb in CUSTOMER)
    h = head(strict, cue_weight=0.0)
    item = batch(["x"], [unit(1, 0.2, 0)])
    assert [c.label for c in CauseStage(h)(item)["causes"][0]] == ["delivery"]
    assert CauseStage(h, force_top=False)(item)["causes"][0] == []
    assert NeedStage(h)(item)["needs"][0] == []


def test_employees_are_scored_against_the_employee_taxonomy() -> None:
    stage = CauseStage(head(CUSTOMER), head(EMPLOYEE))
    out = stage(batch(["x", "x"], [Y, Y], kinds=["employee", "customer"]))
    assert [c.label for c in out["causes"][0]] == ["pay_benefits"]
    assert [c.label for c in out["causes"][1]] == ["billing_payment"]


def test_evidence_is_the_clause_that_carries_the_cause_with_exact_offsets() -> None:
    text = "Hello there. The courier left my parcel in the rain, but the agent was rude to me!"
    out = CauseStage(head(CUSTOMER))(batch([text], [unit(1, 0, 1)]))
    causes = {c.label: c for c in out["causes"][0]}
    assert set(causes) == {"delivery", "staff_treatment"}
    for c in causes.values():
        assert text[c.start : c.end] == c.evidence
    assert causes["delivery"].evidence == "The courier left my parcel in the rain"
    assert causes["staff_treatment"].evidence == "but the agent was rude to me!"


def test_needs_carry_evidence_and_may_be_empty() -> None:
    needs = head((lab("fairness", "charged invoice"), lab("respect", "rude agent")))
    text = "Fine overall. I was charged twice on one invoice."
    out = NeedStage(needs)(batch([text, "ok"], [Y, unit(1, 0, 0)]))
    first = out["needs"][0]
    assert [n.label for n in first] == ["fairness"]
    assert isinstance(first[0], Need)
    assert text[first[0].start : first[0].end] == first[0].evidence == "I was charged twice on one invoice."
    assert out["needs"][1] == []


def test_praise_gets_no_need() -> None:
    needs = head((lab("fairness", "charged invoice"), lab("respect", "rude agent")))
    item = ["I was charged twice on one invoice."]
    assert NeedStage(needs)(batch(item, [Y], valence=[0.9]))["needs"][0] == []
    assert NeedStage(needs)(batch(item, [Y], valence=[0.1]))["needs"][0] != []
    assert NeedStage(needs, praise_valence=None)(batch(item, [Y], valence=[0.9]))["needs"][0] != []


def test_causes_are_linked_to_the_emotions_of_their_polarity() -> None:
    h = head(CUSTOMER)
    text = "The courier was brilliant and early. I was charged twice, which is ridiculous."
    out = CauseStage(h)(
        batch(
            [text], [unit(1, 1, 0)], emotions=[["anger", "gratitude", "confusion", "neutral"]], valence=[0.0]
        )
    )
    causes = {c.label: c for c in out["causes"][0]}
    assert causes["delivery"].polarity == "gain"
    assert causes["delivery"].emotions == ["gratitude"]
    assert causes["billing_payment"].polarity == "pain"
    assert causes["billing_payment"].emotions == ["anger", "confusion"]


def test_polarity_falls_back_to_valence_and_respects_a_fixed_polarity() -> None:
    fixed = (Label("delivery", "d", ("parcel",), polarity="pain"), *CUSTOMER[1:])
    neutral_text = "The parcel came on Tuesday."
    positive = CauseStage(head(CUSTOMER))(batch([neutral_text], [X], valence=[0.8]))
    negative = CauseStage(head(CUSTOMER))(batch([neutral_text], [X], valence=[-0.8]))
    pinned = CauseStage(head(fixed))(batch(["The parcel was lovely"], [X], valence=[0.9]))
    assert positive["causes"][0][0].polarity == "gain"
    assert negative["causes"][0][0].polarity == "pain"
    assert pinned["causes"][0][0].polarity == "pain"


def test_journey_stage_for_customers_and_none_for_employees() -> None:
    stage = JourneyStageStage(head(STAGES))
    text = "My parcel never came."
    out = stage(batch([text, text], [X, X], kinds=["customer", "employee"]))
    first = out["journey_stage"][0]
    assert isinstance(first, JourneyStage)
    assert first.label == "after"
    assert 1 / 3 < first.score <= 1.0
    assert first.evidence == text
    assert out["journey_stage"][1] is None


def test_empty_batches_and_empty_sections_are_fine() -> None:
    empty = batch(["x"], [X])
    none = FewShotHead.fit((), fake_embed)
    assert CauseStage(none)(empty)["causes"] == [[]]
    assert NeedStage(none)(empty)["needs"] == [[]]
    assert JourneyStageStage(none)(empty)["journey_stage"] == [None]
    zero = Batch.of([]).with_columns(embeddings=np.zeros((0, 3)), emotions=[], valence=[])
    assert CauseStage(head(CUSTOMER))(zero)["causes"] == []


def test_linked_emotions_rule() -> None:
    chosen = ["joy", "annoyance", "surprise", "neutral"]
    assert linked_emotions(chosen, "pain") == ["annoyance", "surprise"]
    assert linked_emotions(chosen, "gain") == ["joy"]


def test_build_reason_stages_from_a_custom_file_encodes_examples_once(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "causes:\n"
        "  - {name: shipping, description: the parcel, examples: ['parcel late', 'courier lost it']}\n"
        "  - {name: money, description: the invoice, examples: ['charged twice', 'wrong invoice']}\n",
        encoding="utf-8",
    )
    encoder = FakeEncoder()
    stages = build_reason_stages(encoder, [path])
    assert encoder.calls == 1
    assert [s.name for s in stages] == ["causes", "needs", "journey_stage"]
    emotion_columns = _Provides(frozenset({"embeddings", "emotions", "valence"}))
    pipeline = Pipeline([emotion_columns, *stages])
    out = pipeline(Batch.of(["the courier lost my parcel"]))
    assert [c.label for c in out["causes"][0]] == ["shipping"]
    assert isinstance(out["causes"][0][0], Cause)


def test_build_from_a_taxonomy_object() -> None:
    tax = Taxonomy(causes=CUSTOMER, employee_causes=EMPLOYEE, needs=CUSTOMER, stages=STAGES)
    stages = build_reason_stages(FakeEncoder(), taxonomy=tax)
    out = stages[2](stages[1](stages[0](batch(["rude agent"], [Z]))))
    assert out["causes"][0][0].label == "staff_treatment"
    assert out["journey_stage"][0].label == "during"


class _Provides:
    """A stand-in for the encode and emotion stages: fills their columns from the fake encoder."""

    name = "front"
    requires = frozenset({"texts"})

    def __init__(self, provides: frozenset[str]) -> None:
        self.provides = provides

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        return batch.with_columns(
            embeddings=fake_embed(batch["texts"]),
            emotions=[LabelScores(labels=[], scores={}) for _ in range(n)],
            valence=[0.0] * n,
        )


def test_a_head_with_features_needs_the_features_column() -> None:
    labels = (lab("before", "invoice"), lab("after", "parcel"))
    h = FewShotHead.fit(labels, lambda t: np.hstack([fake_embed(t), fake_embed(t)]), feature_mix=0.5)
    stage = JourneyStageStage(h)
    assert "features" in stage.requires and "features" not in JourneyStageStage(head(labels)).requires
    b = batch(["the parcel", "the invoice"], [X, Y]).with_columns(features=np.stack([X, Y]))
    out = stage(b)
    assert [s.label for s in out["journey_stage"]] == ["after", "before"]


#: A third label spread over all axes, marked as the "everything else" label.
WITH_OTHER = (
    lab("delivery", "parcel courier"),
    lab("billing_payment", "charged invoice"),
    lab("other", "rude agent", fallback=True),
)


def test_a_fallback_label_comes_only_when_no_other_label_passes() -> None:
    h = head(WITH_OTHER, cue_weight=0.0)
    probs = h.scores(np.stack([unit(1, 0, 1), Z]), ["a", "b"])
    assert probs[0, 2] >= h.plans[2].threshold  # "other" passes on its own score ...
    out = CauseStage(h)(batch(["a", "b"], [unit(1, 0, 1), Z]))
    assert [c.label for c in out["causes"][0]] == ["delivery"]  # ... but never beside a real topic
    assert [c.label for c in out["causes"][1]] == ["other"]


def test_a_fallback_label_takes_items_nothing_else_claims_whatever_its_score() -> None:
    strict = tuple(
        Label(lb.name, lb.description, lb.examples, threshold=0.999, fallback=lb.fallback)
        for lb in WITH_OTHER
    )
    h = head(strict, cue_weight=0.0)
    item = batch(["the parcel"], [X])
    assert h.scores(np.stack([X]), ["a"])[0, 2] < 0.5
    assert [c.label for c in CauseStage(h)(item)["causes"][0]] == ["other"]
    assert [c.label for c in CauseStage(h, force_top=False)(item)["causes"][0]] == ["other"]
    assert [n.label for n in NeedStage(h)(item)["needs"][0]] == ["other"]
    plain = head(tuple(Label(lb.name, lb.description, lb.examples, threshold=0.999) for lb in WITH_OTHER))
    assert [c.label for c in CauseStage(plain)(item)["causes"][0]] == ["delivery"]  # force_top without one


def test_journey_stage_with_a_fallback_label() -> None:
    stages = (lab("before", "invoice"), lab("after", "parcel"), lab("unclear", "agent", fallback=True))
    h = head(stages, cue_weight=0.0)
    out = JourneyStageStage(h)(batch(["a", "b"], [unit(0.2, 0, 1), unit(1, 0, 0.6)]))
    assert out["journey_stage"][0].label == "unclear"
    assert out["journey_stage"][1].label == "after"
    strict = head(
        tuple(
            Label(lb.name, lb.description, lb.examples, threshold=0.999, fallback=lb.fallback)
            for lb in stages
        ),
        cue_weight=0.0,
    )
    assert JourneyStageStage(strict)(batch(["c"], [X]))["journey_stage"][0].label == "unclear"
