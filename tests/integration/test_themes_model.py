"""`empathica themes --file` as a user runs it, with the real bundled model, on texts written by us."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from empathica.insights import adjusted_rand_index

EXE = Path(sys.executable).with_name("empathica")

pytestmark = pytest.mark.model

TOPICS = {
    "delivery": [
        "My parcel is late again, the courier never turned up.",
        "Delivery was promised for Monday and it is now Friday. Where is my parcel?",
        "The courier left my parcel in the rain and it arrived days late.",
        "Third missed delivery slot this month, I took a day off work for nothing.",
        "Tracking says delivered but no parcel arrived at my door.",
        "The delivery driver did not show up and nobody told me.",
        "Still waiting for my delivery, ten days after ordering.",
        "Delivery window of 8 to 6 and the courier came at 9pm.",
        "My order has been stuck at the depot for a week.",
        "The parcel came late and the box was crushed.",
        "Why does every delivery take two weeks? The courier is hopeless.",
        "Missed delivery again, and the courier card says I was out. I was in.",
        "The delivery was rescheduled three times without asking me.",
        "No sign of my parcel, the delivery date keeps moving.",
    ],
    "staff": [
        "The staff in the Leeds store were lovely and so helpful.",
        "Priya at the counter was kind, patient and explained everything.",
        "Huge thanks to the shop assistant who found the last one in stock for me.",
        "The team in store were friendly and made me feel welcome.",
        "Wonderful staff, they carried the box to my car with a smile.",
        "The assistant was so patient with my dad, thank you.",
        "Friendly, helpful people in the shop, I will be back.",
        "Tom in the store went out of his way to help me, brilliant service.",
        "Such a warm welcome from the staff, a pleasure to shop there.",
        "The lady at the till was lovely and sorted my problem in minutes.",
        "Helpful and cheerful staff, best shop experience in years.",
        "Kind staff who really listened, thank you so much.",
        "The store manager was gracious and helped us choose.",
        "Really friendly staff and great advice in store.",
    ],
    "refund": [
        "I returned the kettle a month ago and still have no refund.",
        "Where is my refund? You promised it in five working days.",
        "Refund still not on my card after three weeks of waiting.",
        "You took the money back twice but never refunded me.",
        "My refund was rejected with no reason given.",
        "I was charged twice and the refund for the second payment never came.",
        "Still chasing my refund, nobody answers my emails.",
        "The refund amount is wrong, you kept the delivery charge.",
        "Six weeks and my refund is still pending.",
        "Cancelled my order and I am still waiting for the money back.",
        "The refund I was promised on the phone never arrived.",
        "Returned the faulty iron, no refund yet and no reply.",
        "I want my refund now, this has gone on for a month.",
        "My bank shows no refund even though you say it was sent.",
    ],
}


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
