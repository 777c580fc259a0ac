"""The lexical cues the mechanism heads read, and the bundle's promise to match them (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from empathica.pipeline.errors import ModelError
from empathica.respond.mechanisms import CUE_NAMES, MechanismHeads, cue_features


def _cues(text: str) -> dict[str, float]:
    return dict(zip(CUE_NAMES, cue_features([text])[0].tolist(), strict=True))


def test_shared_experience_is_told_apart_from_advice() -> None:
    shared = _cues("When I lost my job I felt the same, I used to sit in the car for an hour.")
    advice = _cues("Apply for unemployment right away and update your CV.")
    assert shared["shared_experience"] >= 2 and advice["shared_experience"] == 0
    assert shared["i_rate"] > 0.5 and advice["i_rate"] == 0


def test_strong_feeling_is_told_apart_from_generic_sympathy() -> None:
    assert _cues("I'm so sorry, my heart breaks reading this.")["strong_feeling"] >= 2
    assert _cues("Sorry to hear that, hang in there.")["strong_feeling"] == 0


def test_counts_are_capped_and_rates_bounded() -> None:
    cues = _cues("I I I I me my mine. " * 5 + "So sorry. Really sad. Truly sorry. Deeply moved.")
    assert cues["strong_feeling"] == 3.0
    assert cues["i_rate"] == 1.0


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
    with pytest.raises(ModelError, match=r"manifest\.json.*strong_feeling.*retrain"):
        MechanismHeads.load(bundle)


def test_heads_trained_on_these_cues_load(tmp_path: Path) -> None:
    heads = MechanismHeads.load(_bundle(tmp_path, list(CUE_NAMES)))
    assert heads.input_dim == len(CUE_NAMES) + 4
