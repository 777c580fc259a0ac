from empathica.pipeline.base import Batch
from empathica.pipeline.stages.language import LanguageStage, decide_language


def test_short_or_unsure_texts_are_undetermined_not_foreign() -> None:
    assert decide_language("ok", "sr", 0.99, frozenset({"en"})) == ("und", False)
    assert decide_language("my order never came", "it", 0.5, frozenset({"en"})) == ("und", False)
    assert decide_language("my order never came", "en", 0.5, frozenset({"en"})) == ("en", False)


def test_confident_foreign_text_is_low_confidence() -> None:
    assert decide_language("das Paket ist kaputt", "de", 0.95, frozenset({"en"})) == ("de", True)
    assert decide_language("the parcel is broken", "en", 0.95, frozenset({"en"})) == ("en", False)


def test_stage_adds_warning_for_uncovered_language() -> None:
    answers = {"Das Paket ist kaputt angekommen": ("de", 0.97), "my parcel arrived broken": ("en", 0.9)}
    stage = LanguageStage(classify=lambda t: answers[t])
    out = stage(Batch.of(list(answers)))
    assert out["languages"] == ["de", "en"]
    assert out["low_confidence"] == [True, False]
    assert "not covered" in out["warnings"][0][0]
    assert out["warnings"][1] == []


def test_real_detector_on_clear_sentences() -> None:
    stage = LanguageStage()
    out = stage(
        Batch.of(["Merci beaucoup pour votre aide, tout est parfait", "The app keeps crashing on login"])
    )
    assert out["languages"] == ["fr", "en"]
    assert out["low_confidence"] == [True, False]
