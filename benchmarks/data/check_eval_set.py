"""Print the label counts of ``reasons_eval.jsonl`` per split.

The README's count table is produced by this script, so the table can be regenerated rather than
trusted; the rules themselves (allowed labels, minimums) are enforced by
``tests/unit/test_eval_set.py``.

Usage: ``python benchmarks/data/check_eval_set.py [path/to/reasons_eval.jsonl]``
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).with_name("reasons_eval.jsonl")
SPLITS = ("tune", "holdout")


def load(path: Path) -> list[dict[str, Any]]:
    """Read the set; one JSON object per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def item_counts(items: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Count *items* (not mentions) per label, so an item citing a label twice counts once."""
    counts: dict[str, Counter[str]] = {
        "cause": Counter(),
        "gain_cause": Counter(),
        "need": Counter(),
        "stage": Counter(),
        "person_kind": Counter(),
        "channel": Counter(),
    }
    for item in items:
        counts["cause"].update({c["label"] for c in item["causes"]})
        counts["gain_cause"].update({c["label"] for c in item["causes"] if c["polarity"] == "gain"})
        counts["need"].update({n["label"] for n in item["needs"]})
        counts["stage"][str(item["stage"])] += 1
        counts["person_kind"][item["person_kind"]] += 1
        counts["channel"][item["channel"]] += 1
    return counts


def markdown_table(items: list[dict[str, Any]], group: str) -> str:
    """One row per label, one column per split plus the total."""
    by_split = {split: item_counts([i for i in items if i["split"] == split]) for split in SPLITS}
    total = item_counts(items)
    rows = [f"| {group} | " + " | ".join(SPLITS) + " | all |", "|---|" + "---:|" * (len(SPLITS) + 1)]
    for label, count in sorted(total[group].items(), key=lambda kv: (-kv[1], kv[0])):
        cells = " | ".join(str(by_split[s][group][label]) for s in SPLITS)
        rows.append(f"| {label} | {cells} | {count} |")
    return "\n".join(rows)


def summary(items: list[dict[str, Any]]) -> str:
    """Headline numbers that the brief sets minimums for."""
    holdout = sum(1 for i in items if i["split"] == "holdout")
    with_gain = sum(1 for i in items if any(c["polarity"] == "gain" for c in i["causes"]))
    mixed = sum(1 for i in items if len({c["label"] for c in i["causes"]}) >= 2)
    words = [len(i["text"].split()) for i in items]
    return "\n".join(
        [
            f"items: {len(items)}",
            f"holdout: {holdout} ({holdout / len(items):.1%})",
            f"items with a gain cause: {with_gain}",
            f"items with two or more distinct causes: {mixed} ({mixed / len(items):.1%})",
            f"words per text: min {min(words)}, max {max(words)}",
        ]
    )


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    items = load(path)
    print(summary(items))
    for group in ("cause", "gain_cause", "need", "stage", "person_kind", "channel"):
        print()
        print(markdown_table(items, group))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
