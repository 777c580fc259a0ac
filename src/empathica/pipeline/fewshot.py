"""Few-shot heads: a taxonomy's labels classified over the shared sentence embedding.

How a label is scored
---------------------

Each taxonomy label (see ``empathica.taxonomy``) brings a description and a handful of example
phrases. When the reason stages are built, those texts are embedded once with the same encoder
the pipeline uses, and a small one-vs-rest logistic head is fitted on them (every example is a
positive for its own label and a negative for the others; the description counts as
``DESCRIPTION_WEIGHT`` examples, because it is the one text written to define the label while each
example is an instance that also carries other topics: on SemEval-2014 dev this moved
category micro-F1 from 0.782 to 0.794 and on the eval set's tune split stage macro-F1 from 0.713
to 0.739). Needs and journey stage also read the encoder's emotion-branch ``features`` joined to
the embedding (``FEATURE_MIX``): "please explain" and "I'm scared" differ more in tone than in
topic; on the tune split that raised stage macro-F1 to 0.744 and needs slightly. Fitting takes
milliseconds, which is what lets a user hand in a new YAML file and get its labels classified at
once, without a training run. A taxonomy with a single label has no
negatives to learn from; its score is then the cosine similarity to the nearest example mapped
through a fixed logistic curve.

Optional ``cues`` (phrases) of a label add ``cue_weight`` to the head's logit for each distinct cue
found in the text (at most two count): the sentence embedding of a long text blurs its topics,
and a word like "refund" or "on hold" is strong evidence that survives the blur.

Decisions
---------

A label is kept when its score reaches the label's ``threshold`` (from the YAML; when absent,
``min(0.5, 2 / number of labels)``, because one-vs-rest scores shrink as a taxonomy grows: one
positive example set against many negative ones), at most ``max_labels`` per item, best first
(``choose``).

A label marked ``fallback: true`` (at most one per section) is the "everything else" label, such
as SemEval's "anecdotes/miscellaneous" or a user's "other": it stays among the head's negatives
while fitting, but at decision time it is kept exactly when no other label passes its threshold,
whatever its own score. Why: such a label is defined by the absence of the others, so its
examples share no topic, a head learns it badly, and scored like the rest it fires beside real
topics ("the food was great" read as general praise too). Choosing the rule by cross-validation
on SemEval-2014 *training* sentences (10 drawn examples per category, scored on the remaining
training sentences, five draws) moved category micro-F1 from 0.727 to 0.775; nearest-example or
prototype scores added to the head, per-label thresholds from leave-one-out over the examples,
a relative margin to the best label, the emotion branch and scoring clauses separately did not
help there (see BENCHMARKS.md).

The evidence of a chosen label is the clause (see ``empathica.pipeline.clauses``) with the most
cue hits; ties and clauses without cues fall back to word overlap with the label's examples and
description.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from empathica.pipeline.base import Batch
from empathica.pipeline.clauses import Clause, CuePhrases, clause_words, content_stems, cue_hits
from empathica.pipeline.prescan import GateSet, word_starts
from empathica.taxonomy import Label, Taxonomy

#: Default weight of one cue phrase in logit units; chosen on the ``tune`` split of the evaluation set.
DEFAULT_CUE_WEIGHT = 2.5
#: Logistic head fitting: inputs are scaled so unit vectors give usable logits; L2 keeps ten
#: examples from being memorised.
FIT_SCALE = 5.0
FIT_L2 = 3.0
FIT_STEPS = 400
FIT_RATE = 0.5
#: Weight of a label's description among its examples: it is the one text written to define the
#: label, where examples are instances that also carry other topics.
DESCRIPTION_WEIGHT = 3.0
#: How much of the encoder's emotion-branch ``features`` joins the topical embedding, per section.
#: Needs and journey stage depend on tone and tense as much as on topic; causes are topics.
FEATURE_MIX: dict[str, float] = {"causes": 0.0, "employee_causes": 0.0, "needs": 0.5, "stages": 0.5}


class _Embeddings(Protocol):
    @property
    def embeddings(self) -> np.ndarray: ...


class TextEncoder(Protocol):
    """What fitting needs: ``empathica.pipeline.encoder.Encoder`` fits."""

    def encode(self, texts: Sequence[str], batch_size: int = ...) -> _Embeddings: ...


def default_threshold_for(n_labels: int) -> float:
    """Threshold for a label whose YAML gives none (chosen on the eval set's ``tune`` split)."""
    return min(0.5, 2.0 / max(1, n_labels))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))
    return out


