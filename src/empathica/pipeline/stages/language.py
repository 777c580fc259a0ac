"""Detect the language so that texts the model was not trained on are flagged, not guessed at.

The emotion model learned from English only. A confident non-English detection marks the
analysis as low-confidence with a warning; very short or ambiguous texts ("ok", "lol")
are left as undetermined rather than mislabelled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from empathica.pipeline.base import Batch

#: Below this normalised probability the detector's answer is not trusted.
MIN_PROBABILITY = 0.8
#: Fewer words than this are too little evidence to call a text non-English.
MIN_WORDS = 3

Classifier = Callable[[str], tuple[str, float]]


def langid_classifier() -> Classifier:
    """py3langid with normalised probabilities (loaded lazily: it costs ~0.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier: Any = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def classify(text: str) -> tuple[str, float]:
        lang, prob = identifier.classify(text)
        return str(lang), float(prob)

    return classify


def decide_language(text: str, lang: str, prob: float, covered: frozenset[str]) -> tuple[str, bool]:
    """Return (language, low_confidence) from one detector answer.

    A covered language is believed at any probability; calling a text foreign needs a
    confident answer on enough words, because short English texts are often misread.
    """
    if lang in covered:
        return lang, False
    if len(text.split()) < MIN_WORDS or prob < MIN_PROBABILITY:
        return "und", False
    return lang, lang not in covered


class LanguageStage:
    """Adds ``languages`` and ``low_confidence`` and a warning for uncovered languages."""

    name = "language"
    requires = frozenset({"texts"})
    provides = frozenset({"languages", "low_confidence", "warnings"})

    def __init__(
        self, classify: Classifier | None = None, covered: frozenset[str] = frozenset({"en"})
    ) -> None:
        self._classify = classify
        self.covered = covered

    def __call__(self, batch: Batch) -> Batch:
        if self._classify is None:
            self._classify = langid_classifier()
        languages: list[str] = []
        flags: list[bool] = []
        warnings: list[list[str]] = (
            [list(w) for w in batch["warnings"]] if "warnings" in batch else [[] for _ in range(len(batch))]
        )
        for text, notes in zip(batch["texts"], warnings, strict=True):
            lang, prob = self._classify(text)
            language, low = decide_language(text, lang, prob, self.covered)
            languages.append(language)
            flags.append(low)
            if low:
                notes.append(
                    f"language '{language}' is not covered by the emotion model (trained on "
                    f"{', '.join(sorted(self.covered))}); treat these scores as low-confidence"
                )
        return batch.with_columns(languages=languages, low_confidence=flags, warnings=warnings)
