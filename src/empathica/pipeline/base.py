"""The Stage protocol and a Pipeline that checks its chain when it is built.

A batch is a set of named, equally long columns. Each stage declares the columns it
needs and the ones it adds, so a missing or misordered stage fails at construction
time with a message naming the column, not half-way through a 10,000-row run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

#: Columns present in every batch before the first stage runs.
INPUT_COLUMNS: frozenset[str] = frozenset({"ids", "texts", "metadata"})


class PipelineError(ValueError):
    """The stages do not fit together."""


@dataclass(slots=True)
class Batch:
    """Named columns, one value per item. ``texts`` is what later stages read."""

    columns: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        texts: Sequence[str],
        ids: Sequence[str | None] | None = None,
        metadata: Sequence[dict[str, Any]] | None = None,
    ) -> Batch:
        n = len(texts)
        return cls(
            {
                "texts": list(texts),
                "ids": list(ids) if ids is not None else [None] * n,
                "metadata": [dict(m) for m in metadata] if metadata is not None else [{} for _ in range(n)],
            }
        )

    def __len__(self) -> int:
        return len(self.columns["texts"])

    def __getitem__(self, name: str) -> Any:
        return self.columns[name]

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def with_columns(self, **new: Any) -> Batch:
        n = len(self)
        for name, values in new.items():
            if len(values) != n:
                raise PipelineError(f"column {name!r} has {len(values)} values for a batch of {n}")
        return Batch({**self.columns, **new})


@runtime_checkable
class Stage(Protocol):
    """One step of the analysis; stateless between batches once built."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, batch: Batch) -> Batch: ...


class Pipeline:
    """Runs stages in order after checking that each one's inputs will be there."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages: tuple[Stage, ...] = tuple(stages)
        available = set(INPUT_COLUMNS)
        names: set[str] = set()
        for stage in self.stages:
            if stage.name in names:
                raise PipelineError(f"stage {stage.name!r} appears twice")
            names.add(stage.name)
            missing = stage.requires - available
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} needs {sorted(missing)}, which no earlier stage provides"
                )
            available |= stage.provides
        self.provides: frozenset[str] = frozenset(available)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def stage(self, name: str) -> Stage | None:
        """The stage called ``name``, for callers that reuse its parts (the shared encoder)."""
        return next((s for s in self.stages if s.name == name), None)

    def __call__(self, batch: Batch) -> Batch:
        for stage in self.stages:
            batch = stage(batch)
        return batch
