"""The three reason stages — causes (why the writer feels so), needs (what they need now) and
journey stage (when it happened) — fitted together on one taxonomy.

Each stage lives in its own module (``causes``, ``needs``, ``journey``); the few-shot head they
share is ``empathica.pipeline.fewshot`` and the clause, cue and polarity helpers are
``empathica.pipeline.clauses``. This module only fits the heads and wires the stages.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from empathica.pipeline.fewshot import DEFAULT_CUE_WEIGHT, TextEncoder, fit_heads
from empathica.pipeline.stages.causes import CauseStage
from empathica.pipeline.stages.journey import JourneyStageStage
from empathica.pipeline.stages.needs import NeedStage
from empathica.taxonomy import Taxonomy, load_taxonomy


def build_reason_stages(
    encoder: TextEncoder,
    taxonomy_paths: Sequence[Path | str] | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    cue_weight: float = DEFAULT_CUE_WEIGHT,
) -> list[CauseStage | NeedStage | JourneyStageStage]:
    """The three reason stages, fitted on the default taxonomy with any custom files applied.

    A custom file's ``causes:`` (``employee_causes:``, ``needs:``, ``stages:``) replaces that
    default section; raises ``TaxonomyError`` (naming file and line) for a bad file. All four
    sections' examples are embedded in one encoder call.
    """
    tax = taxonomy if taxonomy is not None else load_taxonomy(taxonomy_paths)
    heads = fit_heads(encoder, tax, cue_weight=cue_weight)
    return [
        CauseStage(heads.causes, heads.employee_causes),
        NeedStage(heads.needs),
        JourneyStageStage(heads.stages),
    ]
