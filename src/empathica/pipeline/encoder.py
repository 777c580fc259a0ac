"""ONNX Runtime text encoder: tokenise, batch by length, run once, restore input order.

Sorting by token length before batching means each batch is padded only to its own longest
text, so a corpus of short chats with a few long e-mails costs little more than the chats
alone. The encoder returns two views of every text: ``features`` (what the classifier heads
read) and ``embeddings`` (an L2-normalised sentence embedding for similarity and clustering).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from empathica.pipeline.errors import ModelError

MANIFEST = "manifest.json"
ENCODER_FILE = "encoder.onnx"
TOKENIZER_FILE = "tokenizer.json"
_INPUTS = ("input_ids", "attention_mask")
_OUTPUTS = ("features", "embeddings")


def read_manifest(model_dir: Path) -> dict[str, Any]:
    """The bundle's manifest, with a ModelError naming the file when it is missing or broken."""
    path = Path(model_dir) / MANIFEST
    if not path.is_file():
        raise ModelError(f"model manifest not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"model manifest {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"model manifest {path} must hold a JSON object")
    for key in ("version", "max_length", "heads"):
        if key not in data:
            raise ModelError(f"model manifest {path} has no {key!r} entry")
    return data


@dataclass(frozen=True, slots=True)
class EncoderOutput:
    """Row ``i`` of each array belongs to input text ``i``."""

    features: np.ndarray  # [n, d] float32
    embeddings: np.ndarray  # [n, e] float32, rows of unit length


class Encoder:
    """A loaded bundle encoder; thread-safe for concurrent ``encode`` calls (ONNX Runtime is)."""

    def __init__(
        self,
        session: Any,
        tokenizer: Any,
        max_length: int,
        model_version: str,
        feature_dim: int,
        embedding_dim: int,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.max_length = max_length
        self.model_version = model_version
        self.feature_dim = feature_dim
        self.embedding_dim = embedding_dim

    @classmethod
    def load(cls, model_dir: Path, threads: int = 0) -> Encoder:
        """Loads ``encoder.onnx`` and ``tokenizer.json``; ``threads`` 0 lets ONNX Runtime choose."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        manifest = read_manifest(model_dir)
        max_length = int(manifest["max_length"])
        outputs = manifest.get("outputs", {})
        feature_dim = int(outputs.get("features", 0))
        embedding_dim = int(outputs.get("embeddings", 0))

        tok_path = model_dir / TOKENIZER_FILE
        if not tok_path.is_file():
            raise ModelError(f"tokenizer file not found: {tok_path}")
        try:
            tokenizer = Tokenizer.from_file(str(tok_path))
        except Exception as exc:  # tokenizers raises a bare Exception on bad JSON
            raise ModelError(f"tokenizer file {tok_path} could not be read: {exc}") from exc
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=max_length)

        onnx_path = model_dir / ENCODER_FILE
        if not onnx_path.is_file():
            raise ModelError(f"encoder model file not found: {onnx_path}")
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.intra_op_num_threads = max(0, int(threads))
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Weights ship as int8/int4 + scale (DequantizeLinear); folding them back to float at load
        # keeps the file small while each item's result stays independent of its batch-mates.
        options.add_session_config_entry("session.disable_quant_qdq", "1")
        # Idle worker threads sleep instead of spinning: on a shared 2-core machine spinning
        # cost a third of the throughput and slowed everything else down.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # ONNX Runtime raises its own exception types for bad files
            raise ModelError(f"encoder model file {onnx_path} could not be loaded: {exc}") from exc
        names_in = tuple(i.name for i in session.get_inputs())
        names_out = tuple(o.name for o in session.get_outputs())
        if set(names_in) != set(_INPUTS) or not set(_OUTPUTS) <= set(names_out):
            raise ModelError(
                f"encoder model file {onnx_path} has inputs {names_in} and outputs {names_out}; "
                f"expected inputs {_INPUTS} and outputs {_OUTPUTS}"
            )
        return cls(session, tokenizer, max_length, str(manifest["version"]), feature_dim, embedding_dim)

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids per text, truncated at ``max_length`` (special tokens included)."""
        _check_texts(texts)
        return [list(e.ids) for e in self._tokenizer.encode_batch(list(texts))]

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> EncoderOutput:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        n = len(texts)
        if n == 0:
            return EncoderOutput(
                np.zeros((0, self.feature_dim), dtype=np.float32),
                np.zeros((0, self.embedding_dim), dtype=np.float32),
            )
        _check_texts(texts)
        # The same text (a "thanks!", a pasted template) is encoded once per call: scores do not
        # depend on batch-mates, so copying the row is exact, and support data repeats itself.
        first: dict[str, int] = {}
        where = np.array([first.setdefault(t, len(first)) for t in texts], dtype=np.int64)
        if len(first) < n:
            out = self.encode(list(first), batch_size)
            return EncoderOutput(out.features[where], out.embeddings[where])
        ids = self.token_ids(texts)
        order = np.argsort(np.array([len(x) for x in ids]), kind="stable")
        features: np.ndarray | None = None
        embeddings: np.ndarray | None = None
        for start in range(0, n, batch_size):
            rows = order[start : start + batch_size]
            width = max(len(ids[r]) for r in rows)
            input_ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for j, r in enumerate(rows):
                seq = ids[r]
                input_ids[j, : len(seq)] = seq
                mask[j, : len(seq)] = 1
            feats, embs = self._session.run(list(_OUTPUTS), {"input_ids": input_ids, "attention_mask": mask})
            if features is None or embeddings is None:
                features = np.empty((n, feats.shape[1]), dtype=np.float32)
                embeddings = np.empty((n, embs.shape[1]), dtype=np.float32)
            features[rows] = feats
            embeddings[rows] = embs
        assert features is not None and embeddings is not None
        return EncoderOutput(features, embeddings)


def _check_texts(texts: Sequence[str]) -> None:
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"text {i} is {type(text).__name__}, expected str")
