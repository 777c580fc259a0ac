"""POST /api/v1/analyze with a taxonomy in the body: used for that request, cached by its text.

The analyzer is a real pipeline whose encoder is a word-axis rule (each topic word lands on
its own axis), so which custom label an item gets follows from the test's own words, and
counting the encoder's calls shows whether a taxonomy was fitted again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import LabelScores
from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Batch, Pipeline, Stage
from empathica.pipeline.stages.encode import EncodeStage
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.reasons import build_reason_stages
from empathica.pipeline.stages.redact import RedactStage
from empathica.services import Empathica
from empathica.storage import Repository
from empathica.taxonomy import load_taxonomy


class NeutralEmotion:
    """Every item reads neutral: these tests are about causes, not feelings."""

    name = "emotion"
    requires = frozenset({"texts"})
    provides = frozenset({"emotions", "ekman", "sentiment", "valence", "intensity"})

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        neutral = LabelScores(["neutral"], {"neutral": 0.9})
        return batch.with_columns(
            emotions=[neutral] * n, ekman=[neutral] * n, sentiment=["neutral"] * n,
            valence=[0.0] * n, intensity=[0.0] * n,
        )  # fmt: skip


AXES = ["parcel", "charged", "rude", "pasta", "waiter", "decor"]


@dataclass
class Output:
    features: np.ndarray
    embeddings: np.ndarray


class AxisEncoder:
    """Each word of ``AXES`` found in a text adds its own axis; other texts share one last axis."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> Output:
        self.calls += 1
        rows = np.zeros((len(texts), len(AXES) + 1), dtype=np.float32)
        for i, text in enumerate(texts):
            for k, word in enumerate(AXES):
                rows[i, k] = float(word in text.lower())
            if not rows[i].any():
                rows[i, -1] = 1.0
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        return Output(rows, rows)


SERVER_TAXONOMY = """\
causes:
  - name: delivery
    description: the parcel
    examples: ["my parcel", "the parcel was late"]
  - name: billing
    description: charged twice
    examples: ["I was charged", "charged again"]
  - name: staff
    description: a rude person
    examples: ["so rude", "rude reply"]
"""

RESTAURANT = """\
causes:
  - name: food
    description: the pasta
    examples: ["cold pasta", "the pasta was bland"]
  - name: service
    description: the waiter
    examples: ["our waiter", "the waiter forgot us"]
  - name: ambience
    description: the decor
    examples: ["ugly decor", "the decor is dated"]
"""


@pytest.fixture
def encoder() -> AxisEncoder:
    return AxisEncoder()


@pytest.fixture
def tax_service(settings: Settings, repo: Repository, encoder: AxisEncoder, tmp_path: Path) -> Empathica:
    server_file = tmp_path / "server.yaml"
    server_file.write_text(SERVER_TAXONOMY, encoding="utf-8")
    settings = settings.with_(taxonomy=(server_file,))
    stages: list[Stage] = [
        RedactStage(),
        LanguageStage(classify=lambda text: ("en", 0.99)),
        EncodeStage(encoder),
        NeutralEmotion(),
        *build_reason_stages(encoder, taxonomy=load_taxonomy(settings.taxonomy)),
    ]
    return Empathica(settings, repository=repo, analyzer=Analyzer(Pipeline(stages), "axis-test-1"))


@pytest.fixture
def tax_client(settings: Settings, tax_service: Empathica) -> Iterator[TestClient]:
    with TestClient(create_app(settings, tax_service), raise_server_exceptions=False) as client:
        yield client


def causes(record: dict[str, object]) -> list[str]:
    return [c["label"] for c in record["causes"]]  # type: ignore[attr-defined]


def test_a_request_taxonomy_replaces_the_server_causes_for_that_request_only(tax_client: TestClient) -> None:
    text = "The pasta was cold and my parcel never came"
    plain = tax_client.post("/api/v1/analyze", json={"text": text}).json()
    assert "delivery" in causes(plain)
    custom = tax_client.post("/api/v1/analyze", json={"text": text, "taxonomy": RESTAURANT})
    assert custom.status_code == 200, custom.text
    assert causes(custom.json())[0] == "food"
    assert set(causes(custom.json())) <= {"food", "service", "ambience"}
    again = tax_client.post("/api/v1/analyze", json={"text": text}).json()
    assert causes(again) == causes(plain)


def test_every_request_form_takes_a_taxonomy(tax_client: TestClient) -> None:
    for body in (
        {"texts": ["our waiter ignored us", "ugly decor"]},
        {"items": [{"id": "a", "text": "our waiter ignored us"}, {"id": "b", "text": "ugly decor"}]},
    ):
        r = tax_client.post("/api/v1/analyze", json={**body, "taxonomy": RESTAURANT})
        assert r.status_code == 200, r.text
        assert [causes(x)[0] for x in r.json()["results"]] == ["service", "ambience"]


def test_the_same_taxonomy_is_fitted_once(tax_client: TestClient, encoder: AxisEncoder) -> None:
    body = {"text": "the waiter was slow", "taxonomy": RESTAURANT}
    before = encoder.calls
    tax_client.post("/api/v1/analyze", json=body)
    first = encoder.calls - before  # the fit of the examples, then the text itself
    tax_client.post("/api/v1/analyze", json=body)
    second = encoder.calls - before - first
    assert (first, second) == (2, 1)
    changed = {**body, "taxonomy": RESTAURANT.replace("dated", "old")}
    before = encoder.calls
    tax_client.post("/api/v1/analyze", json=changed)
    assert encoder.calls - before == 2


def test_invalid_yaml_is_a_422_naming_the_line(tax_client: TestClient) -> None:
    bad = "causes:\n  - name: food\n    description: [unclosed\n    examples: [a]\n"
    r = tax_client.post("/api/v1/analyze", json={"text": "pasta", "taxonomy": bad})
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "taxonomy"]
    assert "invalid YAML" in error["msg"] and "line " in error["msg"]


def test_a_duplicate_label_is_a_422_naming_both_lines(tax_client: TestClient) -> None:
    dup = RESTAURANT + "  - name: Food\n    description: again\n    examples: [pasta]\n"
    r = tax_client.post("/api/v1/analyze", json={"texts": ["pasta"], "taxonomy": dup})
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["loc"] == ["body", "taxonomy"]
    assert "taxonomy, line 11: duplicate name 'Food'" in error["msg"]
    assert "line 2" in error["msg"]


def test_a_label_without_description_or_an_unknown_section_is_a_422(tax_client: TestClient) -> None:
    for bad, words in (
        ("causes:\n  - name: food\n    examples: [pasta]\n", "line 2: label 'food' has no description"),
        ("reasons:\n  - name: food\n", "line 1: unknown section 'reasons'"),
        ("", "empty"),
    ):
        r = tax_client.post("/api/v1/analyze", json={"text": "pasta", "taxonomy": bad})
        assert r.status_code == 422, bad
        assert words in r.json()["detail"][0]["msg"]


def test_a_bad_text_is_reported_before_the_taxonomy_is_fitted(
    tax_client: TestClient, encoder: AxisEncoder
) -> None:
    before = encoder.calls
    r = tax_client.post("/api/v1/analyze", json={"texts": ["ok", " "], "taxonomy": RESTAURANT})
    assert r.json()["detail"][0]["loc"] == ["body", "texts", 1]
    assert encoder.calls == before


def test_a_huge_taxonomy_is_refused_by_size(tax_client: TestClient) -> None:
    r = tax_client.post("/api/v1/analyze", json={"text": "pasta", "taxonomy": "#" * 200_001})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "taxonomy"]
