"""Assemble the default pipeline: redact → language → encode → emotion → spans → causes → needs →
stage → risk.

Redaction runs first so personal data never reaches the model or the stored record; the
language stage runs before encoding so its warning travels with the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Pipeline, PipelineError, Stage
from empathica.pipeline.encode_cache import CachedEncoder
from empathica.pipeline.models import bundled_model_dir
from empathica.pipeline.stages.emotion import load_model
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.reasons import build_reason_stages
from empathica.pipeline.stages.redact import RedactStage
from empathica.pipeline.stages.risk import RiskStage
from empathica.pipeline.stages.spans import SentenceEmotionStage
from empathica.taxonomy import Taxonomy


def build_analyzer(
    model_dir: Path | None = None,
    *,
    threads: int = 0,
    batch_size: int = 64,
    keep_original: bool = False,
    taxonomy_paths: Sequence[Path] = (),
    cache_dir: Path | None = None,
    sentence_spans: bool = True,
) -> Analyzer:
    """The analyzer every entry point uses; ``model_dir`` defaults to the bundled model.

    ``taxonomy_paths`` are YAML files whose sections replace the default causes, needs or
    stages; their labels are fitted over the shared encoder here, without retraining.
    ``cache_dir`` keeps the encoded taxonomy examples between runs (a faster start).
    ``sentence_spans`` off skips reading longer texts sentence by sentence (benchmarks compare).
    """
    encode, emotion = load_model(model_dir or bundled_model_dir(), threads=threads, batch_size=batch_size)
    fit_with: Any = encode.encoder
    if cache_dir is not None:
        fit_with = CachedEncoder(encode.encoder, cache_dir, emotion.model_version)
    reasons = build_reason_stages(fit_with, list(taxonomy_paths) or None)
    spans = [SentenceEmotionStage(encode.encoder, emotion, batch_size=batch_size)] if sentence_spans else []
    stages = [RedactStage(keep_original), LanguageStage(), encode, emotion, *spans, *reasons, RiskStage()]
    pipeline = Pipeline(stages)
    return Analyzer(pipeline, model_version=emotion.model_version, chunk_size=max(batch_size * 4, 64))


def with_taxonomy(analyzer: Analyzer, taxonomy: Taxonomy) -> Analyzer:
    """A copy of ``analyzer`` whose cause, need and stage heads are fitted on ``taxonomy``.

    Every other stage (redaction, the encoder and its loaded ONNX session, emotion, risk) is
    shared with the original, so a variant costs only the fit: one encoder call over the
    taxonomy's examples. Raises ``PipelineError`` when the analyzer has no ``encode`` stage
    holding an encoder (a hand-built test pipeline), since the heads need that encoder.
    """
    encode = next((s for s in analyzer.pipeline.stages if s.name == "encode"), None)
    encoder = getattr(encode, "encoder", None)
    if encoder is None:
        raise PipelineError("this analyzer has no shared encoder, so it cannot fit a custom taxonomy")
    fresh: dict[str, Stage] = {s.name: s for s in build_reason_stages(encoder, taxonomy=taxonomy)}
    stages = [fresh.pop(s.name, s) for s in analyzer.pipeline.stages]
    if fresh:
        # the original had no reason stages: put them right after emotion, where the factory does
        at = next((k + 1 for k, s in enumerate(stages) if s.name == "emotion"), len(stages))
        stages[at:at] = list(fresh.values())
    return Analyzer(Pipeline(stages), model_version=analyzer.model_version, chunk_size=analyzer.chunk_size)
