"""Turn texts into ``Analysis`` objects with one validated pipeline.

The analyzer owns the chunking so callers (CLI, API, batch jobs) can hand it any number
of texts; each chunk goes through every stage once, so the encoder runs once per item.
Messages of one thread (metadata ``thread_id`` / ``conversation_id``) analysed in the same
call then get the thread's journey stage (see ``empathica.pipeline.threads``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from empathica.domain import Analysis
from empathica.pipeline.base import Batch, Pipeline, PipelineError
from empathica.pipeline.threads import assign_threads

#: Columns the analyzer reads to build an ``Analysis``.
RESULT_COLUMNS = frozenset(
    {
        "texts",
        "emotions",
        "ekman",
        "sentiment",
        "valence",
        "intensity",
        "languages",
        "low_confidence",
        "warnings",
        "redactions",
    }
)


class Analyzer:
    """Runs a pipeline in chunks and assembles the public records."""

    def __init__(self, pipeline: Pipeline, model_version: str, chunk_size: int = 256) -> None:
        missing = RESULT_COLUMNS - pipeline.provides
        if missing:
            raise PipelineError(f"the pipeline does not provide {sorted(missing)}")
        self.pipeline = pipeline
        self.model_version = model_version
        self.chunk_size = chunk_size

    def analyze(
        self,
        texts: Sequence[str],
        ids: Sequence[str | None] | None = None,
        metadata: Sequence[dict[str, Any]] | None = None,
    ) -> list[Analysis]:
        return self._run(texts, ids, metadata)[0]

    def analyze_with_embeddings(
        self,
        texts: Sequence[str],
        ids: Sequence[str | None] | None = None,
        metadata: Sequence[dict[str, Any]] | None = None,
    ) -> tuple[list[Analysis], np.ndarray]:
        """Analyses and the encoder's unit-length sentence embeddings from the same single pass.

        Themes need both; encoding twice would double the cost of the slowest step.
        """
        analyses, embeddings = self._run(texts, ids, metadata, keep_embeddings=True)
        assert embeddings is not None
        return analyses, embeddings

    def _run(
        self,
        texts: Sequence[str],
        ids: Sequence[str | None] | None,
        metadata: Sequence[dict[str, Any]] | None,
        keep_embeddings: bool = False,
    ) -> tuple[list[Analysis], np.ndarray | None]:
        n = len(texts)
        if ids is not None and len(ids) != n:
            raise ValueError(f"got {len(ids)} ids for {n} texts")
        if metadata is not None and len(metadata) != n:
            raise ValueError(f"got {len(metadata)} metadata entries for {n} texts")
        if keep_embeddings and "embeddings" not in self.pipeline.provides:
            raise PipelineError("the pipeline does not provide 'embeddings'")
        results: list[Analysis] = []
        vectors: list[np.ndarray] = []
        for start in range(0, n, self.chunk_size):
            stop = min(n, start + self.chunk_size)
            batch = Batch.of(
                texts[start:stop],
                ids[start:stop] if ids is not None else None,
                metadata[start:stop] if metadata is not None else None,
            )
            done = self.pipeline(batch)
            results.extend(self._records(done))
            if keep_embeddings:
                vectors.append(np.asarray(done["embeddings"], dtype=np.float32))
        # after every chunk, so a thread split across chunks is judged as one
        assign_threads(results)
        if not keep_embeddings:
            return results, None
        return results, (np.concatenate(vectors) if vectors else np.zeros((0, 0), dtype=np.float32))

    def _records(self, batch: Batch) -> list[Analysis]:
        return [
            Analysis(
                id=batch["ids"][i],
                text=batch["texts"][i],
                emotions=batch["emotions"][i],
                ekman=batch["ekman"][i],
                sentiment=batch["sentiment"][i],
                valence=batch["valence"][i],
                intensity=batch["intensity"][i],
                language=batch["languages"][i],
                low_confidence=batch["low_confidence"][i],
                redactions=batch["redactions"][i],
                warnings=batch["warnings"][i],
                metadata=batch["metadata"][i],
                model_version=self.model_version,
                causes=batch["causes"][i] if "causes" in batch else [],
                needs=batch["needs"][i] if "needs" in batch else [],
                stage=batch["journey_stage"][i] if "journey_stage" in batch else None,
                risk=batch["risk"][i] if "risk" in batch else None,
                spans=batch["emotion_spans"][i] if "emotion_spans" in batch else [],
            )
            for i in range(len(batch))
        ]
