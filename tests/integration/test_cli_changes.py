"""`empathica personas --changes` and `empathica map --changes` over a real database (no model)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from empathica.domain import GOEMOTIONS_LABELS, Analysis, Cause, Feedback, LabelScores, PersonKind
from empathica.storage import open_repository

EXE = Path(sys.executable).with_name("empathica")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], env=env, capture_output=True, text=True, timeout=120)


def analysis(text: str, emotion: str, pain: str | None) -> Analysis:
    scores = dict.fromkeys(GOEMOTIONS_LABELS, 0.01) | {emotion: 0.9}
    return Analysis(
        id=None, text=text, emotions=LabelScores([emotion], scores), ekman=LabelScores([], {}),
        sentiment="negative" if pain else "positive", valence=-0.5 if pain else 0.7, intensity=0.6,
        causes=[Cause(pain, 0.8, text[:12], polarity="pain")] if pain else [],
    )  # fmt: skip


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    """A store with two weeks of complaints and thanks, then a week where billing pains appear."""
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    rows = []
    for p in range(8):
        for j in range(2):
            day = start + timedelta(days=p + j)
            rows.append(
                (f"late{p}-{j}", f"Order {p} came late again", f"L{p}", day, "disappointment", "delivery")
            )
            rows.append((f"thx{p}-{j}", f"Thank you for the help {p}", f"T{p}", day, "gratitude", None))
    for p in range(8):
        day = datetime(2026, 3, 16, 9, tzinfo=UTC)
        rows.append(
            (f"bill{p}", f"Order {p} came late and I was charged twice", f"L{p}", day, "anger", "billing")
        )
    with open_repository(db_url) as repo:
        repo.add_feedback(
            [
                Feedback("cli", k, t, person_id=pid, person_kind=PersonKind.CUSTOMER, created_at=d)
                for k, t, pid, d, _, _ in rows
            ]
        )
        saved = []
        for k, t, _, _, emotion, pain in rows:
            item = repo.find_item("cli", k)
            assert item is not None and item.feedback.id is not None
            saved.append((item.feedback.id, analysis(t, emotion, pain)))
        repo.save_analyses(saved)
    return {
        **os.environ,
        "EMPATHICA_DATABASE_URL": db_url,
        "EMPATHICA_DATA_DIR": str(tmp_path),
        "COLUMNS": "200",
    }


def test_personas_changes_as_json_and_text(env: dict[str, str]) -> None:
    listed = json.loads(run(["personas", "--json"], env).stdout)["personas"]
    got = run(["personas", "--changes", "--until", "2026-03-20", "--json"], env)
    assert got.returncode == 0, got.stderr
    body = json.loads(got.stdout)
    assert body["new_items"] == 8 and {p["id"] for p in body["personas"]} == {p["id"] for p in listed}
    late = next(p for p in body["personas"] if p["new_items"] == 8)
    rising = {(c["facet"], c["label"]): c for c in late["changes"]}
    assert rising[("pain", "billing")]["status"] == "new" and rising[("pain", "billing")]["count"] == 8
    assert rising[("emotion", "anger")]["after"] == 1.0
    text = run(["personas", "--changes", "--until", "2026-03-20"], env)
    assert text.returncode == 0
    assert text.stdout.startswith("Since 2026-03-13 (7 days to 2026-03-20): 8 new items, 32 -> 40")
    assert "new pain billing: 0% -> 100% of their items (8:" in text.stdout


def test_map_changes_and_bad_input(env: dict[str, str]) -> None:
    got = run(["map", "--changes", "--until", "2026-03-20", "--days", "7"], env)
    assert got.returncode == 0, got.stderr
    body = json.loads(got.stdout)
    pains = {e["text"]: e for e in body["entries"] if e["section"] == "pains"}
    assert pains["Billing"]["status"] == "new" and len(pains["Billing"]["evidence"]) == 8
    text = run(["map", "--changes", "--text", "--until", "2026-03-20"], env)
    assert text.returncode == 0 and "Pains\n" in text.stdout and "new Billing: 0% -> 20%" in text.stdout
    too_far = run(["map", "--changes", "--until", "2026-03-20", "--days", "30"], env)
    assert too_far.returncode == 2 and "at least 20 are needed on both sides" in too_far.stderr
    assert "Traceback" not in too_far.stderr
    both = run(["map", "--changes", "--since", "2026-03-01"], env)
    assert both.returncode == 2 and "not --since" in both.stderr
    unknown = run(["map", "--changes", "--persona", "The Nobody", "--until", "2026-03-20"], env)
    assert unknown.returncode == 2 and "the personas are: P1" in unknown.stderr
    thin = run(["personas", "--changes", "--days", "0"], env)
    assert thin.returncode == 2 and "days must be between 1" in thin.stderr
