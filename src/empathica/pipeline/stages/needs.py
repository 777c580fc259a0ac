"""The "needs" stage: what the writer needs now (an explanation, a fix, respect ...), quoted from
the text. Labels come from a few-shot head (``empathica.pipeline.fewshot``) that also reads the
encoder's emotion features, since a need is as much tone as topic. Unlike causes, an item may
have no need at all.
"""

from __future__ import annotations

from empathica.domain import Need
from empathica.pipeline.base import Batch
from empathica.pipeline.clauses import split_clauses
from empathica.pipeline.fewshot import FewShotHead, choose, feature_columns, finite_float, head_inputs


class NeedStage:
    """Adds ``needs``: a list of ``Need`` per item (possibly empty: praise needs nothing).

    An item whose valence reaches ``praise_valence`` reads as praise and gets no need: the
    labelling guidelines leave pure praise without one, and on the tune split this gate
    removed more wrong needs than right ones (0.6 chosen there; ``None`` switches it off).
    """

    name = "needs"
    requires = frozenset({"texts", "embeddings", "valence"})
    provides = frozenset({"needs"})

    def __init__(self, head: FewShotHead, *, max_labels: int = 3, praise_valence: float | None = 0.6) -> None:
        self.head = head
        self.max_labels = max_labels
        self.praise_valence = praise_valence
        self.requires = NeedStage.requires | feature_columns(head)

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        out: list[list[Need]] = [[] for _ in range(n)]
        if n == 0 or not self.head.labels:
            return batch.with_columns(needs=out)
        texts: list[str] = batch["texts"]
        probs = self.head.scores(head_inputs(self.head, batch), texts)
        valence = batch["valence"]
        for i in range(n):
            if self.praise_valence is not None and finite_float(valence[i]) >= self.praise_valence:
                continue
            clauses = split_clauses(texts[i])
            for j, score in choose(probs[i], self.head, self.max_labels, force_top=False):
                clause = self.head.evidence(j, clauses, texts[i])
                out[i].append(
                    Need(
                        label=self.head.labels[j].name,
                        score=round(score, 4),
                        evidence=clause.text if clause else "",
                        start=clause.start if clause else 0,
                        end=clause.end if clause else 0,
                    )
                )
        return batch.with_columns(needs=out)