@dataclass(frozen=True, slots=True)
class LabelPlan:
    """A label with what the stages need to decide and quote it, prepared once at build time."""

    label: Label
    threshold: float
    cues: CuePhrases
    vocabulary: frozenset[str]


class FewShotHead:
    """One-vs-rest logistic head fitted on the embeddings of a taxonomy's examples."""

    def __init__(
        self,
        labels: Sequence[Label],
        weights: np.ndarray,
        bias: np.ndarray,
        prototypes: np.ndarray,
        *,
        default_threshold: float | None = None,
        cue_weight: float = DEFAULT_CUE_WEIGHT,
        feature_mix: float = 0.0,
    ) -> None:
        self.labels = tuple(labels)
        self.weights = weights  # [d, L]
        self.bias = bias  # [L]
        self.prototypes = prototypes  # [m, d] example inputs, for the single-label case
        self.cue_weight = cue_weight
        self.feature_mix = feature_mix
        fallback = default_threshold if default_threshold is not None else default_threshold_for(len(labels))
        self.plans = tuple(
            LabelPlan(
                lb,
                lb.threshold if lb.threshold is not None else fallback,
                CuePhrases.of(lb.cues),
                frozenset(set().union(*(content_stems(t) for t in (lb.description, *lb.examples, *lb.cues)))),
            )
            for lb in self.labels
        )
        self._gates = GateSet([p.cues.gate for p in self.plans])

    @property
    def names(self) -> list[str]:
        return [lb.name for lb in self.labels]

    def inputs(self, embeddings: np.ndarray, features: np.ndarray | None = None) -> np.ndarray:
        """What the head reads: the embedding, or with ``feature_mix`` the unit-length join of the
        embedding and the scaled unit-length emotion-branch features (see ``mix_inputs``)."""
        if not self.feature_mix or features is None:
            return embeddings
        return mix_inputs(embeddings, features, self.feature_mix)

    @classmethod
    def fit(
        cls,
        labels: Sequence[Label],
        embed: Callable[[list[str]], np.ndarray],
        *,
        default_threshold: float | None = None,
        cue_weight: float = DEFAULT_CUE_WEIGHT,
        feature_mix: float = 0.0,
    ) -> FewShotHead:
        """Embeds every example and description in one call and fits the head on them.

        ``embed`` returns the head's inputs (already mixed with features when ``feature_mix``
        is set, as ``fit_heads`` does). The description counts ``DESCRIPTION_WEIGHT`` times.
        """
        texts: list[str] = []
        owner: list[int] = []
        weight: list[float] = []
        for j, lb in enumerate(labels):
            for k, t in enumerate((lb.description, *lb.examples)):
                texts.append(t)
                owner.append(j)
                weight.append(DESCRIPTION_WEIGHT if k == 0 else 1.0)
        x = np.asarray(embed(texts), dtype=np.float64) if texts else np.zeros((0, 0))
        n_labels = len(labels)
        dim = x.shape[1] if x.size else 0
        y = np.zeros((len(texts), n_labels))
        y[np.arange(len(texts)), owner] = 1.0
        weights, bias = np.zeros((dim, n_labels)), np.zeros(n_labels)
        if n_labels >= 2:
            weights, bias = _fit_logistic(x * FIT_SCALE, y, np.asarray(weight))
        return cls(
            labels,
            weights,
            bias,
            x.astype(np.float32),
            default_threshold=default_threshold,
            cue_weight=cue_weight,
            feature_mix=feature_mix,
        )

    def logits(self, embeddings: np.ndarray) -> np.ndarray:
        """[n, L] logits from the embeddings alone."""
        e = np.asarray(embeddings, dtype=np.float64)
        if len(self.labels) == 1:
            sims = e @ self.prototypes.T.astype(np.float64)
            best = sims.max(axis=1, keepdims=True) if sims.size else np.zeros((len(e), 1))
            result: np.ndarray = 12.0 * (best - 0.45)
            return result
        out: np.ndarray = (e * FIT_SCALE) @ self.weights + self.bias
        return out

    def scores(self, embeddings: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """[n, L] probabilities: the head's logit plus ``cue_weight`` per distinct cue (two at most)."""
        if not self.labels:
            return np.zeros((len(texts), 0))
        logits = self.logits(embeddings)
        if self.cue_weight:
            hits = np.zeros(logits.shape)
            for i, text in enumerate(texts):
                for j in self._gates.admitted(word_starts(text)):
                    hits[i, j] = min(2, cue_hits(self.plans[j].cues.pattern, text))
            logits = logits + self.cue_weight * hits
        return _sigmoid(logits)

    def evidence(self, index: int, clauses: Sequence[Clause], text: str | None = None) -> Clause | None:
        """The clause that best shows label ``index``: most cue hits, then most shared words.

        ``text`` is the whole text the clauses were split from; given it, a label none of whose
        cues can be in the text skips scanning its clauses (the usual case).
        """
        if not clauses:
            return None
        plan = self.plans[index]
        may_hit = text is None or plan.cues.gate.admits(word_starts(text))
        best: tuple[float, int] | None = None
        chosen = clauses[0]
        for k, clause in enumerate(clauses):
            read = clause_words(clause.text)
            overlap = len(read.stems & plan.vocabulary)
            hits = plan.cues.hits(clause.text) if may_hit else 0
            key = (2.0 * hits + overlap / math.sqrt(1 + read.n_words), -k)
            if best is None or key > best:
                best, chosen = key, clause
        return chosen


def _fit_logistic(
    x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent; deterministic, a few milliseconds for a few hundred examples."""
    n, d = x.shape
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    total = float(sw.sum()) or 1.0
    w = np.zeros((d, y.shape[1]))
    b = np.zeros(y.shape[1])
    for _ in range(FIT_STEPS):
        p = _sigmoid(x @ w + b)
        g = (p - y) * sw[:, None]
        w -= FIT_RATE * (x.T @ g / total + FIT_L2 * w / total)
        b -= FIT_RATE * g.sum(axis=0) / total
    return w, b


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    out: np.ndarray = x / np.where(norms > 0, norms, 1.0)
    return out


def mix_inputs(embeddings: np.ndarray, features: np.ndarray, weight: float) -> np.ndarray:
    """Unit rows of ``[embedding, weight * unit(features)]``: the emotion branch's view of tone joins
    the topical embedding at a fixed share, whatever the raw feature scale."""
    e = np.asarray(embeddings, dtype=np.float32)
    f = _unit_rows(np.asarray(features, dtype=np.float32)) * weight
    return _unit_rows(np.hstack([e, f]))


# --------------------------------------------------------------------------------------------
# Decisions


def choose(probs: np.ndarray, head: FewShotHead, max_labels: int, force_top: bool) -> list[tuple[int, float]]:
    """Indices and scores of the labels kept for one item, best first.

    A ``fallback`` label never competes: it is the answer exactly when no other label passes
    (see the module notes), before ``force_top`` would pick the best of the rest.
    """
    order = sorted(range(len(probs)), key=lambda j: -probs[j])
    plans = head.plans
    kept = [
        (j, float(probs[j])) for j in order if not plans[j].label.fallback and probs[j] >= plans[j].threshold
    ][:max_labels]
    if kept:
        return kept
    fallback = [j for j in order if plans[j].label.fallback]
    if fallback:
        return [(fallback[0], float(probs[fallback[0]]))]
    if force_top and order:
        return [(order[0], float(probs[order[0]]))]
    return []


def pick_one(probs: np.ndarray, head: FewShotHead) -> int:
    """The single label of an item (journey stage): the best one, unless the section has a
    ``fallback`` label, which takes the item when no other label passes its threshold."""
    plans = head.plans
    if not any(p.label.fallback for p in plans):
        return int(np.argmax(probs))
    chosen = choose(probs, head, 1, force_top=True)
    return chosen[0][0]


# --------------------------------------------------------------------------------------------
# Reading a batch


def is_employee(metadata: Mapping[str, Any] | None) -> bool:
    """Whether an item's metadata names an employee writer (they get the employee taxonomy)."""
    if not isinstance(metadata, Mapping):
        return False
    return str(metadata.get("person_kind", "")).strip().lower() == "employee"


def finite_float(value: Any) -> float:
    """A batch value as a finite float; anything else (None, text, NaN) reads as 0."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return 0.0
    return out if math.isfinite(out) else 0.0


def _column(batch: Batch, column: str) -> np.ndarray:
    raw = batch[column]
    return raw if isinstance(raw, np.ndarray) else np.stack([np.asarray(v) for v in raw])


def head_inputs(head: FewShotHead, batch: Batch, rows: list[int] | None = None) -> np.ndarray:
    """The head's inputs for ``rows`` of the batch (all rows when None)."""
    emb = _column(batch, "embeddings")
    feats = _column(batch, "features") if head.feature_mix else None
    if rows is not None:
        emb = emb[rows]
        feats = feats[rows] if feats is not None else None
    return head.inputs(emb, feats)


def feature_columns(*heads: FewShotHead | None) -> frozenset[str]:
    """The extra batch columns these heads read: ``features`` when any of them mixes it in."""
    return frozenset({"features"}) if any(h is not None and h.feature_mix for h in heads) else frozenset()


# --------------------------------------------------------------------------------------------
# Fitting a taxonomy


@dataclass(frozen=True, slots=True)
class ReasonHeads:
    """The fitted heads of one taxonomy (what the stages and the benchmark share)."""

    causes: FewShotHead
    employee_causes: FewShotHead
    needs: FewShotHead
    stages: FewShotHead


def fit_heads(
    encoder: TextEncoder,
    taxonomy: Taxonomy,
    *,
    cue_weight: float = DEFAULT_CUE_WEIGHT,
    default_threshold: float | None = None,
    feature_mix: Mapping[str, float] | None = None,
) -> ReasonHeads:
    """Embeds the examples of every section in one encoder call and fits one head per section.

    ``feature_mix`` (section -> weight, default ``FEATURE_MIX``) joins the encoder's ``features``
    to the embedding for that section; an encoder whose output has no ``features`` gets none.
    """
    sections = ("causes", "employee_causes", "needs", "stages")
    mixes = dict(FEATURE_MIX if feature_mix is None else feature_mix)
    all_texts: list[str] = []
    for s in sections:
        for lb in taxonomy.section(s):
            all_texts.extend((lb.description, *lb.examples))
    out = encoder.encode(all_texts) if all_texts else None
    vectors = out.embeddings if out is not None else np.zeros((0, 0))
    features = getattr(out, "features", None)
    if features is None:
        mixes = {}
    lookup = {t: k for k, t in enumerate(all_texts)}

    def embed_for(mix: float) -> Callable[[list[str]], np.ndarray]:
        def embed(texts: list[str]) -> np.ndarray:
            if not texts:
                return np.zeros((0, 0))
            rows = [lookup[t] for t in texts]
            if mix and features is not None:
                return mix_inputs(vectors[rows], features[rows], mix)
            return np.asarray(vectors[rows])

        return embed

    heads = {
        s: FewShotHead.fit(
            taxonomy.section(s),
            embed_for(mixes.get(s, 0.0)),
            default_threshold=default_threshold,
            cue_weight=cue_weight,
            feature_mix=mixes.get(s, 0.0),
        )
        for s in sections
    }
    return ReasonHeads(**heads)
