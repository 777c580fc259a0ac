"""The "causes", "needs" and "journey_stage" stages: why the writer feels so, what they need now,
and when it happened — few-shot heads over the shared sentence embedding, with quoted evidence.

How a label is scored
---------------------

Each taxonomy label (see ``empathica.taxonomy``) brings a description and a handful of example
phrases. When the stages are built, those texts are embedded once with the same encoder the
pipeline uses, and a small one-vs-rest logistic head is fitted on them (every example is a
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

Decisions: a cause or need is kept when its score reaches the label's ``threshold`` (from the
YAML; when absent, ``min(0.5, 2 / number of labels)``, because one-vs-rest scores shrink as a
taxonomy grows: one positive example set against many negative ones), at most ``max_labels``
per item, best first. Causes keep the best label even when none passes (``force_top``): the
evaluation guidelines give every item a cause, but not every item a need.

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
help there (see BENCHMARKS.md). The journey stage
is the best of before / during / after for customer items and ``None`` for employee items
(the employee journey is not a purchase). Employee items
(``metadata["person_kind"] == "employee"``) are scored against the employee cause taxonomy.

Evidence without a second encoder pass
--------------------------------------

Encoding every sentence again would double the encoder's work, and the encoder is nearly all of
the pipeline's cost. Instead the text is split into clauses (sentence ends, semicolons,
newlines, "but / although / however" turns, and "and" when a new subject follows, as in "and
nobody answered") and, for each chosen label, the clause with the
most cue hits is quoted; ties and clauses without cues fall back to word overlap with the
label's examples and description. ``start`` / ``end`` are character offsets into the analysed
(redacted) text, so ``text[start:end] == evidence``.

Polarity and the emotions a cause explains
------------------------------------------

A label with a fixed ``polarity`` in the YAML keeps it. Otherwise the evidence clause decides by
a small lexicon of positive and negative words (a negator just before a word flips it); a clause
that says nothing either way takes the sign of the item's valence (gain above
``GAIN_VALENCE``). ``Cause.emotions`` lists the item's selected emotions that agree with the
cause: negative emotions explain pains, positive ones explain gains, and the ambiguous ones
(confusion, curiosity, surprise, realization) go with pains, because confusion about a bill or
a surprise charge is part of the complaint. ``neutral`` explains nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from empathica.domain import Cause, JourneyStage, LabelScores, Need
from empathica.pipeline.base import Batch
from empathica.taxonomy import Label, Taxonomy, load_taxonomy

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
#: Default knobs; the defaults were chosen on the ``tune`` split of the evaluation set.
DEFAULT_CUE_WEIGHT = 2.5
DEFAULT_MAX_LABELS = 4
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


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_POSITIVE_WORDS = _wordset(
    """good great excellent amazing brilliant fantastic lovely love loved perfect helpful kind
    patient friendly polite quick quickly fast easy easily smooth clear clearly happy pleased
    impressed thank thanks thankful grateful superb outstanding wonderful best nice generous
    welcoming supportive sorted resolved recommend reliable painless intuitive bargain worth
    appreciated appreciate valued fair flexible efficient professional early"""
)
_NEGATIVE_WORDS = _wordset(
    """bad poor terrible awful horrible worst rude late slow broken broke faulty useless
    ridiculous disgusting disgraceful unacceptable angry annoyed furious disappointed
    disappointing frustrated frustrating confusing confused unclear wrong never nobody ignored
    waiting waited lost missing damaged cold expensive overpriced unfair impossible stuck
    crashes crashed failed failing fails problem problems issue issues mess nightmare shambles
    refused unhelpful dismissive condescending patronising stressful worried scared hate
    joke cancelled delayed overcharged charged twice unpaid short understaffed toxic"""
)
_NEGATORS = frozenset({"not", "no", "never", "isn't", "wasn't", "don't", "didn't", "won't", "hardly"})
_STOPWORDS = _wordset(
    """a an the and or but if of to in on at for with by from as is are was were be been being
    i me my we our you your it its this that these those he she they them his her their there
    have has had do does did so than then too very just not no can could would should will
    shall may might must about into over after before again once all any some more most other
    such only own same what which who whom when where why how up down out off also get got"""
)
_WORD = re.compile(r"[a-z0-9£$€]+(?:['’][a-z]+)?")
_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?;…])\s+|\n+|\s+[-–—]\s+|,?\s+(?=(?:but|although|though|however|whereas|while|except)\b)"
    r"|,?\s+(?=and\s+(?:nobody|no\s+one|none|nothing|never|the|they|i|it|we|she|he|now|then|still|my)\b)",
    re.IGNORECASE,
)


class _Embeddings(Protocol):
    @property
    def embeddings(self) -> np.ndarray: ...


class TextEncoder(Protocol):
    """What building needs: ``empathica.pipeline.encoder.Encoder`` fits."""

    def encode(self, texts: Sequence[str], batch_size: int = ...) -> _Embeddings: ...


# --------------------------------------------------------------------------------------------
# Clauses, cue phrases and evidence


@dataclass(frozen=True, slots=True)
class Clause:
    """A stretch of the analysed text; ``text`` equals ``source[start:end]``."""

    text: str
    start: int
    end: int


def split_clauses(text: str) -> list[Clause]:
    """Sentences, further cut at semicolons, dashes and contrast words; whitespace trimmed."""
    clauses: list[Clause] = []
    pos = 0
    for match in [*_CLAUSE_BREAK.finditer(text), None]:
        stop = match.start() if match is not None else len(text)
        piece = text[pos:stop]
        stripped = piece.strip()
        if any(ch.isalnum() for ch in stripped):
            offset = pos + (len(piece) - len(piece.lstrip()))
            clauses.append(Clause(stripped, offset, offset + len(stripped)))
        if match is not None:
            pos = match.end()
    return clauses


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _stem(word: str) -> str:
    """Crude suffix folding so "charged" meets "charge" and "deliveries" meets "delivery"."""
    for suffix in ("ingly", "edly", "ing", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _content_stems(text: str) -> set[str]:
    return {_stem(w) for w in _words(text) if w not in _STOPWORDS and len(w) > 2}


def cue_pattern(cues: Sequence[str]) -> re.Pattern[str] | None:
    """One regex per label; each cue matches on word boundaries with a few common endings."""
    parts = []
    for cue in sorted({c.strip().lower() for c in cues if c.strip()}, key=len, reverse=True):
        words = [re.escape(w).replace("'", "['’]?") for w in cue.split()]
        body = r"\s+".join(words)
        ending = r"(?:s|es|ed|d|ing)?" if cue[-1].isalnum() else ""
        lead = r"\b" if cue[0].isalnum() else ""
        tail = r"\b" if cue[-1].isalnum() else ""
        parts.append(f"{lead}{body}{ending}{tail}")
    if not parts:
        return None
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


def cue_hits(pattern: re.Pattern[str] | None, text: str) -> int:
    """Distinct cue phrases of one label found in ``text``."""
    if pattern is None:
        return 0
    return len({m.group(0).lower() for m in pattern.finditer(text)})


def clause_polarity(text: str) -> int:
    """+1, -1 or 0 from the positive and negative words of a clause (negators flip the next word).

    A question says nothing either way ("is it worth it?"): it returns 0.
    """
    if text.rstrip().endswith("?"):
        return 0
    score = 0
    words = _words(text)
    for i, word in enumerate(words):
        sign = 1 if word in _POSITIVE_WORDS else -1 if word in _NEGATIVE_WORDS else 0
        if sign and any(w in _NEGATORS for w in words[max(0, i - 2) : i]):
            sign = -sign if word not in _NEGATORS else sign
        score += sign
    return (score > 0) - (score < 0)


def linked_emotions(selected: Sequence[str], polarity: str) -> list[str]:
    """The item's selected emotions that a cause of this polarity explains (order kept)."""
    if polarity == "gain":
        return [e for e in selected if e in POSITIVE_EMOTIONS]
    return [e for e in selected if e in NEGATIVE_EMOTIONS or e in AMBIGUOUS_EMOTIONS]


