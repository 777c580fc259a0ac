"""`empathica themes --file` as a user runs it, with the real bundled model, on texts written by us."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from empathica.insights import adjusted_rand_index
from helpers.theme_texts import TOPICS

EXE = Path(sys.executable).with_name("empathica")

pytestmark = pytest.mark.model


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    data.mkdir()
    return {**os.environ, "EMPATHICA_DATA_DIR": str(data), "COLUMNS": "200"}


def test_themes_of_a_file_with_the_real_model(tmp_path: Path, env: dict[str, str]) -> None:
    rows = [(f"{topic}-{i}", text, topic) for topic, texts in TOPICS.items() for i, text in enumerate(texts)]
    src = tmp_path / "feedback.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t, _ in rows) + "\n")
    out = tmp_path / "themes.json"
    proc = run(["themes", "--file", str(src), "--out", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    themes = {t["id"]: t for t in result["themes"]}
    assert set(result["assignments"]) == {i for i, _, _ in rows}
    assigned = [(result["assignments"][i], topic) for i, _, topic in rows if result["assignments"][i]]
    assert len(assigned) >= 0.85 * len(rows)
    assert adjusted_rand_index([a for a, _ in assigned], [t for _, t in assigned]) > 0.6
    for theme in themes.values():
        assert theme["label"] and theme["keywords"] and theme["size"] > 0
    # The theme most of the refund complaints fall into is a pain; the staff praise a gain.
    for topic, polarity in (("refund", "pain"), ("staff", "gain")):
        ids = [a for a, t in assigned if t == topic]
        main = max(set(ids), key=ids.count)
        assert themes[main]["polarity"] == polarity, themes[main]
    assert "themes" in proc.stderr
    assert not any((Path(env["EMPATHICA_DATA_DIR"])).iterdir()), "nothing may be stored"


def test_too_few_items_is_a_clear_error(tmp_path: Path, env: dict[str, str]) -> None:
    src = tmp_path / "few.csv"
    src.write_text("id,text\n" + "".join(f"{i},{t}\n" for i, t in enumerate(TOPICS["refund"][:5])))
    proc = run(["themes", "--file", str(src)], env)
    assert proc.returncode == 2
    assert "5 readable items are too few to find themes; at least 20" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_themes_of_stored_feedback_from_the_command_line(tmp_path: Path, env: dict[str, str]) -> None:
    src = tmp_path / "feedback.jsonl"
    lines = [
        {"id": f"{topic}-{i}", "text": t, "created_at": f"2026-05-{1 + i:02d}"}
        for topic, texts in TOPICS.items()
        for i, t in enumerate(texts)
    ]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    assert run(["ingest", str(src)], env).returncode == 0
    out = tmp_path / "themes.json"
    proc = run(["themes", "--since", "2026-05-01", "--out", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    assert len(result["assignments"]) == len(lines) and result["themes"]
    late = run(["themes", "--since", "2026-05-12"], env)
    assert late.returncode == 2 and "9 stored items match; at least 20" in late.stderr
    both = run(["themes", "--since", "2026-05-01", "--file", str(src)], env)
    assert both.returncode == 2 and "give either --file or them" in both.stderr


NEW_REFUNDS = [
    "Four weeks on and my refund has still not arrived.",
    "Please send the refund you promised for the broken toaster.",
    "No refund yet for the order I cancelled last month.",
    "I am still waiting for my money back after returning the heater.",
]


def test_stored_themes_are_kept_current_and_edits_survive(tmp_path: Path, env: dict[str, str]) -> None:
    def themes(*args: str) -> dict[str, dict[str, object]]:
        out = tmp_path / "t.json"
        proc = run(["themes", "--out", str(out), *args], env)
        assert proc.returncode == 0, proc.stderr
        return {t["id"]: t for t in json.loads(out.read_text())["themes"]}

    src = tmp_path / "feedback.jsonl"
    src.write_text(
        "\n".join(
            json.dumps({"id": f"{k}-{i}", "text": t}) for k, ts in TOPICS.items() for i, t in enumerate(ts)
        )
    )
    assert run(["ingest", str(src)], env).returncode == 0
    first = themes()  # the first call builds and stores them
    refund = next(k for k, t in first.items() if "refund" in t["keywords"])
    other = next(k for k in first if k != refund)
    assert run(["themes", "--rename", f"{refund}=Refunds that never arrive"], env).returncode == 0

    more = tmp_path / "more.jsonl"
    more.write_text("\n".join(json.dumps({"id": f"new-{i}", "text": t}) for i, t in enumerate(NEW_REFUNDS)))
    assert run(["ingest", str(more)], env).returncode == 0
    updated = themes()  # new feedback joins without a rebuild
    assert updated[refund]["label"] == "Refunds that never arrive" and updated[refund]["renamed"]
    assert updated[refund]["size"] >= first[refund]["size"] + 3
    assert set(updated) == set(first)

    rebuilt = themes("--rebuild")
    assert rebuilt[refund]["label"] == "Refunds that never arrive"

    merged = run(["themes", "--merge", f"{refund},{other}"], env)
    assert merged.returncode == 0, merged.stderr
    after = themes()
    assert other not in after and after[refund]["size"] == rebuilt[refund]["size"] + rebuilt[other]["size"]
    split = run(["themes", "--split", refund], env)
    assert split.returncode == 0, split.stderr
    halves = themes()
    assert refund not in halves and {f"{refund}a", f"{refund}b"} <= set(halves)
    assert halves[f"{refund}a"]["size"] + halves[f"{refund}b"]["size"] == after[refund]["size"]
    unknown = run(["themes", "--rename", "T99=x"], env)
    assert unknown.returncode == 2 and "no theme 'T99'" in unknown.stderr
