"""The "encode" stage: one encoder pass per item, shared by every head downstream."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from empathica.pipeline.base import Batch


class TextEncoder(Protocol):
    """What the stage needs from an encoder (``empathica.pipeline.encoder.Encoder`` fits)."""

    def encode(self, texts: Sequence[str], batch_size: int = ...) -> _Output: ...


class _Output(Protocol):
    @property
    def features(self) -> np.ndarray: ...

    @property
    def embeddings(self) -> np.ndarray: ...


class EncodeStage:
    """Adds ``features`` and ``embeddings`` columns: one float32 vector per item.

    Each column is a 2-D numpy array (row ``i`` for item ``i``), so downstream heads can run one
    matrix product per batch instead of stacking per-item vectors again.
    """

    name = "encode"
    requires = frozenset({"texts"})
    provides = frozenset({"features", "embeddings"})

    def __init__(self, encoder: TextEncoder, batch_size: int = 64) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.encoder = encoder
        self.batch_size = batch_size

    def __call__(self, batch: Batch) -> Batch:
        out = self.encoder.encode(list(batch["texts"]), batch_size=self.batch_size)
        return batch.with_columns(features=out.features, embeddings=out.embeddings)
