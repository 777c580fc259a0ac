"""The "journey_stage" stage: when it happened — before, during or after the purchase or contact.

The label is the best of the stage head's labels (``empathica.pipeline.fewshot``), which reads the
encoder's emotion features too, since tense and tone tell "when" as much as topic does. Employee
items get ``None``: the employee journey is not a purchase.
"""

from __future__ import annotations

from empathica.domain import JourneyStage
from empathica.pipeline.base import Batch
from empathica.pipeline.clauses import split_clauses
from empathica.pipeline.fewshot import FewShotHead, feature_columns, head_inputs, is_employee, pick_one


class JourneyStageStage:
    """Adds ``journey_stage``: a ``JourneyStage`` per customer item, ``None`` for employees.

    The score is the chosen stage's share of the summed stage probabilities, so it reads as
    "how sure among the stages" and three near-equal stages give about 0.33.
    """

    name = "journey_stage"
    requires = frozenset({"texts", "metadata", "embeddings"})
    provides = frozenset({"journey_stage"})

    def __init__(self, head: FewShotHead) -> None:
        self.head = head
        self.requires = JourneyStageStage.requires | feature_columns(head)

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        out: list[JourneyStage | None] = [None] * n
        rows = [i for i in range(n) if not is_employee(batch["metadata"][i])]
        if not rows or not self.head.labels:
            return batch.with_columns(journey_stage=out)
        texts: list[str] = batch["texts"]
        probs = self.head.scores(head_inputs(self.head, batch, rows), [texts[i] for i in rows])
        for r, i in enumerate(rows):
            row = probs[r]
            j = pick_one(row, self.head)
            total = float(row.sum()) or 1.0
            clause = self.head.evidence(j, split_clauses(texts[i]), texts[i])
            out[i] = JourneyStage(
                label=self.head.labels[j].name,
                score=round(float(row[j]) / total, 4),
                evidence=clause.text if clause else "",
            )
        return batch.with_columns(journey_stage=out)
