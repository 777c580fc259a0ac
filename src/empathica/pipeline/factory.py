"""Assemble the default pipeline: redact → language → encode → emotion → risk.

Redaction runs first so personal data never reaches the model or the stored record; the
language stage runs before encoding so its warning travels with the result.
"""

from __future__ import annotations

from pathlib import Path

from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Pipeline
from empathica.pipeline.models import bundled_model_dir
from empathica.pipeline.stages.emotion import load_model
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.redact import RedactStage
from empathica.pipeline.stages.risk import RiskStage


def build_analyzer(
    model_dir: Path | None = None,
    *,
    threads: int = 0,
    batch_size: int = 64,
    keep_original: bool = False,
) -> Analyzer:
    """The analyzer every entry point uses; ``model_dir`` defaults to the bundled model."""
    encode, emotion = load_model(model_dir or bundled_model_dir(), threads=threads, batch_size=batch_size)
    pipeline = Pipeline([RedactStage(keep_original), LanguageStage(), encode, emotion, RiskStage()])
    return Analyzer(pipeline, model_version=emotion.model_version, chunk_size=max(batch_size * 4, 64))
