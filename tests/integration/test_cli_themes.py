"""`empathica themes --segment` and `--changes` as a user runs them, on themes stored by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from empathica.config import Settings
from empathica.services import Empathica
from empathica.storage import Repository
from helpers.stored_themes import seed_themes

EXE = Path(sys.executable).with_name("empathica")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def env(db_url: str, repo: Repository, tmp_path: Path) -> dict[str, str]:
    seed_themes(Empathica(Settings(data_dir=tmp_path, database_url=db_url), repository=repo))
    return {
        **os.environ,
        "EMPATHICA_DATABASE_URL": db_url,
        "EMPATHICA_DATA_DIR": str(tmp_path),
        "COLUMNS": "200",
    }


def test_segment_and_changes_from_the_command_line(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "pro.json"
    proc = run(["themes", "--segment", "plan=pro", "--out", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(out.read_text())
    assert [(t["id"], t["size"]) for t in body["themes"]] == [("T3", 6), ("T1", 4), ("T2", 12)]
    assert "22 items in plan=pro, 3 themes" in proc.stderr
    two = run(["themes", "--segment", "plan=pro", "--segment", "channel=email"], env)
    assert two.returncode == 2 and "10 items match the segment (plan=pro, channel=email)" in two.stderr

    week = run(["themes", "--changes", "--until", "2026-06-14"], env)
    assert week.returncode == 0, week.stderr
    changes = json.loads(week.stdout)
    assert [m["id"] for m in changes["new"]] == ["T3"] and [m["id"] for m in changes["shrinking"]] == ["T1"]
    assert (
        "10 new items, 10 placed in a theme" in week.stderr
        and "shrinking T1 T1 label: 18 -> 2" in week.stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--segment", "colour=red"], "unknown segment key 'colour'"),
        (["--segment", "plan"], "expected KEY=VALUE"),
        (["--segment", "plan=a", "--segment", "plan=b"], "segment key 'plan' is given twice"),
        (["--changes", "--days", "0"], "days must be between 1 and 366"),
        (["--changes", "--until", "someday"], "--until 'someday'"),
        (["--changes", "--segment", "plan=pro"], "leave out --segment"),
        (["--segment", "plan=pro", "--file", "x.csv"], "give either --file or them"),
    ],
)
def test_bad_segment_and_changes_options_are_one_line(
    env: dict[str, str], args: list[str], message: str
) -> None:
    proc = run(["themes", *args], env)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
