"""Logic of the cause, need and journey-stage stages with hand-built 3-d embeddings (no model).

Each label's examples are embedded by a fake encoder onto one axis (delivery -> x, billing -> y,
staff -> z), so the expected decision of every item follows from geometry, not from a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from empathica.domain import Cause, JourneyStage, LabelScores, Need
from empathica.pipeline.base import Batch, Pipeline
from empathica.pipeline.stages.reasons import (
    CauseStage,
    FewShotHead,
    JourneyStageStage,
    NeedStage,
    build_reason_stages,
    clause_polarity,
    default_threshold_for,
    linked_emotions,
    split_clauses,
)
from empathica.taxonomy import Label, Taxonomy

X, Y, Z = np.eye(3, dtype=np.float32)


def unit(*v: float) -> np.ndarray:
    a = np.array(v, dtype=np.float32)
    return a / np.linalg.norm(a)


#: Which axis each example text lands on: the fake encoder looks for these words.
AXES = {"parcel": X, "courier": X, "charged": Y, "invoice": Y, "rude": Z, "agent": Z}


def fake_embed(texts: Sequence[str]) -> np.ndarray:
    rows = []
    for t in texts:
        v = sum((axis for word, axis in AXES.items() if word in t.lower()), np.zeros(3, dtype=np.float32))
        rows.append(v / np.linalg.norm(v) if np.linalg.norm(v) else unit(1, 1, 1))
    return np.stack(rows)


@dataclass
class FakeOutput:
    embeddings: np.ndarray


class FakeEncoder:
    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> FakeOutput:
        self.calls += 1
        return FakeOutput(fake_embed(texts))


def lab(name: str, words: str, **kw: object) -> Label:
    examples = tuple(f"the {w} thing number {i}" for i in range(4) for w in words.split())
    return Label(name, f"about the {words}", examples, **kw)  # type: ignore[arg-type]


CUSTOMER = (
    lab("delivery", "parcel courier", cues=("tracking number",)),
    lab("billing_payment", "charged invoice"),
    lab("staff_treatment", "rude agent"),
)
EMPLOYEE = (lab("pay_benefits", "charged invoice"), lab("management", "rude agent"))
STAGES = (lab("before", "invoice"), lab("during", "agent"), lab("after", "parcel"))


def head(labels: Sequence[Label], **kw: object) -> FewShotHead:
    return FewShotHead.fit(labels, lambda t: fake_embed(t), **kw)  # type: ignore[arg-type]


def batch(
    texts: list[str],
    embeddings: list[np.ndarray],
    *,
    kinds: list[str] | None = None,
    emotions: list[list[str]] | None = None,
    valence: list[float] | None = None,
) -> Batch:
    n = len(texts)
    meta = [{"person_kind": k} for k in kinds] if kinds else None
    b = Batch.of(texts, metadata=meta)
    return b.with_columns(
        embeddings=np.stack(embeddings),
        emotions=[LabelScores(labels=e, scores={}) for e in (emotions or [[] for _ in range(n)])],
        valence=valence or [-0.5] * n,
    )


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


def test_default_threshold_shrinks_with_the_number_of_labels() -> None:
    assert default_threshold_for(1) == 0.5
    assert default_threshold_for(4) == 0.5
    assert default_threshold_for(8) == pytest.approx(0.25)
    assert head(CUSTOMER).plans[0].threshold == pytest.approx(0.5)
    assert head(CUSTOMER, default_threshold=0.3).plans[0].threshold == pytest.approx(0.3)


def test_a_cue_phrase_raises_a_label_the_embedding_alone_would_miss() -> None:
    text = "where is my tracking number"
    emb = np.stack([unit(1, 1, 1)])  # equally far from every prototype
    without = head(CUSTOMER, cue_weight=0.0).scores(emb, [text])[0]
    with_cue = head(CUSTOMER, cue_weight=2.5).scores(emb, [text])[0]
    assert with_cue[0] > 0.5 > without[0]
    assert with_cue[1] == pytest.approx(without[1])  # labels without that cue are unchanged


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


def test_single_label_taxonomy_uses_similarity() -> None:
    only = head((lab("delivery", "parcel courier"),))
    probs = only.scores(np.stack([X, Z]), ["a", "b"])
    assert probs[0, 0] > 0.5 > probs[1, 0]


def test_empty_batches_and_empty_sections_are_fine() -> None:
    empty = batch(["x"], [X])
    none = FewShotHead.fit((), fake_embed)
    assert CauseStage(none)(empty)["causes"] == [[]]
    assert NeedStage(none)(empty)["needs"] == [[]]
    assert JourneyStageStage(none)(empty)["journey_stage"] == [None]
    zero = Batch.of([]).with_columns(embeddings=np.zeros((0, 3)), emotions=[], valence=[])
    assert CauseStage(head(CUSTOMER))(zero)["causes"] == []


def test_split_clauses_keeps_offsets() -> None:
    text = "  First bit; second bit - third bit.\nFourth, but fifth!  "
    clauses = split_clauses(text)
    assert [c.text for c in clauses] == ["First bit;", "second bit", "third bit.", "Fourth", "but fifth!"]
    for c in clauses:
        assert text[c.start : c.end] == c.text
    assert split_clauses("   ") == []
    late = split_clauses("It came late and nobody told me")
    assert [c.text for c in late] == ["It came late", "and nobody told me"]


def test_clause_polarity_reads_negation() -> None:
    assert clause_polarity("the agent was great") == 1
    assert clause_polarity("the agent was not helpful") == -1
    assert clause_polarity("the parcel came on Tuesday") == 0
    assert clause_polarity("is it worth it?") == 0


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


def test_the_description_weighs_more_than_one_example() -> None:
    # "about the parcel courier" (x axis) is the description; one stray example of each label
    # points at the other label's axis. With the description counting once, the two labels
    # would be symmetric; weighted, each stays on its description's side.
    labels = (
        Label("delivery", "the parcel courier", ("the rude agent",)),
        Label("staff", "the rude agent", ("the parcel courier",)),
    )
    h = head(labels)
    probs = h.scores(np.stack([X, Z]), ["", ""])
    assert probs[0, 0] > probs[0, 1] and probs[1, 1] > probs[1, 0]


def test_mix_inputs_joins_unit_features_at_a_fixed_share() -> None:
    from empathica.pipeline.stages.reasons import mix_inputs

    e = np.array([[1.0, 0.0]], dtype=np.float32)
    f = np.array([[0.0, 30.0]], dtype=np.float32)  # raw feature scale does not matter
    mixed = mix_inputs(e, f, 0.5)
    assert mixed.shape == (1, 4)
    assert np.allclose(mixed, np.array([[1.0, 0.0, 0.0, 0.5]]) / np.sqrt(1.25))


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
