"""EPITOME's three empathy mechanisms (emotional reactions, interpretations, explorations) as 0/1/2.

One softmax head per mechanism over the shared encoder's view of the reply plus a few lexical
cue counts. The cues carry what a sentence encoder blurs: how many questions the reply asks and
whether they are about the customer, "it sounds like" / "I can imagine" frames, first-person
feelings. Heads are plain numpy at run time (weights in ``heads.npz``, standardisation in the
manifest); training lives in ``training/train_coach.py``.

A bundle names the cues it was trained on in its manifest and the heads read exactly those, in
that order, so adding a cue here never invalidates an older bundle; only a cue this version does
not compute is refused.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from empathica.domain import Mechanisms
from empathica.pipeline.errors import ModelError
from empathica.respond.behaviours import (
    _ACK_FRAME,
    _APOLOGY,
    _EMOTION,
    _VALIDATE,
    EMOTION_WORDS,
    _is_question,
)
from empathica.respond.text import sentences, words

MECHANISMS: tuple[str, ...] = ("emotional_reactions", "interpretations", "explorations")
LEVELS = 3
MANIFEST = "manifest.json"
WEIGHTS_FILE = "heads.npz"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_INTERPRET = _rx(
    r"\b(?:i|we)\s+(?:can\s+|completely\s+|totally\s+)?"
    r"(?:understand|imagine|see|hear|get|know how|know what)\b"
    r"|\bsounds? (?:like|as if|really|so|awful|hard|tough)\b|\bmust (?:be|have|feel)\b|\bit seems\b"
    r"|\bno wonder\b|\bmakes sense\b|\bin your (?:shoes|position)\b"
)
_SELF_DISCLOSE = _rx(
    r"\bi(?:'ve| have)\s+(?:been|had|felt|gone|struggled|experienced|dealt)\b"
    r"|\bsame (?:thing|here|happened)\b"
    r"|\bme too\b|\bi was (?:in|the same|like)\b|\bi went through\b|\bhappened to me\b"
)
_WARMTH = _rx(
    r"\bhope\b|\bhugs?\b|\bglad\b|\b(?:take )?care\b|\bhere for you\b|\bwish\b|\bsending\b|\bproud\b"
    r"|\bbless\b|\bsorry to hear\b|\bso sorry\b|\breally sorry\b|\bheart\b|\blove\b"
)
_FIRST_FEEL = _rx(
    r"\bi(?:'m| am| feel| felt)\s+(?:so\s+|really\s+|truly\s+)?(?:sad|sorry|happy|upset|worried|glad)\b"
)
_INFO_REQUEST = _rx(
    r"\b(?:order|reference|account|tracking|phone)\s+(?:number|no|id)\b|\bemail address\b|\bpostcode\b"
    r"|\b(?:dm|direct message|private message)\b|\bconfirm your\b"
)
_EXPLORE_Q = _rx(
    r"^(?:and\s+|so\s+)?(?:how|what|why|when|where|which|did|do|does|have|has|are|is|was|were|could you tell|"
    r"can you tell|would you|is there)\b"
)
_YOU = _rx(r"\byou(?:r|rs|rself|'re|'ve|'d|'ll)?\b")

# Peer-support cues. In free-form replies the same surface words mean different mechanisms:
# "I'd talk to your doctor" is advice, not the writer's experience (IP); "have you tried yoga?"
# and "why do firms even do this?" are questions that explore nothing (EX); "I'm so sad for you"
# names the writer's feeling where "sorry to hear" only alludes to one (ER 2 vs 1).
_ADVICE_FRAME = _rx(
    r"\byou (?:should|need to|could|might want to|have to|must|can always)\b|\bi think you\b"
    r"|\bif i were you\b|\bmy advice\b|\bwhat i(?:'d| would) do\b|\bi (?:recommend|suggest)\b"
    r"|\bi(?:'d| would)(?:\s+(?:honestly|definitely|probably|just|also|really))?\s+"
    r"(?:try|ask|talk|go|get|look|see|tell|call|start|book|take|stop|find|write|use|skip|move|leave|"
    r"recommend|suggest|say|put|bring|keep|set|check|join|treat|drive|unfollow|mute|cut|speak)\b"
)
_FIRST_PERSON_ADVICE = _rx(
    r"\bi(?:'d| would)\s+(?:\w+\s+)?(?:try|ask|talk|go|get|look|see|tell|call|start|book|take|stop|find|"
    r"write|use|skip|move|leave|recommend|suggest|say|put|bring|keep|set|check|join|treat|drive|"
    r"unfollow|mute|cut|speak|rather)\b|\bi think you\b|\bif i were you\b|\bwhat i(?:'d| would) do\b"
    r"|\bi (?:recommend|suggest)\b"
)
_IMPERATIVE = _rx(
    r"^(?:(?:ok(?:ay)?|so|also|and|but|just|honestly|seriously|first|second|third|then|plus|oh|"
    r"\d+\)|-)[,.:]?\s+)*"
    r"(?:try|get|go|ask|call|talk|look|find|take|stop|don't|dont|do not|write|make|keep|check|see|join|"
    r"download|book|set|tell|practi[cs]e|start|avoid|cut|drink|sleep|use|block|mute|order|apply|update|"
    r"put|bring|consider|read|plan|hold|light|archive|switch|focus|skip|search|reach|contact|sign|lock|"
    r"let|give|learn|eat|limit|buy|leave|stay|delete|batch|invite|say|think about|look into|look up)\b"
)
_NON_EXPLORE_Q = _rx(
    r"^(?:(?:and|so|but|also|honestly|ok(?:ay)?)[,]?\s+)?(?:"
    r"have you (?:\w+\s+)?(?:tried|thought|considered|looked|talked|spoken|asked|seen|checked|gone|"
    r"reported|got)"
    r"|did you (?:try|get|ask|check|look|talk|think)"
    r"|why (?:don't|dont|not|(?:do|does|did)(?! you think)|would|is|are|"
    r"should|can't|cant)|who (?:even|says|hasn't|doesn't|cares)|isn't (?:it|that)|wouldn't you"
    r"|didn't you|did you really|shouldn't|could you|can you|couldn't you"
    r"|is there (?:any(?:one|body)?|someone|somebody)\b|are there any|would you (?:consider|be able)"
    r"|what about|how about|does your (?:work|job|company|"
    r"employer|school|uni|area))\b"
)
_FEELING_Q = _rx(rf"\bfeel\w*\b|\b(?:holding up|coping|doing)\b|\b(?:{EMOTION_WORDS})\b")
_OWN_STORY_START = _rx(r"^(?:\w+[,.]?\s+){0,3}?(?:i|my|when i|when my|after my|back when)\b")
_PAST = _rx(
    r"\b(?:was|were|had|did|went|got|felt|lost|failed|left|took|used to|remember|moved|cried|spent|"
    r"watched|started|ate|sat|thought|found|couldn't|didn't|passed|wrote|drove|met|told|turned|learned|"
    r"died|happened)\b"
)
_SIMILAR = _rx(
    r"\bsame (?:here|thing|for me|happened)\b|\bme too\b|\bbeen there\b|\bhappened to me\b"
    r"|\bexact(?:ly)? (?:same|this|like this)\b|\bi know (?:that|this|the) feeling\b|\bi was the same\b"
    r"|\bwent through (?:this|the same|exactly)\b|\b(?:i|me) too\b|\bi(?:'ve| have) had this\b"
)
_STRONG_OWN_FEELING = _rx(
    r"\b(?:makes?|made|making)\s+me\s+(?:so\s+|really\s+|a bit\s+)?(?:sad|angry|cry|tear up|upset|mad|"
    r"furious|emotional)\b|\bbreaks? my heart\b|\bmy heart (?:goes out|hurts|breaks|aches)\b"
    r"|\bi(?:'m| am)\s+(?:(?:so|really|genuinely|honestly|actually|just|truly)\s+)*(?:sad|angry|furious|"
    r"worried|heartbroken|upset|gutted|saddened)\b|\bi feel\s+(?:(?:so|really)\s+)*(?:sad|bad|awful|"
    r"terrible|angry)\b|\b(?:this|that|it)\s+(?:really\s+)?(?:saddens|upsets|angers|got to) me\b"
    r"|\bi hate (?:that|how)\b|\b(?:angry|furious|sad|worried) (?:for|about) you\b"
)

CUE_NAMES: tuple[str, ...] = (
    "questions", "questions_about_you", "explore_questions", "info_requests", "feeling_words",
    "interpret_frames", "self_disclosure", "apologies", "warmth", "first_person_feeling", "you_rate",
    "log_words", "exclamations", "validations", "acknowledgements",
    # peer-support cues (after 0.1.0; a bundle reads only the cues its manifest names)
    "advice_sentences", "first_person_advice", "non_explore_questions", "feeling_questions",
    "own_story", "similar_experience", "strong_own_feeling",
)  # fmt: skip
#: The cues of empathy-coach-0.1.0, which a manifest without a cue list was trained on.
BASE_CUES: tuple[str, ...] = CUE_NAMES[:15]


def cue_features(texts: Sequence[str], names: Sequence[str] = CUE_NAMES) -> np.ndarray:
    """[n, len(names)] float32 counts (capped at 3) and rates, computed on the full text.

    ``names`` picks and orders the columns (a bundle's manifest list); an unknown name is a
    ``ValueError`` naming it.
    """
    unknown = [n for n in names if n not in CUE_NAMES]
    if unknown:
        raise ValueError(f"unknown coach cue(s) {unknown}; this version computes {list(CUE_NAMES)}")
    out = np.zeros((len(texts), len(CUE_NAMES)), dtype=np.float32)
    for i, text in enumerate(texts):
        sents = [text[a:b] for a, b in sentences(text)]
        qs = [s for s in sents if _is_question(s)]
        toks = words(text)
        n_words = max(1, len(toks))
        row = [
            len(qs),
            sum(1 for q in qs if _YOU.search(q)),
            sum(1 for q in qs if _EXPLORE_Q.search(q.strip()) and not _INFO_REQUEST.search(q)),
            sum(1 for s in sents if _INFO_REQUEST.search(s)),
            len(_EMOTION.findall(text)),
            len(_INTERPRET.findall(text)),
            len(_SELF_DISCLOSE.findall(text)),
            len(_APOLOGY.findall(text)),
            len(_WARMTH.findall(text)),
            len(_FIRST_FEEL.findall(text)),
            0.0,
            0.0,
            text.count("!"),
            sum(1 for s in sents if _VALIDATE.search(s)),
            sum(1 for s in sents if _EMOTION.search(s) and _ACK_FRAME.search(s)),
            sum(1 for s in sents if _ADVICE_FRAME.search(s) or _IMPERATIVE.search(s.strip())),
            len(_FIRST_PERSON_ADVICE.findall(text)),
            sum(1 for q in qs if _NON_EXPLORE_Q.search(q.strip())),
            sum(1 for q in qs if _FEELING_Q.search(q) and not _NON_EXPLORE_Q.search(q.strip())),
            sum(1 for s in sents if _OWN_STORY_START.search(s.strip()) and _PAST.search(s)),
            len(_SIMILAR.findall(text)),
            len(_STRONG_OWN_FEELING.findall(text)),
        ]
        row = [min(3.0, float(x)) for x in row]
        row[CUE_NAMES.index("you_rate")] = min(1.0, 5.0 * len(_YOU.findall(text)) / n_words)
        row[CUE_NAMES.index("log_words")] = math.log1p(n_words) / 5.0
        out[i] = row
    if tuple(names) == CUE_NAMES:
        return out
    return out[:, [CUE_NAMES.index(n) for n in names]]


@dataclass(frozen=True, slots=True)
class MechanismHeads:
    """Softmax heads: for each mechanism a [3, d] weight and [3] bias over standardised inputs."""

    version: str
    encoder: str  # the encoder version the heads were trained on: features mean nothing on another
    inputs: tuple[str, ...]  # which encoder outputs, in order, then the cues: ("features", "cues")
    cues: tuple[str, ...]  # the cue columns the heads read, in order (the manifest's list)
    mean: np.ndarray  # [d]
    scale: np.ndarray  # [d]
    weight: dict[str, np.ndarray]
    bias: dict[str, np.ndarray]

    @property
    def input_dim(self) -> int:
        return int(self.mean.shape[0])

    @classmethod
    def load(cls, model_dir: Path) -> MechanismHeads:
        model_dir = Path(model_dir)
        manifest_path = model_dir / MANIFEST
        if not manifest_path.is_file():
            raise ModelError(f"coach model manifest not found: {manifest_path}")
        try:
            manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
            version = str(manifest["version"])
            inputs = tuple(str(x) for x in manifest["inputs"])
            encoder = str(manifest.get("encoder", ""))
            cues = tuple(str(x) for x in manifest.get("cues", BASE_CUES))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ModelError(f"coach model manifest {manifest_path} is not valid: {exc}") from exc
        unknown = [c for c in cues if c not in CUE_NAMES]
        if "cues" in inputs and unknown:
            raise ModelError(
                f"coach model manifest {manifest_path} was trained on cues {unknown} that this version "
                f"does not compute (it has {list(CUE_NAMES)}): retrain the coach (training/train_coach.py)"
            )
        path = model_dir / WEIGHTS_FILE
        if not path.is_file():
            raise ModelError(f"coach head weights file not found: {path}")
        try:
            with np.load(path, allow_pickle=False) as data:
                mean = np.asarray(data["mean"], dtype=np.float32)
                scale = np.asarray(data["scale"], dtype=np.float32)
                weight = {m: np.asarray(data[f"{m}_weight"], dtype=np.float32) for m in MECHANISMS}
                bias = {m: np.asarray(data[f"{m}_bias"], dtype=np.float32) for m in MECHANISMS}
        except (OSError, ValueError, KeyError, EOFError) as exc:
            raise ModelError(f"coach head weights file {path} could not be read: {exc}") from exc
        d = mean.shape[0]
        for m in MECHANISMS:
            if weight[m].shape != (LEVELS, d) or bias[m].shape != (LEVELS,) or scale.shape != (d,):
                raise ModelError(
                    f"coach head weights file {path}: {m} weight {weight[m].shape} / bias {bias[m].shape} "
                    f"do not fit {d} inputs"
                )
        return cls(version, encoder, inputs, cues if "cues" in inputs else (), mean, scale, weight, bias)

    def assemble(self, parts: dict[str, np.ndarray]) -> np.ndarray:
        """Concatenate the named input blocks in manifest order and standardise them."""
        try:
            x = np.concatenate([parts[name] for name in self.inputs], axis=1).astype(np.float32)
        except KeyError as exc:
            raise ValueError(f"coach heads need input {exc.args[0]!r}; got {sorted(parts)}") from exc
        if x.shape[1] != self.input_dim:
            raise ValueError(f"coach heads expect {self.input_dim} inputs, got {x.shape[1]}")
        z: np.ndarray = (x - self.mean) / self.scale
        return z

    def predict_proba(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """Per mechanism an [n, 3] probability over levels 0, 1, 2 (``x`` already assembled)."""
        out: dict[str, np.ndarray] = {}
        for m in MECHANISMS:
            logits = x @ self.weight[m].T + self.bias[m]
            logits = logits - logits.max(axis=1, keepdims=True)
            e = np.exp(logits)
            out[m] = e / e.sum(axis=1, keepdims=True)
        return out

    def predict(self, x: np.ndarray) -> list[Mechanisms]:
        probs = self.predict_proba(x)
        levels = {m: probs[m].argmax(axis=1) for m in MECHANISMS}
        return [Mechanisms(*(int(levels[m][i]) for m in MECHANISMS)) for i in range(x.shape[0])]
