"""The bundled empathy-coach model with the real shared encoder and analyzer, on a small fixture."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.errors import ModelError
from empathica.pipeline.factory import build_analyzer
from empathica.respond.coach import Coach, bundled_coach_dir

ANGRY = (
    "This is the third time I stayed home for my sofa and nobody came. I took a day off work. I'm furious."
)
COLD = "Deliveries can take up to 10 working days during busy periods."
WARM = (
    "I'm so sorry nobody came again, that sounds really frustrating, especially after taking a day off. "
    "You're right to expect better. I've booked a new delivery for your sofa on Thursday between 8am and "
    "noon and I'll text you the driver's details that morning. You won't be out of pocket for this."
)
HOWTO = "How do I reset my password?"
CRISP = "Tap Forgot password on the sign-in screen and we'll email you a reset link straight away."


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return build_analyzer(threads=1)


@pytest.fixture(scope="module")
def coach(analyzer: Analyzer) -> Coach:
    return Coach.load(analyzer.pipeline.stages[2].encoder)  # type: ignore[attr-defined]


def test_bundle_loads_with_version(coach: Coach) -> None:
    assert coach.version.startswith("empathy-coach-")
    assert coach.heads is not None


def test_cold_vs_warm_reply_to_angry_customer(coach: Coach, analyzer: Analyzer) -> None:
    angry, howto = analyzer.analyze([ANGRY, HOWTO])
    cold = coach.assess(angry, COLD)
    warm = coach.assess(angry, WARM)
    assert cold.empathy_needed == "high"
    assert warm.score > cold.score + 30
    assert warm.mechanisms.emotional_reactions >= 1 > cold.mechanisms.emotional_reactions
    crisp = coach.assess(howto, CRISP)
    assert crisp.empathy_needed == "none" and crisp.score >= 80


def test_batch_equals_single(coach: Coach, analyzer: Analyzer) -> None:
    angry, howto = analyzer.analyze([ANGRY, HOWTO])
    pairs = [(angry, COLD), (angry, WARM), (howto, CRISP), (howto, WARM)]
    macros = ["Deliveries can take up to 10 working days during busy periods."]
    batch = coach.assess_many(pairs, macros=macros)
    single = [coach.assess(c, r, macros=macros) for c, r in pairs]
    assert [a.mechanisms for a in batch] == [a.mechanisms for a in single]
    assert [a.score for a in batch] == [a.score for a in single]
    assert batch[0].scripted.closest == macros[0] and batch[0].scripted.score >= 0.9


def _copy_bundle(tmp_path: Path) -> Path:
    target = tmp_path / "empathy-coach"
    shutil.copytree(bundled_coach_dir(), target)
    return target


@pytest.mark.parametrize("name", ["heads.npz", "manifest.json"])
def test_missing_model_file_names_the_file(coach: Coach, tmp_path: Path, name: str) -> None:
    bundle = _copy_bundle(tmp_path)
    (bundle / name).unlink()
    with pytest.raises(ModelError, match=name.replace(".", r"\.")):
        Coach.load(coach.encoder, bundle)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["heads.npz", "manifest.json"])
def test_corrupt_model_file_names_the_file(coach: Coach, tmp_path: Path, name: str) -> None:
    bundle = _copy_bundle(tmp_path)
    (bundle / name).write_bytes(b"\x00not a model\xff")
    with pytest.raises(ModelError, match=name.replace(".", r"\.")):
        Coach.load(coach.encoder, bundle)  # type: ignore[arg-type]


def test_heads_trained_on_another_encoder_are_refused(coach: Coach, tmp_path: Path) -> None:
    bundle = _copy_bundle(tmp_path)
    manifest = bundle / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"encoder": "', '"encoder": "other-'), encoding="utf-8")
    with pytest.raises(ModelError, match=r"manifest\.json.*other-"):
        Coach.load(coach.encoder, bundle)  # type: ignore[arg-type]


def test_bundle_reads_the_cues_its_manifest_names(coach: Coach) -> None:
    assert coach.heads is not None
    manifest = json.loads((bundled_coach_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert list(coach.heads.cues) == manifest["cues"]


@pytest.mark.parametrize(
    ("reply", "interpretation", "exploration"),
    [
        ("I would talk to your landlord first and I think you should get the agreement in writing.", 0, 0),
        ("I lost my job at 40 too, and I remember feeling like I had let my whole family down.", 2, 0),
        ("Have you tried writing a budget spreadsheet?", 0, 0),
        ("What was the hardest moment of that day for you?", 0, 2),
    ],
)
def test_peer_support_advice_is_not_read_as_understanding_or_exploring(
    coach: Coach, reply: str, interpretation: int, exploration: int
) -> None:
    """First-person advice and advice questions are the free-form set's hard negatives (0.2.0)."""
    got = coach._mechanisms([reply])[0]
    assert (got.interpretations, got.explorations) == (interpretation, exploration)
