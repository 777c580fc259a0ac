"""The per-request taxonomy cache: keyed by the YAML text, bounded, least recently used out first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pytest

from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Batch, Pipeline, PipelineError, Stage
from empathica.pipeline.factory import with_taxonomy
from empathica.pipeline.stages.encode import EncodeStage
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.redact import RedactStage
from empathica.pipeline.taxonomy_cache import TaxonomyVariants, taxonomy_key
from empathica.taxonomy import Taxonomy, TaxonomyError, load_taxonomy


@dataclass
class Output:
    features: np.ndarray
    embeddings: np.ndarray


class CountingEncoder:
    """Two axes: texts with "a" in them, and the rest."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Output:
        self.calls += 1
        rows = np.array([[1.0, 0.0] if "a" in t else [0.0, 1.0] for t in texts], dtype=np.float32)
        return Output(rows, rows)


class Front:
    """Stand-in for the emotion stage: the columns the reason stages read."""

    name = "emotion"
    requires = frozenset({"texts"})
    provides = frozenset({"emotions", "ekman", "sentiment", "valence", "intensity"})

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        return batch.with_columns(
            emotions=[None] * n, ekman=[None] * n, sentiment=["neutral"] * n, valence=[0.0] * n,
            intensity=[0.0] * n,
        )  # fmt: skip


def yaml_for(first: str, second: str) -> str:
    return (
        f"causes:\n  - name: {first}\n    description: aaa\n    examples: [a]\n"
        f"  - name: {second}\n    description: xyz\n    examples: [x]\n"
    )


def _analyzer(*middle: Stage) -> Analyzer:
    stages: list[Stage] = [RedactStage(), LanguageStage(classify=lambda text: ("en", 0.99)), *middle]
    return Analyzer(Pipeline(stages), "t")


def base(encoder: CountingEncoder) -> Analyzer:
    return _analyzer(EncodeStage(encoder), Front())


def test_variants_are_cached_by_text_and_the_oldest_goes_first() -> None:
    encoder = CountingEncoder()
    variants = TaxonomyVariants(base(encoder), lambda: Taxonomy(), max_size=2)
    one, two, three = yaml_for("p", "q"), yaml_for("r", "s"), yaml_for("t", "u")
    first = variants.get(one)
    assert variants.get(one) is first and encoder.calls == 1
    variants.get(two)
    variants.get(one)  # one is now the most recent; two is the oldest
    variants.get(three)
    assert len(variants) == 2 and encoder.calls == 3
    assert variants.get(one) is first and encoder.calls == 3
    variants.get(two)
    assert encoder.calls == 4


def test_a_variant_classifies_with_the_new_labels() -> None:
    variant = TaxonomyVariants(base(CountingEncoder()), lambda: Taxonomy()).get(yaml_for("apples", "other"))
    records = variant.analyze(["a", "x"])
    assert [r.causes[0].label for r in records] == ["apples", "other"]


def test_a_bad_text_raises_and_is_not_cached() -> None:
    variants = TaxonomyVariants(base(CountingEncoder()), lambda: Taxonomy())
    with pytest.raises(TaxonomyError, match=r"^taxonomy, line 1: unknown section 'cause'"):
        variants.get("cause: []\n")
    assert len(variants) == 0


def test_request_sections_replace_only_their_own_section() -> None:
    variants = TaxonomyVariants(base(CountingEncoder()), lambda: load_taxonomy())
    variant = variants.get(yaml_for("apples", "other"))
    names = {s.name: s for s in variant.pipeline.stages}
    assert names["causes"].customer.names == ["apples", "other"]  # type: ignore[attr-defined]
    assert "to_be_heard" in names["needs"].head.names  # type: ignore[attr-defined]


def test_an_analyzer_without_an_encoder_cannot_take_a_taxonomy() -> None:
    with pytest.raises(PipelineError, match="no shared encoder"):
        with_taxonomy(_analyzer(Front()), Taxonomy())


def test_the_key_is_the_text_hash() -> None:
    assert taxonomy_key("a") != taxonomy_key("a ") and len(taxonomy_key("a")) == 64