# --------------------------------------------------------------------------------------------
# The few-shot head


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
    cues: re.Pattern[str] | None
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
                cue_pattern(lb.cues),
                frozenset(
                    set().union(*(_content_stems(t) for t in (lb.description, *lb.examples, *lb.cues)))
                ),
            )
            for lb in self.labels
        )

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
            hits = np.array([[min(2, cue_hits(p.cues, t)) for p in self.plans] for t in texts], dtype=float)
            logits = logits + self.cue_weight * hits.reshape(logits.shape)
        return _sigmoid(logits)

    def evidence(self, index: int, clauses: Sequence[Clause]) -> Clause | None:
        """The clause that best shows label ``index``: most cue hits, then most shared words."""
        if not clauses:
            return None
        plan = self.plans[index]
        best: tuple[float, int] | None = None
        chosen = clauses[0]
        for k, clause in enumerate(clauses):
            overlap = len(_content_stems(clause.text) & plan.vocabulary)
            key = (
                2.0 * cue_hits(plan.cues, clause.text) + overlap / math.sqrt(1 + len(_words(clause.text))),
                -k,
            )
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


def _choose(
    probs: np.ndarray, head: FewShotHead, max_labels: int, force_top: bool
) -> list[tuple[int, float]]:
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


def _pick_one(probs: np.ndarray, head: FewShotHead) -> int:
    """The single label of an item (journey stage): the best one, unless the section has a
    ``fallback`` label, which takes the item when no other label passes its threshold."""
    plans = head.plans
    if not any(p.label.fallback for p in plans):
        return int(np.argmax(probs))
    chosen = _choose(probs, head, 1, force_top=True)
    return chosen[0][0]


