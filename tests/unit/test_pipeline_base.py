import pytest

from empathica.pipeline.base import Batch, Pipeline, PipelineError


class Upper:
    name = "upper"
    requires = frozenset({"texts"})
    provides = frozenset({"upper"})

    def __call__(self, batch: Batch) -> Batch:
        return batch.with_columns(upper=[t.upper() for t in batch["texts"]])


class Length:
    name = "length"
    requires = frozenset({"upper"})
    provides = frozenset({"length"})

    def __call__(self, batch: Batch) -> Batch:
        return batch.with_columns(length=[len(t) for t in batch["upper"]])


def test_pipeline_runs_stages_in_order() -> None:
    out = Pipeline([Upper(), Length()])(Batch.of(["ab", "cde"]))
    assert out["upper"] == ["AB", "CDE"]
    assert out["length"] == [2, 3]


def test_missing_requirement_fails_when_built_naming_the_column() -> None:
    with pytest.raises(PipelineError, match=r"'length' needs \['upper'\]"):
        Pipeline([Length(), Upper()])


def test_duplicate_stage_names_are_refused() -> None:
    with pytest.raises(PipelineError, match="twice"):
        Pipeline([Upper(), Upper()])


def test_columns_must_match_batch_length() -> None:
    with pytest.raises(PipelineError, match="has 1 values for a batch of 2"):
        Batch.of(["a", "b"]).with_columns(x=[1])
