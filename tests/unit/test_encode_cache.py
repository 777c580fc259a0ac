"""The taxonomy-example cache answers only for the same model and the same texts, and never breaks a start."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from empathica.pipeline.encode_cache import CachedEncoder
from empathica.pipeline.encoder import EncoderOutput


class CountingEncoder:
    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> EncoderOutput:
        self.calls += 1
        rows = np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)
        return EncoderOutput(features=rows * 2, embeddings=rows / np.linalg.norm(rows, axis=1, keepdims=True))


def test_same_texts_and_model_are_encoded_once(tmp_path: Path) -> None:
    inner = CountingEncoder()
    first = CachedEncoder(inner, tmp_path, "m-1").encode(["a parcel", "late again"])
    again = CachedEncoder(inner, tmp_path, "m-1").encode(["a parcel", "late again"])
    assert inner.calls == 1
    np.testing.assert_array_equal(first.features, again.features)
    np.testing.assert_array_equal(first.embeddings, again.embeddings)


def test_another_model_or_other_texts_encode_again(tmp_path: Path) -> None:
    inner = CountingEncoder()
    CachedEncoder(inner, tmp_path, "m-1").encode(["a parcel"])
    CachedEncoder(inner, tmp_path, "m-2").encode(["a parcel"])
    CachedEncoder(inner, tmp_path, "m-1").encode(["a parcel", "and more"])
    assert inner.calls == 3


def test_a_corrupt_file_or_unwritable_folder_only_costs_time(tmp_path: Path) -> None:
    inner = CountingEncoder()
    cached = CachedEncoder(inner, tmp_path, "m-1")
    cached.path_for(["x"]).write_bytes(b"not an npz")
    assert cached.encode(["x"]).features.shape == (1, 3)
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    assert CachedEncoder(inner, blocked / "cache", "m-1").encode(["y"]).embeddings.shape == (1, 3)
    assert inner.calls == 2
