"""The free-form peer-support set is only worth its numbers if its splits and labels are sound.

A post in two splits would leak its replies' wording from train into dev or holdout; a level outside
0..2 would be silently read as another class. The shipped file and the training script's reader are
both checked here.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "data" / "coach" / "peer_freeform.jsonl"
MECHANISMS = ("emotional_reactions", "interpretations", "explorations")
KEYS = {"id", "split", "kind", "seeker", "reply", "mechanisms"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def train_coach() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_coach", ROOT / "training" / "train_coach.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rows_have_the_peer_set_fields_and_levels_in_range(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == KEYS, r["id"]
        assert r["split"] in ("train", "dev", "holdout"), r["id"]
        assert r["reply"].strip() and r["seeker"].strip(), r["id"]
        assert set(r["mechanisms"]) == set(MECHANISMS), r["id"]
        assert all(r["mechanisms"][m] in (0, 1, 2) for m in MECHANISMS), r["id"]


def test_no_post_is_in_two_splits(rows: list[dict[str, Any]]) -> None:
    splits: dict[str, set[str]] = {}
    for r in rows:
        splits.setdefault(r["seeker"], set()).add(r["split"])
    assert all(len(s) == 1 for s in splits.values())
    posts = Counter(next(iter(s)) for s in splits.values())
    assert posts["train"] >= 20 and posts["dev"] >= 6 and posts["holdout"] >= 6


def test_every_level_of_every_mechanism_is_in_every_split(rows: list[dict[str, Any]]) -> None:
    """Macro-F1 over 0/1/2 means little on a split that lacks a level."""
    for split in ("train", "dev", "holdout"):
        for m in MECHANISMS:
            levels = Counter(r["mechanisms"][m] for r in rows if r["split"] == split)
            assert all(levels[lv] >= 5 for lv in (0, 1, 2)), (split, m, levels)


def test_reader_accepts_the_shipped_file(train_coach: ModuleType, rows: list[dict[str, Any]]) -> None:
    assert train_coach.read_freeform(DATA, required=True) == rows


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"bad\.jsonl:2: not JSON"),
        ('{"split": "test", "reply": "hi", "mechanisms": {}}', r":2: split must be .*'test'"),
        ('{"split": "dev", "reply": " ", "mechanisms": {}}', r":2: reply must be"),
        (
            '{"split": "dev", "reply": "hi", "mechanisms": '
            '{"emotional_reactions": 3, "interpretations": 0, "explorations": 0}}',
            r":2: mechanisms\.emotional_reactions must be 0, 1 or 2, got 3",
        ),
    ],
)
def test_reader_names_the_line_and_field_of_a_bad_row(
    train_coach: ModuleType, tmp_path: Path, line: str, message: str
) -> None:
    good = DATA.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=message):
        train_coach.read_freeform(path, required=True)


def test_missing_file_is_an_error_only_when_asked_for(train_coach: ModuleType, tmp_path: Path) -> None:
    assert train_coach.read_freeform(tmp_path / "none.jsonl", required=False) == []
    with pytest.raises(SystemExit, match=r"--freeform .*none\.jsonl: no such file"):
        train_coach.read_freeform(tmp_path / "none.jsonl", required=True)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--freeform-weight", "-1"], r"--freeform-weight -1\.0: must be >= 0"),
        (["--freeform-heads", "empathy"], r"--freeform-heads 'empathy': name one or more of"),
    ],
)
def test_bad_freeform_options_are_refused_before_any_work(
    train_coach: ModuleType, tmp_path: Path, argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit, match=message):
        train_coach.main(["--own", str(DATA.parent), "--out", str(tmp_path / "out"), *argv])
