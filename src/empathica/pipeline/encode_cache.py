"""A disk cache for encoding the same fixed texts at every start: the taxonomy's examples.

Fitting the reason heads encodes every description and example of the taxonomy (about a second
on a laptop CPU), the same texts with the same model each time a process starts. Keyed by the
model version and the texts themselves, a cached result can never belong to another model or
another taxonomy; a missing, stale or unreadable file just means encoding again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from empathica.pipeline.encoder import EncoderOutput


class CachedEncoder:
    """Wraps an encoder: ``encode`` answers from ``cache_dir`` when it has seen the same texts."""

    def __init__(self, encoder: Any, cache_dir: Path, model_version: str) -> None:
        self.encoder = encoder
        self.cache_dir = Path(cache_dir)
        self.model_version = model_version

    def path_for(self, texts: Sequence[str]) -> Path:
        digest = hashlib.sha256(self.model_version.encode("utf-8"))
        for text in texts:
            digest.update(b"\x00" + text.encode("utf-8"))
        return self.cache_dir / f"encoded-{digest.hexdigest()[:32]}.npz"

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> EncoderOutput:
        path = self.path_for(texts)
        cached = _read(path, len(texts))
        if cached is not None:
            return cached
        out: EncoderOutput = self.encoder.encode(texts, batch_size=batch_size)
        _write(path, out)
        return out


def _read(path: Path, n: int) -> EncoderOutput | None:
    try:
        with np.load(path) as data:
            features, embeddings = data["features"], data["embeddings"]
    except (OSError, KeyError, ValueError, EOFError):
        return None
    if features.shape[0] != n or embeddings.shape[0] != n:
        return None
    return EncoderOutput(features=features, embeddings=embeddings)


def _write(path: Path, out: EncoderOutput) -> None:
    """Atomically, so two processes starting at once never read half a file; failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, features=out.features, embeddings=out.embeddings)
        os.replace(tmp, path)
    except OSError:
        return
