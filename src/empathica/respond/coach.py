"""The pre-send empathy coach: score an agent's draft against what *this* customer needed.

The score is judged against ``empathy_needed`` so QA can tell "no empathy needed" (a neutral
how-to question answered crisply scores well) from "empathy missing" (an angry customer
answered coldly scores badly). Behaviours come from cue patterns with spans, mechanisms from
small numpy heads over the shared encoder, and "scripted" from similarity to the team's macros,
the agent's recent replies and a bundled list of clichés.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from empathica.domain import Analysis, Behaviours, EmpathyAssessment, Mechanisms, Scripted
from empathica.pipeline.encoder import Encoder
from empathica.pipeline.errors import ModelError
from empathica.respond.behaviours import BehaviourReport, CauseVocabulary, Span, detect_behaviours
from empathica.respond.mechanisms import MechanismHeads, cue_features
from empathica.respond.text import sentences
from empathica.taxonomy import Taxonomy, load_taxonomy

#: Folder of the bundled coach model, under ``empathica/respond/models``.
DEFAULT_COACH_MODEL = "empathy-coach"
#: The encoder reads at most 128 tokens; longer drafts are cut here before tokenising so a
#: pasted 100-page document costs no more than a long e-mail (behaviours still read it all).
ENCODER_CHARS = 2000
#: Sentences compared with macros / clichés per draft (the opening ones carry the tone).
SCRIPTED_SENTENCES = 40
NAME_KEYS = ("customer_name", "name", "first_name", "author_name", "person_name")

_NEGATIVE_HIGH = {"anger", "disgust", "fear", "sadness", "grief", "nervousness", "remorse", "annoyance",
                  "disappointment", "disapproval", "embarrassment"}  # fmt: skip
_POSITIVE = {"admiration", "gratitude", "joy", "love", "approval", "excitement", "amusement", "pride",
             "relief", "optimism", "caring"}  # fmt: skip
_FEELING_WORD = {
    "anger": "infuriating", "annoyance": "frustrating", "disappointment": "disappointing", "fear": "worrying",
    "nervousness": "worrying", "sadness": "upsetting", "grief": "upsetting", "disgust": "upsetting",
    "disapproval": "frustrating", "embarrassment": "embarrassing", "confusion": "confusing",
    "remorse": "upsetting", "surprise": "unexpected",
}  # fmt: skip


def bundled_coach_dir(name: str = DEFAULT_COACH_MODEL) -> Path:
    """Filesystem path of the bundled coach model (the package is installed unzipped)."""
    return Path(str(files("empathica.respond").joinpath("models", name)))


def default_cliches() -> list[str]:
    """The bundled cliché list (``respond/cliches.yaml``)."""
    path = Path(str(files("empathica.respond").joinpath("cliches.yaml")))
    return load_cliches(path)


def load_cliches(path: Path) -> list[str]:
    """A YAML file with a ``cliches:`` list of strings; errors name the file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"cliché file {path} could not be read: {exc}") from exc
    items = data.get("cliches") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise ModelError(f"cliché file {path} must hold a 'cliches:' list of strings")
    return [x.strip() for x in items if x.strip()]


# ------------------------------------------------------------------ empathy needed (no model)


def _negative_emotions(customer: Analysis) -> list[str]:
    labels = list(customer.emotions.labels) + list(customer.ekman.labels)
    return [x for x in labels if x in _NEGATIVE_HIGH]


# The emotion model reads "Bit annoying" and "I'm furious" as the same anger; these cues in the
# customer's own words tell mild from strong, and a complaint from a plain question.
_MITIGATED = re.compile(
    r"\b(?:a bit|bit (?:annoying|disappointing|frustrating|irritating|confused)|slightly|a little|kind of|"
    r"not ideal|not great|not the end of the world|no rush|quite (?:annoying|frustrating|irritating)|"
    r"somewhat|mildly|just wanted to check|any idea)\b",
    re.IGNORECASE,
)
_DISTRESS = re.compile(
    r"\b(?:furious|livid|raging|disgrace\w*|disgust\w*|shameful|appalling|outrage\w*|humiliat\w*|"
    r"panick?\w*|scared|terrified|shaking|shaken|desperate|heartbroken|devastated|end of my tether|"
    r"nightmare|awful|tight budget|overdrawn|can'?t afford|short for food|freezing|scalded|burn\w*|"
    r"never been so|absolutely useless|sick of|fed up|are you even real|do you (?:actually|even) care|"
    r"lost (?:a|my|all)|thanks for nothing|so angry|could cry|in tears)\b|!!|\?\?",
    re.IGNORECASE,
)
_SHOUTING = re.compile(r"\b[A-Z]{4,}\b")
_REQUEST = re.compile(
    r"^\s*(?:hi|hello|hey)?[,!]?\s*(?:please|can|could|would|how|what|when|where|which|do|does|is|are|"
    r"may|i'?d like|i want to|i need to)\b",
    re.IGNORECASE,
)
_COMPLAINT = re.compile(
    r"\b(?:wrong|still|kept|impatient|haven'?t|hasn'?t|didn'?t|isn'?t|wasn'?t|"
    r"not (?:working|arrived|here|received|fixed)|"
    r"no (?:sign|reply|word|one|update)|nobody|never|again|keeps?|broken|faulty|missing|late|"
    r"charged|refus\w*|why (?:do|have|did|is|has)|come on|ridiculous|rude|mess|damaged|soaked|"
    r"waited|waiting|queue|hold|days?\b.*\b(?:now|already))\b",
    re.IGNORECASE,
)


