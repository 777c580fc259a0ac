"""Combine ``peer_fragments.py`` into mechanism-labelled replies: ``peer.jsonl`` (train only).

A reply's level per mechanism is the highest among its fragments. These rows train the
mechanism heads only (no behaviour labels); the coach's own dev/holdout stay customer service.
Run: ``python benchmarks/data/coach/build_peer.py`` (deterministic).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from peer_fragments import ADVICE, ER1, ER2, EX1, EX2, IP1, IP2, NEUTRAL

RECIPES = [
    ["advice", "advice?"], ["neutral", "advice"], ["er1", "advice"], ["er2", "ip2?", "advice?"],
    ["ip1", "advice"], ["ip2", "advice?"], ["er1", "ip2", "ex2?"], ["ex1"], ["ex2", "advice?"],
    ["er1", "ex1"], ["ip2", "ex2"], ["er2", "ex2"], ["neutral"], ["advice", "ex2"], ["er1", "ip1", "advice"],
    ["advice", "er1"], ["ip2", "er1"],
]  # fmt: skip
POOLS = {
    "er1": ER1,
    "er2": ER2,
    "ip1": IP1,
    "ip2": IP2,
    "ex1": EX1,
    "ex2": EX2,
    "advice": ADVICE,
    "neutral": NEUTRAL,
}


def build(n_per_recipe: int = 12, seed: int = 11) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for r_i, recipe in enumerate(RECIPES):
        for k in range(n_per_recipe):
            texts: list[str] = []
            mech = [0, 0, 0]
            for slot in recipe:
                if slot.endswith("?") and rng.random() < 0.5:
                    continue
                text, levels = rng.choice(POOLS[slot.rstrip("?")])
                if text in texts:
                    continue
                texts.append(text)
                mech = [max(a, b) for a, b in zip(mech, levels, strict=True)]
            reply = " ".join(texts)
            if reply in seen:
                continue
            seen.add(reply)
            levels = dict(zip(("emotional_reactions", "interpretations", "explorations"), mech, strict=True))
            rows.append({"id": f"peer-{r_i}-{k}", "split": "train", "reply": reply, "mechanisms": levels})
    return rows


if __name__ == "__main__":
    out = Path(__file__).parent / "peer.jsonl"
    rows = build()
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(len(rows), "rows ->", out)
