"""Head maths and thresholding with hand-built weights (no model files)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from empathica.pipeline.errors import ModelError
from empathica.pipeline.heads import HeadGroup, Heads, decide, sigmoid


def test_sigmoid_matches_the_formula_and_does_not_overflow() -> None:
    x = np.array([-1000.0, -2.0, 0.0, 3.0, 1000.0], dtype=np.float32)
    with np.errstate(over="raise"):
        out = sigmoid(x)
    expected = np.array([0.0, 1 / (1 + np.exp(2.0)), 0.5, 1 / (1 + np.exp(-3.0)), 1.0])
    np.testing.assert_allclose(out, expected, atol=1e-6)


def _two_group_heads() -> Heads:
    # Three features; rows 0-1 are group "a" (labels x, y), row 2 is group "b" (label z).
    weight = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, -1.0]], dtype=np.float32)
    bias = np.array([0.0, -1.0, 0.5], dtype=np.float32)
    groups = {
        "a": HeadGroup("a", ("x", "y"), 0, np.array([0.5, 0.7], dtype=np.float32)),
        "b": HeadGroup("b", ("z",), 2, np.array([0.4], dtype=np.float32)),
    }
    return Heads(weight, bias, groups)


def test_predict_is_a_linear_layer_and_sigmoid_split_by_group() -> None:
    heads = _two_group_heads()
    feats = np.array([[2.0, 1.0, 0.5], [-1.0, 0.0, 3.0]], dtype=np.float32)
    out = heads.predict(feats)
    logits = feats @ heads.weight.T + heads.bias
    np.testing.assert_allclose(out["a"], 1 / (1 + np.exp(-logits[:, :2])), rtol=1e-6)
    np.testing.assert_allclose(out["b"], 1 / (1 + np.exp(-logits[:, 2:])), rtol=1e-6)
    assert out["a"].shape == (2, 2) and out["b"].shape == (2, 1)


def test_predict_rejects_features_of_the_wrong_width() -> None:
    with pytest.raises(ValueError, match=r"expect \[n, 3\]"):
        _two_group_heads().predict(np.zeros((2, 4), dtype=np.float32))


def test_decide_applies_each_labels_own_threshold() -> None:
    probs = np.array([[0.6, 0.65], [0.4, 0.9]], dtype=np.float32)
    th = np.array([0.5, 0.7], dtype=np.float32)
    out = decide(probs, th, at_least_one=False)
    assert out.tolist() == [[True, False], [False, True]]


def test_decide_falls_back_to_the_label_nearest_its_threshold() -> None:
    # Nothing passes; label 1 has the lower score but is closer to its (low) threshold.
    probs = np.array([[0.30, 0.15]], dtype=np.float32)
    th = np.array([0.6, 0.2], dtype=np.float32)
    assert decide(probs, th).tolist() == [[False, True]]
    assert decide(probs, th, at_least_one=False).tolist() == [[False, False]]


def test_decide_checks_shapes() -> None:
    with pytest.raises(ValueError, match="thresholds"):
        decide(np.zeros((1, 3)), np.zeros(2))


def test_heads_reject_a_group_outside_the_weight_matrix() -> None:
    groups = {"a": HeadGroup("a", ("x", "y"), 1, np.array([0.5, 0.5], dtype=np.float32))}
    with pytest.raises(ValueError, match="out of range"):
        Heads(np.zeros((2, 3)), np.zeros(2), groups)


def test_from_manifest_reads_offsets_and_thresholds_with_a_default() -> None:
    manifest = {
        "heads": {"a": {"offset": 0, "labels": ["x", "y"]}, "b": {"offset": 2, "labels": ["z"]}},
        "thresholds": {"a": {"x": 0.3}},
    }
    heads = Heads.from_manifest(np.zeros((3, 4)), np.zeros(3), manifest)
    assert heads.groups["a"].thresholds.tolist() == pytest.approx([0.3, 0.5])
    assert heads.groups["b"].offset == 2 and heads.groups["b"].labels == ("z",)


def _write_bundle(tmp_path: Path) -> Path:
    manifest = {"version": "t", "max_length": 8, "heads": {"a": {"offset": 0, "labels": ["x"]}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    np.savez(tmp_path / "heads.npz", weight=np.ones((1, 2)), bias=np.zeros(1))
    return tmp_path


def test_load_reads_weights_and_manifest(tmp_path: Path) -> None:
    heads = Heads.load(_write_bundle(tmp_path))
    out = heads.predict(np.array([[1.0, 1.0]]))["a"]
    np.testing.assert_allclose(out, [[1 / (1 + np.exp(-2.0))]], rtol=1e-6)


def test_load_names_a_missing_heads_file(tmp_path: Path) -> None:
    (_write_bundle(tmp_path) / "heads.npz").unlink()
    with pytest.raises(ModelError, match=r"heads\.npz"):
        Heads.load(tmp_path)


def test_load_names_a_corrupt_heads_file(tmp_path: Path) -> None:
    (_write_bundle(tmp_path) / "heads.npz").write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match=r"heads\.npz"):
        Heads.load(tmp_path)


def test_load_names_a_corrupt_manifest(tmp_path: Path) -> None:
    (_write_bundle(tmp_path) / "manifest.json").write_text("{not json")
    with pytest.raises(ModelError, match=r"manifest\.json"):
        Heads.load(tmp_path)