def empathy_needed(customer: Analysis) -> str:
    """ "none" | "some" | "high": how much feeling the reply must show, from the analysis alone.

    "none": a neutral request (how-to, a receipt) with no negative feeling and no pain cause
    beyond the question itself. "high": strong negative feeling (anger, fear, distress), an
    urgent or high-priority risk, or a clearly negative message with some intensity. Praise and
    mild annoyance are "some": a warm thank-you or a word of understanding matters there.
    """
    neg = _negative_emotions(customer)
    priority = customer.risk.priority if customer.risk else "low"
    strong = {"anger", "disgust", "fear", "sadness", "grief", "nervousness"} & set(neg)
    text = customer.text
    if priority in ("high", "urgent") or _DISTRESS.search(text) or _SHOUTING.search(text):
        return "high"
    if _MITIGATED.search(text):
        return "some"
    complaint = bool(_COMPLAINT.search(text))
    if complaint and customer.valence < 0.3:
        return "high" if customer.valence <= -0.5 and strong and customer.intensity >= 0.5 else "some"
    if not complaint and not neg and _REQUEST.search(text):
        return "none"  # a polite question or request, even a cheerful one, needs an answer, not feelings
    if customer.valence <= -0.5 and (strong or customer.intensity >= 0.5):
        return "high"
    if strong and customer.valence <= -0.3:
        return "high"
    positive = [x for x in customer.emotions.labels if x in _POSITIVE]
    pains = [c for c in customer.causes if c.polarity == "pain"]
    heard = any(n.label == "to_be_heard" for n in customer.needs)
    calm = not neg and not positive and customer.valence > -0.25
    if calm and customer.sentiment in ("neutral", "mixed") and not heard:
        return "none"
    if not neg and not pains and customer.valence > -0.15 and not positive:
        return "none"
    return "some"


# ------------------------------------------------------------------ scripted (embeddings optional)

_GRAM = 4


def _grams(text: str) -> set[str]:
    t = re.sub(r"[^a-z0-9 ]+", "", re.sub(r"\s+", " ", text.lower())).strip()
    return {t[i : i + _GRAM] for i in range(max(0, len(t) - _GRAM + 1))}


def _pieces(texts: Sequence[str]) -> list[tuple[str, int]]:
    """Sentences of each candidate (>= 15 characters) with the index of the candidate they came from."""
    out: list[tuple[str, int]] = []
    for i, t in enumerate(texts):
        for a, b in sentences(t):
            if b - a >= 15:
                out.append((t[a:b], i))
        if len(t.strip()) >= 15:
            out.append((t.strip(), i))
    return out