def _is_employee(metadata: Mapping[str, Any] | None) -> bool:
    if not isinstance(metadata, Mapping):
        return False
    return str(metadata.get("person_kind", "")).strip().lower() == "employee"


def _embeddings(batch: Batch, column: str = "embeddings") -> np.ndarray:
    raw = batch[column]
    return raw if isinstance(raw, np.ndarray) else np.stack([np.asarray(v) for v in raw])


def _inputs(head: FewShotHead, batch: Batch, rows: list[int] | None = None) -> np.ndarray:
    """The head's inputs for ``rows`` of the batch (all rows when None)."""
    emb = _embeddings(batch)
    feats = _embeddings(batch, "features") if head.feature_mix else None
    if rows is not None:
        emb = emb[rows]
        feats = feats[rows] if feats is not None else None
    return head.inputs(emb, feats)


def _needs_features(*heads: FewShotHead | None) -> frozenset[str]:
    return frozenset({"features"}) if any(h is not None and h.feature_mix for h in heads) else frozenset()


def _rows(batch: Batch, mask: list[bool]) -> list[int]:
    return [i for i in range(len(batch)) if mask[i]]


# --------------------------------------------------------------------------------------------
# Stages


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
        self.requires = CauseStage.requires | _needs_features(customer, employee)

    def _head_for(self, metadata: Mapping[str, Any] | None) -> FewShotHead:
        if self.employee is not None and self.employee.labels and _is_employee(metadata):
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
            rows = _rows(batch, [h is head for h in heads])
            if not head.labels or not rows:
                continue
            probs = head.scores(_inputs(head, batch, rows), [texts[i] for i in rows])
            for r, i in enumerate(rows):
                out[i] = self._causes(head, probs[r], texts[i], batch["emotions"][i], batch["valence"][i])
        return batch.with_columns(causes=out)

    def _causes(
        self, head: FewShotHead, probs: np.ndarray, text: str, emotions: LabelScores | None, valence: float
    ) -> list[Cause]:
        clauses = split_clauses(text)
        selected = list(emotions.labels) if isinstance(emotions, LabelScores) else []
        causes = []
        for j, score in _choose(probs, head, self.max_labels, self.force_top):
            label = head.labels[j]
            clause = head.evidence(j, clauses)
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


def _as_float(value: Any) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return 0.0
    return out if math.isfinite(out) else 0.0


def _polarity(clause: Clause | None, valence: float) -> str:
    sign = clause_polarity(clause.text) if clause is not None else 0
    if sign == 0:
        sign = 1 if _as_float(valence) > GAIN_VALENCE else -1
    return "gain" if sign > 0 else "pain"


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
        self.requires = NeedStage.requires | _needs_features(head)

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        out: list[list[Need]] = [[] for _ in range(n)]
        if n == 0 or not self.head.labels:
            return batch.with_columns(needs=out)
        texts: list[str] = batch["texts"]
        probs = self.head.scores(_inputs(self.head, batch), texts)
        valence = batch["valence"]
        for i in range(n):
            if self.praise_valence is not None and _as_float(valence[i]) >= self.praise_valence:
                continue
            clauses = split_clauses(texts[i])
            for j, score in _choose(probs[i], self.head, self.max_labels, force_top=False):
                clause = self.head.evidence(j, clauses)
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
        self.requires = JourneyStageStage.requires | _needs_features(head)

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        out: list[JourneyStage | None] = [None] * n
        rows = [i for i in range(n) if not _is_employee(batch["metadata"][i])]
        if not rows or not self.head.labels:
            return batch.with_columns(journey_stage=out)
        texts: list[str] = batch["texts"]
        probs = self.head.scores(_inputs(self.head, batch, rows), [texts[i] for i in rows])
        for r, i in enumerate(rows):
            row = probs[r]
            j = _pick_one(row, self.head)
            total = float(row.sum()) or 1.0
            clause = self.head.evidence(j, split_clauses(texts[i]))
            out[i] = JourneyStage(
                label=self.head.labels[j].name,
                score=round(float(row[j]) / total, 4),
                evidence=clause.text if clause else "",
            )
        return batch.with_columns(journey_stage=out)


# --------------------------------------------------------------------------------------------
# Building


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


def build_reason_stages(
    encoder: TextEncoder,
    taxonomy_paths: Sequence[Path | str] | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    cue_weight: float = DEFAULT_CUE_WEIGHT,
) -> list[CauseStage | NeedStage | JourneyStageStage]:
    """The three reason stages, fitted on the default taxonomy with any custom files applied.

    A custom file's ``causes:`` (``employee_causes:``, ``needs:``, ``stages:``) replaces that
    default section; raises ``TaxonomyError`` (naming file and line) for a bad file.
    """
    tax = taxonomy if taxonomy is not None else load_taxonomy(taxonomy_paths)
    heads = fit_heads(encoder, tax, cue_weight=cue_weight)
    return [
        CauseStage(heads.causes, heads.employee_causes),
        NeedStage(heads.needs),
        JourneyStageStage(heads.stages),
    ]
