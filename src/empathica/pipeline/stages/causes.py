"""The "causes" stage: why the writer feels so, each cause quoted from the text, as a pain or a gain,
with the item's emotions it explains.

Labels come from a few-shot head (``empathica.pipeline.fewshot``) over the shared embedding.
Causes keep the best label even when none passes its threshold (``force_top``): the evaluation
guidelines give every item a cause. Employee items (``metadata["person_kind"] == "employee"``)
are scored against the employee cause taxonomy.

Polarity and the emotions a cause explains
------------------------------------------

A label with a fixed ``polarity`` in the YAML keeps it. Otherwise the evidence clause decides by
a small lexicon of positive and negative words (``empathica.pipeline.clauses.clause_polarity``);
a clause that says nothing either way takes the sign of the item's valence (gain above
``GAIN_VALENCE``). ``Cause.emotions`` lists the item's selected emotions that agree with the
cause: negative emotions explain pains, positive ones explain gains, and the ambiguous ones
(confusion, curiosity, surprise, realization) go with pains, because confusion about a bill or
a surprise charge is part of the complaint. ``neutral`` explains nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from empathica.domain import Cause, LabelScores
from empathica.pipeline.base import Batch
from empathica.pipeline.clauses import Clause, clause_polarity, split_clauses
from empathica.pipeline.fewshot import (
    FewShotHead,
    choose,
    feature_columns,
    finite_float,
    head_inputs,
    is_employee,
)

#: Negative, positive and ambiguous GoEmotions labels (the GoEmotions sentiment grouping).
NEGATIVE_EMOTIONS = frozenset(
    {
        "anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment",
        "fear", "grief", "nervousness", "remorse", "sadness",
    }
)  # fmt: skip
POSITIVE_EMOTIONS = frozenset(
    {
        "admiration", "amusement", "approval", "caring", "desire", "excitement", "gratitude",
        "joy", "love", "optimism", "pride", "relief",
    }
)  # fmt: skip
AMBIGUOUS_EMOTIONS = frozenset({"confusion", "curiosity", "realization", "surprise"})

#: Item valence above which a cause with no lexical polarity counts as a gain.
GAIN_VALENCE = 0.15
#: At most this many causes per item; chosen on the ``tune`` split of the evaluation set.
DEFAULT_MAX_LABELS = 4


def linked_emotions(selected: Sequence[str], polarity: str) -> list[str]:
    """The item's selected emotions that a cause of this polarity explains (order kept)."""
    if polarity == "gain":
        return [e for e in selected if e in POSITIVE_EMOTIONS]
    return [e for e in selected if e in NEGATIVE_EMOTIONS or e in AMBIGUOUS_EMOTIONS]


def _polarity(clause: Clause | None, valence: float) -> str:
    sign = clause_polarity(clause.text) if clause is not None else 0
    if sign == 0:
        sign = 1 if finite_float(valence) > GAIN_VALENCE else -1
    return "gain" if sign > 0 else "pain"


class CauseStage:
    """Adds ``causes``: a list of ``Cause`` per item (customer or employee taxonomy)."""

    name = "causes"
    requires = frozenset({"texts", "metadata", "embeddings", "emotions", "valence"})
    provides = frozenset({"causes"})

    def __init__(
        self,
        customer: FewShotHead,
        employee: FewShotHead | None = None,
        *,
        max_labels: int = DEFAULT_MAX_LABELS,
        force_top: bool = True,
    ) -> None:
        self.customer = customer
        self.employee = employee
        self.max_labels = max_labels
        self.force_top = force_top
        self.requires = CauseStage.requires | feature_columns(customer, employee)

    def _head_for(self, metadata: Mapping[str, Any] | None) -> FewShotHead:
        if self.employee is not None and self.employee.labels and is_employee(metadata):
            return self.employee
        return self.customer

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        out: list[list[Cause]] = [[] for _ in range(n)]
        if n == 0:
            return batch.with_columns(causes=out)
        texts: list[str] = batch["texts"]
        heads = [self._head_for(m) for m in batch["metadata"]]
        for head in {id(h): h for h in heads}.values():
            rows = [i for i in range(n) if heads[i] is head]
            if not head.labels or not rows:
                continue
            probs = head.scores(head_inputs(head, batch, rows), [texts[i] for i in rows])
            for r, i in enumerate(rows):
                out[i] = self._causes(head, probs[r], texts[i], batch["emotions"][i], batch["valence"][i])
        return batch.with_columns(causes=out)

    def _causes(
        self, head: FewShotHead, probs: np.ndarray, text: str, emotions: LabelScores | None, valence: float
    ) -> list[Cause]:
        clauses = split_clauses(text)
        selected = list(emotions.labels) if isinstance(emotions, LabelScores) else []
        causes = []
        for j, score in choose(probs, head, self.max_labels, self.force_top):
            label = head.labels[j]
            clause = head.evidence(j, clauses, text)
            polarity = label.polarity or _polarity(clause, valence)
            causes.append(
                Cause(
                    label=label.name,
                    score=round(score, 4),
                    evidence=clause.text if clause else "",
                    start=clause.start if clause else 0,
                    end=clause.end if clause else 0,
                    emotions=linked_emotions(selected, polarity),
                    polarity=polarity,
                )
            )
        return causes
