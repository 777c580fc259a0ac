"""Assemble the default pipeline: redact → language → encode → emotion → causes → needs → stage → risk.

Redaction runs first so personal data never reaches the model or the stored record; the
language stage runs before encoding so its warning travels with the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Pipeline
from empathica.pipeline.models import bundled_model_dir
from empathica.pipeline.stages.emotion import load_model
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.reasons import build_reason_stages
from empathica.pipeline.stages.redact import RedactStage
from empathica.pipeline.stages.risk import RiskStage


def build_analyzer(
    model_dir: Path | None = None,
    *,
    threads: int = 0,
    batch_size: int = 64,
    keep_original: bool = False,
    taxonomy_paths: Sequence[Path] = (),
) -> Analyzer:
    """The analyzer every entry point uses; ``model_dir`` defaults to the bundled model.

    ``taxonomy_paths`` are YAML files whose sections replace the default causes, needs or
    stages; their labels are fitted over the shared encoder here, without retraining.
    """
    encode, emotion = load_model(model_dir or bundled_model_dir(), threads=threads, batch_size=batch_size)
    reasons = build_reason_stages(encode.encoder, list(taxonomy_paths) or None)
    stages = [RedactStage(keep_original), LanguageStage(), encode, emotion, *reasons, RiskStage()]
    pipeline = Pipeline(stages)
    return Analyzer(pipeline, model_version=emotion.model_version, chunk_size=max(batch_size * 4, 64))
