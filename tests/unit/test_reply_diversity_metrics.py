"""The diversity benchmark's own measures (BLEU, distinct-n, shared sentences) are right."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    path = Path(__file__).parents[2] / "benchmarks" / "reply_diversity.py"
    spec = importlib.util.spec_from_file_location("reply_diversity", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bleu_identical_is_one_and_disjoint_is_small(bench: ModuleType) -> None:
    words = ["the", "parcel", "arrived", "late", "again", "today"]
    assert bench.bleu(words, [words]) == pytest.approx(1.0)
    assert bench.bleu(words, [["nothing", "in", "common", "here", "at", "all"]]) < 0.05


def test_bleu_matches_a_hand_computation(bench: ModuleType) -> None:
    hyp = ["the", "cat", "sat", "on", "the", "mat"]
    ref = ["the", "cat", "is", "on", "the", "mat"]
    # clipped precisions: 1-gram 5/6, 2-gram 3/5, 3-gram 1/4, 4-gram eps/3; equal lengths, no penalty
    expected = math.exp((math.log(5 / 6) + math.log(3 / 5) + math.log(1 / 4) + math.log(0.1 / 3)) / 4)
    assert bench.bleu(hyp, [ref]) == pytest.approx(expected)


def test_bleu_clips_repeats_and_penalises_short_hypotheses(bench: ModuleType) -> None:
    assert bench.bleu(["the", "the", "the", "the"], [["the", "cat"]], max_n=1) == pytest.approx((1 / 4) * 1.0)
    short = bench.bleu(["the", "cat"], [["the", "cat", "sat", "on", "the", "mat"]], max_n=1)
    assert short == pytest.approx(math.exp(1 - 6 / 2))


def test_distinct_n_and_shared_sentences(bench: ModuleType) -> None:
    assert bench.distinct_n(["a b a b"], 1) == pytest.approx(0.5)
    assert bench.distinct_n(["a b", "a b"], 2) == pytest.approx(0.5)
    count, shared = bench.shared_sentences(
        ["Hello there. Step one.", "Hello there. Other words.", "Step one. Fine."], {"Step one."}
    )
    assert (count, shared) == (1, ["Hello there."])
