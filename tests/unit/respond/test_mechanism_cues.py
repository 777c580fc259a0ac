"""The lexical cues the mechanism heads read, and the bundle's promise to match them (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from empathica.pipeline.errors import ModelError
from empathica.respond.mechanisms import CUE_NAMES, MechanismHeads, cue_features


def test_one_value_per_cue_name_and_counts_capped() -> None:
    cues = cue_features(["Why? Why? Why? Why? Why? How are you feeling about it?", ""])
    assert cues.shape == (2, len(CUE_NAMES))
    row = dict(zip(CUE_NAMES, cues[0].tolist(), strict=True))
    assert row["questions"] == 3.0  # six questions, capped at three
    assert 0.0 < row["you_rate"] <= 1.0


def _bundle(tmp_path: Path, cues: list[str]) -> Path:
    d = len(cues) + 4
    arrays = {"mean": np.zeros(d, np.float32), "scale": np.ones(d, np.float32)}
    for m in ("emotional_reactions", "interpretations", "explorations"):
        arrays[f"{m}_weight"] = np.zeros((3, d), np.float32)
        arrays[f"{m}_bias"] = np.zeros(3, np.float32)
    np.savez(tmp_path / "heads.npz", **arrays)
    manifest = {"version": "t", "encoder": "e", "inputs": ["features", "cues"], "cues": cues}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


def test_heads_trained_on_other_cues_are_refused(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, list(CUE_NAMES[:-1]))
    with pytest.raises(ModelError, match=r"manifest\.json.*acknowledgements.*retrain"):
        MechanismHeads.load(bundle)


def test_heads_trained_on_these_cues_load(tmp_path: Path) -> None:
    heads = MechanismHeads.load(_bundle(tmp_path, list(CUE_NAMES)))
    assert heads.input_dim == len(CUE_NAMES) + 4