def scripted_similarity(
    reply: str,
    candidates: Sequence[str],
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> Scripted:
    """How much of ``reply`` is near-copied from ``candidates``, and the closest candidate.

    Each reply sentence gets its best match among the candidates' sentences (character 4-gram
    containment, and cosine of sentence embeddings when ``embed`` is given: >= 0.95 counts as
    the same sentence, 0.6 as nothing alike); the score is the length-weighted mean over the
    reply's sentences, so one stock sign-off in a long personal reply scores low while a reply
    stitched from macros scores near 1.
    """
    cands = [c for c in candidates if isinstance(c, str) and c.strip()]
    sents = [(a, b) for a, b in sentences(reply) if b - a >= 3][:SCRIPTED_SENTENCES]
    if not cands or not sents:
        return Scripted(0.0, "")
    pieces = _pieces(cands)
    if not pieces:
        return Scripted(0.0, "")
    piece_grams = [_grams(p) for p, _ in pieces]
    texts = [reply[a:b] for a, b in sents]
    sim = np.zeros((len(texts), len(pieces)), dtype=np.float32)
    for i, s in enumerate(texts):
        g = _grams(s)
        if not g:
            continue
        for j, pg in enumerate(piece_grams):
            if pg:
                # containment both ways: a reply sentence inside a macro, or a short macro inside it
                inter = len(g & pg)
                sim[i, j] = max(inter / len(g), inter / len(pg) * min(1.0, len(pg) / max(1, len(g))))
    if embed is not None:
        vecs = embed(texts + [p for p, _ in pieces])
        cos = vecs[: len(texts)] @ vecs[len(texts) :].T
        sim = np.maximum(sim, np.clip((cos - 0.6) / 0.35, 0.0, 1.0))
    sim = np.where(sim >= 0.5, sim, sim * 0.5)  # loose resemblance is not copying
    best = sim.max(axis=1)
    weights = np.array([len(t) for t in texts], dtype=np.float32)
    score = float((best * weights).sum() / weights.sum())
    row, col = (int(v) for v in np.unravel_index(int(sim.argmax()), sim.shape))
    closest = cands[pieces[col][1]] if sim[row, col] >= 0.5 else ""
    return Scripted(round(min(1.0, score), 3), closest)


# ------------------------------------------------------------------ score and suggestions


def _mech_strength(m: Mechanisms) -> float:
    return min(1.0, (m.emotional_reactions + m.interpretations) / 3.0 + (0.25 if m.explorations else 0.0))


def score_reply(
    need: str,
    b: Behaviours,
    m: Mechanisms,
    scripted: Scripted,
    *,
    praise: bool = False,
    weak_apologies: int = 0,
    apologies: int = 0,
) -> int:
    """0..100: helpfulness always counts; feeling counts as much as the customer needed it.

    A crisp, specific answer to a neutral question can reach 100 without a word of sympathy;
    a fix with no acknowledgement for an angry customer tops out around 50.
    """
    help_part = 0.5 * b.next_step + 0.3 * b.addresses_cause + 0.2 * b.personal
    if need == "none":
        help_part = 0.6 * b.next_step + 0.4 * b.addresses_cause
        feeling = 1.0 - 0.5 * (apologies >= 2)
        weight = 0.1
    elif praise:
        feeling = 0.6 * b.thanks + 0.2 * (m.emotional_reactions > 0) + 0.2 * b.personal
        weight = 0.6
        help_part = max(help_part, 0.6 * b.personal + 0.4 * b.addresses_cause)
    else:
        feeling = (
            0.30 * b.acknowledges_emotion
            + 0.15 * b.validates
            + 0.20 * (b.apologises or need == "some")
            + 0.10 * b.reassures
            + 0.25 * _mech_strength(m)
        )
        weight = 0.45 if need == "some" else 0.6
    value = (1 - weight) * help_part + weight * feeling
    value *= 1.0 - 0.35 * scripted.score
    if need != "none" and weak_apologies and not b.apologises:
        value -= 0.05
    return round(100 * min(1.0, max(0.0, value)))


def _feeling_phrase(customer: Analysis) -> str:
    for label in list(customer.emotions.labels) + list(customer.ekman.labels):
        if label in _FEELING_WORD:
            return _FEELING_WORD[label]
    return "frustrating"


def _cause_phrase(customer: Analysis) -> str:
    for c in customer.causes:
        if c.evidence:
            return c.evidence.strip().rstrip(".!?")
    return ""


def suggestions(
    customer: Analysis,
    need: str,
    report: BehaviourReport,
    mechanisms: Mechanisms,
    scripted: Scripted,
    *,
    praise: bool = False,
    limit: int = 4,
) -> list[str]:
    """Plain-language advice, most important first, only for what is missing."""
    b = report.behaviours
    out: list[str] = []
    feeling = _feeling_phrase(customer)
    cause = _cause_phrase(customer)
    if praise:
        if not b.thanks:
            out.append('Thank them for taking the time to write: "Thank you so much for telling us."')
        if not b.personal:
            out.append("Mention what they praised by name, so it doesn't read like a form reply.")
    if need in ("some", "high") and not praise and not b.acknowledges_emotion:
        out.append(f'Name how they feel before the fix: "I can see how {feeling} this has been."')
    if not b.next_step:
        out.append("Say what happens next and when: \"I've ... and I'll update you by (day/time).\"")
    for span in report.weak("apologises")[:1]:
        out.append(f"Your apology is taken back in the same breath (\"{span.text.strip()}\"): "
                   "drop the \"but\" / \"if\" / \"any inconvenience\" and own what went wrong.")  # fmt: skip
    if need == "high" and not b.apologises and not report.weak("apologises"):
        out.append('Apologise plainly for what went wrong: "I\'m sorry this happened."')
    if not b.addresses_cause and need != "none":
        what = f" they wrote {cause!r}" if cause else " say what went wrong in their words"
        out.append(f"Refer to the actual problem:{what}.")
    if need == "high" and not b.validates:
        out.append('Tell them their reaction is fair: "You\'re right to expect better."')
    if need == "high" and not b.reassures:
        out.append("Reassure them: say what they won't lose or won't have to do again.")
    if need in ("some", "high") and not b.personal and not praise:
        out.append("Make it personal: use their name or a detail from their message.")
    if scripted.score >= 0.5:
        close = f' (close to: "{scripted.closest[:80]}")' if scripted.closest else ""
        advice = f"This reads like a template{close}; say it in your own words."
        # a reply that is mostly canned needs rewriting before anything else is worth adding
        out.insert(0 if scripted.score >= 0.7 else len(out), advice)
    if need == "none" and sum(1 for s in report.spans if s.behaviour == "apologises") >= 2:
        out.append("They asked a simple question: lead with the answer; one apology at most.")
    if need == "high" and mechanisms.explorations == 0 and not out:
        out.append("Ask one question about their situation, so they know you want the whole picture.")
    return out[:limit]


def _customer_name(customer: Analysis) -> str | None:
    for key in NAME_KEYS:
        value = customer.metadata.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _is_praise(customer: Analysis, need: str) -> bool:
    return need != "none" and customer.valence >= 0.3 and not _negative_emotions(customer)


def _check_reply(reply: Any, where: str = "reply") -> str:
    if not isinstance(reply, str):
        raise ValueError(f"{where} must be text, got {type(reply).__name__}")
    if not reply.strip():
        raise ValueError(f"{where} is empty: write a draft reply to assess")
    return reply


@dataclass(frozen=True, slots=True)
class Assessed:
    """An assessment with the spans behind it (what a UI highlights)."""

    assessment: EmpathyAssessment
    spans: tuple[Span, ...]


class Coach:
    """Assesses drafts; load once, call from many threads (the encoder is thread-safe)."""

    def __init__(
        self,
        encoder: Encoder | None,
        heads: MechanismHeads | None,
        cliches: Sequence[str],
        taxonomy: Taxonomy,
    ) -> None:
        self.encoder = encoder
        self.heads = heads
        self.cliches = list(cliches)
        phrases: dict[str, list[str]] = {}
        for label in (*taxonomy.causes, *taxonomy.employee_causes):
            phrases.setdefault(label.name, []).extend([*label.cues, *label.examples])
        self.vocabulary = CauseVocabulary.build(phrases)
        self.version = heads.version if heads else "cues-only"
        self._cache: dict[str, np.ndarray] = {}

    @classmethod
    def load(
        cls,
        encoder: Encoder,
        model_dir: Path | None = None,
        cliches: Sequence[str] | None = None,
        taxonomy: Taxonomy | None = None,
    ) -> Coach:
        """The coach over a loaded shared encoder; ``model_dir`` defaults to the bundled model."""
        heads = MechanismHeads.load(model_dir or bundled_coach_dir())
        if heads.encoder and encoder.model_version and heads.encoder != encoder.model_version:
            manifest = Path(model_dir or bundled_coach_dir()) / "manifest.json"
            raise ModelError(
                f"{manifest} was trained on encoder {heads.encoder!r}, but the loaded encoder is "
                f"{encoder.model_version!r}: retrain the coach (training/train_coach.py)"
            )
        if encoder.feature_dim and "features" in heads.inputs:
            expected = heads.input_dim - len(heads.cues)
            if "embeddings" in heads.inputs:
                expected -= encoder.embedding_dim
            if expected != encoder.feature_dim:
                path = Path(model_dir or bundled_coach_dir()) / "heads.npz"
                raise ModelError(
                    f"{path} expects {expected} encoder features; the encoder gives {encoder.feature_dim}"
                )
        return cls(
            encoder, heads, default_cliches() if cliches is None else cliches, taxonomy or load_taxonomy()
        )

    # -- embeddings with a small cache for clichés, macros and recent replies
    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        assert self.encoder is not None
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            out = self.encoder.encode([t[:ENCODER_CHARS] for t in missing])
            if len(self._cache) > 5000:
                self._cache.clear()
            for t, v in zip(missing, out.embeddings, strict=True):
                self._cache[t] = v
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def assess(
        self,
        customer: Analysis,
        reply: str,
        *,
        macros: Sequence[str] = (),
        recent: Sequence[str] = (),
        customer_name: str | None = None,
    ) -> EmpathyAssessment:
        return self.assess_many([(customer, reply)], macros=macros, recent=recent,
                                names=[customer_name])[0]  # fmt: skip

    def assess_many(
        self,
        pairs: Sequence[tuple[Analysis, str]],
        *,
        macros: Sequence[str] = (),
        recent: Sequence[str] = (),
        names: Sequence[str | None] | None = None,
    ) -> list[EmpathyAssessment]:
        """One encoder pass for all replies; results in input order."""
        return [a.assessment for a in self.assess_detailed(pairs, macros=macros, recent=recent, names=names)]

    def assess_detailed(
        self,
        pairs: Sequence[tuple[Analysis, str]],
        *,
        macros: Sequence[str] = (),
        recent: Sequence[str] = (),
        names: Sequence[str | None] | None = None,
    ) -> list[Assessed]:
        """Like ``assess_many`` but with the behaviour spans, for highlighting."""
        replies = [
            _check_reply(r, f"reply {i}" if len(pairs) > 1 else "reply") for i, (_, r) in enumerate(pairs)
        ]
        if names is not None and len(names) != len(pairs):
            raise ValueError(f"got {len(names)} names for {len(pairs)} replies")
        for i, (customer, _) in enumerate(pairs):
            if not isinstance(customer, Analysis):
                raise ValueError(f"customer {i} must be an Analysis, got {type(customer).__name__}")
        mechanisms = self._mechanisms(replies)
        candidates = [*macros, *recent, *self.cliches]
        embed = self._embed if self.encoder is not None else None
        if embed is not None:
            # one encoder pass for every sentence the scripted check will compare; later calls hit the cache
            texts = [p for p, _ in _pieces([c for c in candidates if isinstance(c, str) and c.strip()])]
            for reply in replies:
                texts += [reply[a:b] for a, b in sentences(reply) if b - a >= 3][:SCRIPTED_SENTENCES]
            embed(texts)
        results: list[Assessed] = []
        for i, ((customer, _), reply) in enumerate(zip(pairs, replies, strict=True)):
            name = (names[i] if names else None) or _customer_name(customer)
            results.append(self._assess_one(customer, reply, mechanisms[i], candidates, embed, name))
        return results

    def _mechanisms(self, replies: list[str]) -> list[Mechanisms]:
        if self.heads is None or self.encoder is None:
            return [Mechanisms() for _ in replies]
        cut = [r[:ENCODER_CHARS] for r in replies]
        out = self.encoder.encode(cut)
        parts = {
            "features": out.features,
            "embeddings": out.embeddings,
            "cues": cue_features(cut, self.heads.cues),
        }
        return self.heads.predict(self.heads.assemble(parts))

    def _assess_one(
        self,
        customer: Analysis,
        reply: str,
        mech: Mechanisms,
        candidates: Sequence[str],
        embed: Callable[[Sequence[str]], np.ndarray] | None,
        name: str | None,
    ) -> Assessed:
        need = empathy_needed(customer)
        labels = [c.label for c in customer.causes]
        evidence = [c.evidence for c in customer.causes if c.evidence]
        report = detect_behaviours(
            reply,
            customer=customer.text,
            cause_terms=self.vocabulary.for_labels(labels),
            evidence=evidence,
            name=name,
            common_terms=self.vocabulary.common,
        )
        scripted = scripted_similarity(reply, candidates, embed)
        praise = _is_praise(customer, need)
        apologies = sum(1 for s in report.spans if s.behaviour == "apologises")
        score = score_reply(need, report.behaviours, mech, scripted, praise=praise,
                            weak_apologies=len(report.weak("apologises")), apologies=apologies)  # fmt: skip
        advice = suggestions(customer, need, report, mech, scripted, praise=praise)
        assessment = EmpathyAssessment(mech, report.behaviours, need, scripted, score, advice, customer.id)
        return Assessed(assessment, report.spans)


def coach_without_model(cliches: Sequence[str] | None = None, taxonomy: Taxonomy | None = None) -> Coach:
    """Behaviours, scripted (character n-grams), need and score without any model file.

    Mechanisms are all 0 here; for tests and for a quick check where no encoder is loaded.
    """
    return Coach(None, None, default_cliches() if cliches is None else cliches, taxonomy or load_taxonomy())
