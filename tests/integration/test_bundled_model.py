"""The real bundled model through the runtime path (ONNX Runtime + numpy heads, no torch)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from empathica.pipeline.base import Batch, Pipeline
from empathica.pipeline.encoder import Encoder
from empathica.pipeline.errors import ModelError
from empathica.pipeline.models import DEFAULT_MODEL, bundled_model_dir
from empathica.pipeline.stages.emotion import EmotionStage, load_model
from empathica.pipeline.stages.encode import EncodeStage
from empathica.pipeline.stages.spans import SentenceEmotionStage

pytestmark = pytest.mark.model

TEXTS = [
    "I am furious, this is the worst service ever",
    "ok",
    "Thank you so much, you saved my day!",
    "My parcel was supposed to arrive on Monday, it is now Friday and nobody answers the phone or "
    "the chat, and the tracking page has said 'in transit' for five days. What is going on?",
    "I'm a bit worried the update will break my settings again.",
]


@pytest.fixture(scope="module")
def stages() -> tuple[EncodeStage, EmotionStage]:
    return load_model(bundled_model_dir(), threads=1, batch_size=2)


def analyse(stages: tuple[EncodeStage, EmotionStage], texts: list[str]) -> Batch:
    return Pipeline(stages)(Batch.of(texts))


def test_the_bundle_is_where_the_package_says(stages: tuple[EncodeStage, EmotionStage]) -> None:
    model_dir = bundled_model_dir()
    assert model_dir.name == DEFAULT_MODEL
    for name in ("encoder.onnx", "tokenizer.json", "heads.npz", "manifest.json", "MODEL_CARD.md"):
        assert (model_dir / name).is_file(), name
    assert stages[1].model_version and stages[1].model_version == stages[0].encoder.model_version  # type: ignore[attr-defined]


def test_arrays_have_one_row_per_text_and_unit_embeddings(stages: tuple[EncodeStage, EmotionStage]) -> None:
    out = analyse(stages, TEXTS)
    assert out["features"].shape[0] == len(TEXTS) and out["features"].dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(out["embeddings"], axis=1), 1.0, atol=1e-4)


def test_batch_results_match_one_by_one_in_input_order(stages: tuple[EncodeStage, EmotionStage]) -> None:
    together = analyse(stages, TEXTS)
    for i, text in enumerate(TEXTS):
        alone = analyse(stages, [text])
        # Weights are int8 on disk but activations are never quantised, so an item's result must
        # not depend on its batch-mates or padding (beyond float rounding).
        np.testing.assert_allclose(together["features"][i], alone["features"][0], atol=1e-4)
        np.testing.assert_allclose(together["embeddings"][i], alone["embeddings"][0], atol=1e-4)
        for label, score in alone["emotions"][0].scores.items():
            assert together["emotions"][i].scores[label] == pytest.approx(score, abs=2e-4), (i, label)
        assert together["sentiment"][i] == alone["sentiment"][0]


def test_empty_input_gives_empty_arrays(stages: tuple[EncodeStage, EmotionStage]) -> None:
    out = stages[0].encoder.encode([])
    assert out.features.shape[0] == 0 and out.embeddings.shape[0] == 0


def test_long_text_is_truncated_not_rejected(stages: tuple[EncodeStage, EmotionStage]) -> None:
    encoder: Encoder = stages[0].encoder  # type: ignore[assignment]
    ids = encoder.token_ids(["word " * 2000])
    assert len(ids[0]) == encoder.max_length
    assert encoder.encode(["word " * 2000]).features.shape[0] == 1


def test_repeated_texts_are_encoded_once_with_identical_rows(
    stages: tuple[EncodeStage, EmotionStage],
) -> None:
    encoder: Encoder = stages[0].encoder  # type: ignore[assignment]
    calls: list[int] = []
    session_run = encoder._session.run

    def counting_run(names: list[str], feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        calls.append(feeds["input_ids"].shape[0])
        out: list[np.ndarray] = session_run(names, feeds)
        return out

    encoder._session.run = counting_run  # type: ignore[method-assign]
    try:
        texts = ["thanks!", "The parcel never came.", "thanks!", "thanks!", "The parcel never came."]
        out = encoder.encode(texts)
    finally:
        del encoder._session.run  # type: ignore[attr-defined]
    assert sum(calls) == 2  # two distinct texts went through the model
    alone = encoder.encode(["The parcel never came."])
    for i, j in ((0, 2), (0, 3), (1, 4)):
        np.testing.assert_array_equal(out.features[i], out.features[j])
    np.testing.assert_allclose(out.embeddings[4], alone.embeddings[0], atol=1e-5)


def test_non_text_is_rejected_by_position(stages: tuple[EncodeStage, EmotionStage]) -> None:
    with pytest.raises(TypeError, match="text 1 is list"):
        stages[0].encoder.encode(["fine", ["not", "text"]])  # type: ignore[list-item]


def test_a_long_message_shows_which_sentence_carries_which_feeling(
    stages: tuple[EncodeStage, EmotionStage],
) -> None:
    text = (
        "Thank you for the quick delivery last month, the team was lovely. "
        "But this time the blender arrived broken and nobody answers the phone. "
        "I am really worried I will not get my money back before my trip."
    )
    whole = analyse(stages, [text])
    out = SentenceEmotionStage(stages[0].encoder, stages[1])(whole)
    spans = out["emotion_spans"][0]
    first, worry = spans[0], spans[-1]
    assert "gratitude" in first.labels and first.text.startswith("Thank you")
    assert {"fear", "nervousness"} & set(worry.labels) and worry.text.startswith("I am really worried")
    assert all(text[sp.start : sp.end] == sp.text for sp in spans)
    # read whole, the worry is drowned by the thanks; the item now names it and reads as mixed
    assert not {"fear", "nervousness"} & set(whole["emotions"][0].labels)
    assert {"fear", "nervousness"} & set(out["emotions"][0].labels)
    assert out["sentiment"][0] == "mixed"


def test_a_factual_complaint_keeps_its_whole_text_valence(stages: tuple[EncodeStage, EmotionStage]) -> None:
    """The model reads this complaint as nearly neutral and its last, hopeful line as positive on
    its own; one sentence must not turn the item (and the pain or gain of its causes) positive."""
    text = (
        "The fridge freezer arrived today and the door is dented and one of the shelves is cracked "
        "in two. The driver was in such a hurry he was back in the van before I had even opened the "
        "box. It's 34 degrees here, my old fridge has already gone to the tip, and I have a freezer "
        "full of food melting in cool bags. Please tell me you can do something today."
    )
    whole = analyse(stages, [text])
    out = SentenceEmotionStage(stages[0].encoder, stages[1])(whole)
    assert out["valence"] == whole["valence"] and out["valence"][0] < 0.2
    assert out["sentiment"][0] != "positive"


def test_angry_complaint_reads_as_anger_and_negative(stages: tuple[EncodeStage, EmotionStage]) -> None:
    out = analyse(stages, [TEXTS[0]])
    emotions = out["emotions"][0]
    assert {"anger", "annoyance"} & set(emotions.labels[:2]), emotions
    assert emotions.scores["anger"] + emotions.scores["annoyance"] > 0.5
    assert out["ekman"][0].top() == "anger"
    assert out["sentiment"][0] == "negative" and out["valence"][0] < 0


def test_thanks_reads_as_gratitude_and_positive(stages: tuple[EncodeStage, EmotionStage]) -> None:
    out = analyse(stages, [TEXTS[2]])
    assert out["emotions"][0].top() == "gratitude"
    assert out["sentiment"][0] == "positive" and out["valence"][0] > 0


@pytest.fixture()
def bundle_copy(tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(bundled_model_dir(), target)
    return target


def test_missing_encoder_file_names_it(bundle_copy: Path) -> None:
    (bundle_copy / "encoder.onnx").unlink()
    with pytest.raises(ModelError, match=r"encoder\.onnx"):
        load_model(bundle_copy)


def test_corrupt_encoder_file_names_it(bundle_copy: Path) -> None:
    (bundle_copy / "encoder.onnx").write_bytes(b"\x00garbage" * 100)
    with pytest.raises(ModelError, match=r"encoder\.onnx"):
        load_model(bundle_copy)


def test_missing_tokenizer_names_it(bundle_copy: Path) -> None:
    (bundle_copy / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match=r"tokenizer\.json"):
        load_model(bundle_copy)


def test_corrupt_tokenizer_names_it(bundle_copy: Path) -> None:
    (bundle_copy / "tokenizer.json").write_text("{ this is not a tokenizer")
    with pytest.raises(ModelError, match=r"tokenizer\.json"):
        load_model(bundle_copy)


def test_missing_manifest_names_it(bundle_copy: Path) -> None:
    (bundle_copy / "manifest.json").unlink()
    with pytest.raises(ModelError, match=r"manifest\.json"):
        load_model(bundle_copy)
