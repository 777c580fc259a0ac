"""The lexical cues the mechanism heads read, and the bundle's promise to match them (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from empathica.pipeline.errors import ModelError
from empathica.respond.mechanisms import BASE_CUES, CUE_NAMES, MechanismHeads, cue_features


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


def test_heads_trained_on_a_cue_this_version_lacks_are_refused(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, [*CUE_NAMES[:-1], "sarcasm_marks"])
    with pytest.raises(ModelError, match=r"manifest\.json.*sarcasm_marks.*retrain"):
        MechanismHeads.load(bundle)


def test_heads_trained_on_the_older_cues_read_only_those(tmp_path: Path) -> None:
    """Adding cues must not break a bundle trained before them (0.1.0 names 15)."""
    heads = MechanismHeads.load(_bundle(tmp_path, list(BASE_CUES)))
    assert heads.cues == BASE_CUES and heads.input_dim == len(BASE_CUES) + 4
    text = ["I'm so sad for you. Have you tried yoga? What was the hardest part of that night?"]
    full = dict(zip(CUE_NAMES, cue_features(text)[0].tolist(), strict=True))
    picked = cue_features(text, heads.cues)[0].tolist()
    assert picked == [full[n] for n in BASE_CUES]


def test_unknown_cue_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="sarcasm_marks"):
        cue_features(["hi"], ["questions", "sarcasm_marks"])


def _cues(text: str) -> dict[str, float]:
    return dict(zip(CUE_NAMES, cue_features([text])[0].tolist(), strict=True))


def test_first_person_advice_is_not_a_story_of_ones_own() -> None:
    advice = _cues("I'd talk to your doctor. I think you should ask for a referral.")
    story = _cues("I had exactly this at 24. I went to three doctors before anyone listened.")
    assert advice["first_person_advice"] == 2 and advice["own_story"] == 0
    assert story["own_story"] == 2 and story["first_person_advice"] == 0
    assert story["similar_experience"] >= 1 and advice["similar_experience"] == 0


def test_advice_and_rhetorical_questions_are_not_exploring_ones() -> None:
    advice = _cues("Have you tried box breathing? Why don't you just call him?")
    exploring = _cues("How are you feeling about Monday? What was going through your mind?")
    assert advice["non_explore_questions"] == 2 and advice["feeling_questions"] == 0
    assert exploring["non_explore_questions"] == 0 and exploring["feeling_questions"] == 1


def test_named_own_feeling_is_told_from_generic_sympathy() -> None:
    assert _cues("This honestly breaks my heart. I'm so sad for you.")["strong_own_feeling"] == 2
    assert _cues("Sorry to hear that, hugs. Hope it gets better.")["strong_own_feeling"] == 0
    assert _cues("Get a second quote. Don't go near payday loans.")["advice_sentences"] == 2


def test_heads_trained_on_these_cues_load(tmp_path: Path) -> None:
    heads = MechanismHeads.load(_bundle(tmp_path, list(CUE_NAMES)))
    assert heads.input_dim == len(CUE_NAMES) + 4
