"""A fake encoder that puts texts on three axes by their words, for few-shot heads and reason
stages tested without a model.

Each label's examples land on one axis (delivery -> x, billing -> y, staff -> z), so the expected
decision of every item follows from geometry, not from a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from empathica.domain import LabelScores
from empathica.pipeline.base import Batch
from empathica.pipeline.fewshot import FewShotHead
from empathica.taxonomy import Label

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
    """A batch as the emotion stage leaves it: embeddings, selected emotions and valence."""
    n = len(texts)
    meta = [{"person_kind": k} for k in kinds] if kinds else None
    b = Batch.of(texts, metadata=meta)
    return b.with_columns(
        embeddings=np.stack(embeddings),
        emotions=[LabelScores(labels=e, scores={}) for e in (emotions or [[] for _ in range(n)])],
        valence=valence or [-0.5] * n,
    )
