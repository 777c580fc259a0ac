"""Hand-built analyses shared by tests (importable from any test, unlike a conftest)."""

from __future__ import annotations

from collections.abc import Callable

from empathica.domain import (
    EKMAN_LABELS,
    GOEMOTIONS_LABELS,
    Analysis,
    Cause,
    JourneyStage,
    LabelScores,
    Need,
    Risk,
)

#: A factory of hand-built analyses: ``make(text, sentiment=..., cause=..., needs=...)``.
MakeAnalysis = Callable[..., Analysis]


def scores_for(selected: str, labels: tuple[str, ...]) -> LabelScores:
    """Every label gets a small score; the selected one a high one, as a real model would."""
    scores = {label: round(0.01 * (i % 5 + 1), 2) for i, label in enumerate(labels)}
    scores[selected] = 0.91
    return LabelScores([selected], scores)


def hand_analysis(text: str, goemotion: str, ekman: str, sentiment: str, valence: float) -> Analysis:
    return Analysis(
        id=None,
        text=text,
        emotions=scores_for(goemotion, GOEMOTIONS_LABELS),
        ekman=scores_for(ekman, EKMAN_LABELS),
        sentiment=sentiment,
        valence=valence,
        intensity=abs(valence),
        model_version="hand-1",
    )


def span_of(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def with_reasons(analysis: Analysis) -> Analysis:
    """Causes, a need, a stage and a risk for "The parcel arrived broken and nobody answers."

    The need's words ("nobody answers") lie inside the second cause's ("broken and nobody
    answers"), so the page has to cope with overlapping evidence.
    """
    text = analysis.text
    analysis.causes = [
        Cause(
            "product_quality", 0.81, "arrived broken", *span_of(text, "arrived broken"), ["disappointment"]
        ),
        Cause(
            "lack_of_interaction",
            0.74,
            "broken and nobody answers",
            *span_of(text, "broken and nobody answers"),
            ["disappointment", "annoyance"],
        ),
    ]
    analysis.needs = [Need("to_be_heard", 0.66, "nobody answers", *span_of(text, "nobody answers"))]
    analysis.stage = JourneyStage("after", 0.7, "The parcel arrived")
    analysis.risk = Risk(
        amplification=0.35,
        estimated_reach=1250,
        urgency=0.8,
        churn=0.6,
        priority="high",
        reasons=["strong disappointment", "no reply from the company"],
    )
    return analysis
