"""A real ``Analyzer`` whose emotion stage is a keyword rule, for tests of the layers above it.

Redaction and language detection are the real stages; the emotion comes from the first keyword
found, so a test's expected results follow from its own text and no trained model is needed.
"""

from __future__ import annotations

from empathica.domain import EKMAN_LABELS, GOEMOTIONS_LABELS
from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Batch, Pipeline, Stage
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.redact import RedactStage
from helpers.analyses import scores_for

MODEL_VERSION = "keywords-test-1"

#: keyword -> (GoEmotions label, Ekman label, sentiment, valence)
RULES = {
    "furious": ("anger", "anger", "negative", -0.9),
    "broken": ("disappointment", "sadness", "negative", -0.6),
    "thank": ("gratitude", "joy", "positive", 0.8),
    "scared": ("fear", "fear", "negative", -0.5),
}


class KeywordEmotion:
    name = "emotion"
    requires = frozenset({"texts"})
    provides = frozenset({"emotions", "ekman", "sentiment", "valence", "intensity"})

    def __call__(self, batch: Batch) -> Batch:
        picks = []
        for text in batch["texts"]:
            lowered = text.lower()
            picks.append(
                next((r for k, r in RULES.items() if k in lowered), ("neutral", "neutral", "neutral", 0.0))
            )
        return batch.with_columns(
            emotions=[scores_for(p[0], GOEMOTIONS_LABELS) for p in picks],
            ekman=[scores_for(p[1], EKMAN_LABELS) for p in picks],
            sentiment=[p[2] for p in picks],
            valence=[p[3] for p in picks],
            intensity=[abs(p[3]) for p in picks],
        )


def keyword_analyzer() -> Analyzer:
    stages: list[Stage] = [RedactStage(), LanguageStage(classify=lambda text: ("en", 0.99)), KeywordEmotion()]
    return Analyzer(Pipeline(stages), model_version=MODEL_VERSION)
