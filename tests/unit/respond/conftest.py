"""Hand-built analyses for the reply tests: no model, every field chosen by the test."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from empathica.domain import Analysis, Cause, JourneyStage, LabelScores, Need
from empathica.respond import Playbook, load_playbook
from empathica.taxonomy import load_taxonomy
from helpers.analyses import MakeAnalysis


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load_playbook(None, [label.name for label in load_taxonomy().causes])


def _make(
    text: str,
    *,
    sentiment: str = "negative",
    valence: float = -0.7,
    emotions: Sequence[str] = ("annoyance",),
    cause: str | None = "delivery",
    evidence: str | None = None,
    polarity: str = "pain",
    needs: Sequence[str] = (),
    stage: str = "after",
    language: str = "en",
    metadata: dict[str, str] | None = None,
) -> Analysis:
    causes = [Cause(cause, 0.8, text if evidence is None else evidence, polarity=polarity)] if cause else []
    return Analysis(
        id="t1",
        text=text,
        emotions=LabelScores(list(emotions), {e: 0.8 for e in emotions}),
        ekman=LabelScores([], {}),
        sentiment=sentiment,
        valence=valence,
        intensity=0.6,
        language=language,
        causes=causes,
        needs=[Need(n, 0.7, text) for n in needs],
        stage=JourneyStage(stage, 0.8),
        metadata=dict(metadata or {}),
    )


@pytest.fixture
def make_analysis() -> MakeAnalysis:
    return _make
