"""EPITOME's three empathy mechanisms (emotional reactions, interpretations, explorations) as 0/1/2.

One softmax head per mechanism over the shared encoder's view of the reply plus a few lexical
cue counts. The cues carry what a sentence encoder blurs: how many questions the reply asks and
whether they are about the customer, "it sounds like" / "I can imagine" frames, first-person
feelings. Heads are plain numpy at run time (weights in ``heads.npz``, standardisation in the
manifest); training lives in ``training/train_coach.py``.
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
from empathica.respond.behaviours import _ACK_FRAME, _APOLOGY, _EMOTION, _VALIDATE, _is_question
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

CUE_NAMES: tuple[str, ...] = (
    "questions", "questions_about_you", "explore_questions", "info_requests", "feeling_words",
    "interpret_frames", "self_disclosure", "apologies", "warmth", "first_person_feeling", "you_rate",
    "log_words", "exclamations", "validations", "acknowledgements",
)  # fmt: skip


def cue_features(texts: Sequence[str]) -> np.ndarray:
    """[n, len(CUE_NAMES)] float32 counts (capped at 3) and rates, computed on the full text."""
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
        ]
        row = [min(3.0, float(x)) for x in row]
        row[CUE_NAMES.index("you_rate")] = min(1.0, 5.0 * len(_YOU.findall(text)) / n_words)
        row[CUE_NAMES.index("log_words")] = math.log1p(n_words) / 5.0
        out[i] = row
    return out


@dataclass(frozen=True, slots=True)
class MechanismHeads:
    """Softmax heads: for each mechanism a [3, d] weight and [3] bias over standardised inputs."""

    version: str
    encoder: str  # the encoder version the heads were trained on: features mean nothing on another
    inputs: tuple[str, ...]  # which encoder outputs, in order, then the cues: ("features", "cues")
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
            cues = tuple(str(x) for x in manifest.get("cues", CUE_NAMES))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ModelError(f"coach model manifest {manifest_path} is not valid: {exc}") from exc
        if "cues" in inputs and cues != CUE_NAMES:
            raise ModelError(
                f"coach model manifest {manifest_path} was trained on cues {list(cues)}, but this "
                f"version computes {list(CUE_NAMES)}: retrain the coach (training/train_coach.py)"
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
        return cls(version, encoder, inputs, mean, scale, weight, bias)

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
