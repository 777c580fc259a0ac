"""Assemble mechanism-labelled peer-support replies into ``peer.jsonl`` (deterministic).

Two parts, both written by us (see GUIDELINES.md, peer-support section):
- the older rows (ids ``peer-*``, split train, no post) combine ``peer_fragments.py``;
- the post rows (ids ``post-*``) pair each post of ``peer_posts.py`` with replies of named kinds
  built from its own fragments and the generic ones, in a seeded style (lowercase, typos, "u").
A reply's level per mechanism is the highest among its fragments; style never changes a label.
These rows train and measure the mechanism heads only (no behaviour labels).
Run: ``python benchmarks/data/coach/build_peer.py``.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from peer_fragments import ADVICE, ER1, ER2, EX1, EX2, IP1, IP2, NEUTRAL
from peer_posts import (
    GEN_ER1,
    GEN_EX1,
    GEN_IP1,
    GEN_ZERO,
    HOLDOUT_GEN_ER1,
    HOLDOUT_GEN_EX1,
    HOLDOUT_GEN_IP1,
    HOLDOUT_GEN_ZERO,
    HOLDOUT_POSTS,
    POSTS,
    Frag,
    Post,
)  # fmt: skip

MECH = ("emotional_reactions", "interpretations", "explorations")

RECIPES = [
    ["advice", "advice?"], ["neutral", "advice"], ["er1", "advice"], ["er2", "ip2?", "advice?"],
    ["ip1", "advice"], ["ip2", "advice?"], ["er1", "ip2", "ex2?"], ["ex1"], ["ex2", "advice?"],
    ["er1", "ex1"], ["ip2", "ex2"], ["er2", "ex2"], ["neutral"], ["advice", "ex2"], ["er1", "ip1", "advice"],
    ["advice", "er1"], ["ip2", "er1"],
]  # fmt: skip
POOLS = {"er1": ER1, "er2": ER2, "ip1": IP1, "ip2": IP2, "ex1": EX1, "ex2": EX2, "advice": ADVICE,
         "neutral": NEUTRAL}  # fmt: skip

#: Reply kinds for a post: slots filled from the post's own fragments (er2, ip2, ex2, advice) or
#: the generic pools (er1, ip1, ex1, zero); "?" marks an optional slot (kept half the time).
POST_KINDS: dict[str, list[str]] = {
    "advice": ["advice", "advice?"],
    "dismissive": ["zero"],
    "dismissive_advice": ["zero", "advice"],
    "sympathy": ["er1"],
    "sympathy_advice": ["er1", "advice"],
    "advice_sympathy": ["advice", "er1"],
    "strong_reaction": ["er2", "advice?"],
    "generic_understanding": ["ip1", "advice"],
    "interpretation": ["ip2", "advice?"],
    "interpretation_sympathy": ["er1", "ip2"],
    "generic_question": ["ex1"],
    "sympathy_generic_question": ["er1", "ex1"],
    "specific_question": ["ex2"],
    "advice_question": ["advice", "ex2"],
    "understanding_question": ["ip1", "ex2"],
    "full": ["er1", "ip2", "ex2"],
    "strong_full": ["er2", "ip2", "ex2?"],
}
KINDS_PER_POST = 12


def _old_rows(n_per_recipe: int = 12, seed: int = 11) -> list[dict[str, object]]:
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
            rows.append({"id": f"peer-{r_i}-{k}", "split": "train", "reply": reply,
                         "mechanisms": dict(zip(MECH, mech, strict=True))})  # fmt: skip
    return rows


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def styled(text: str, rng: random.Random) -> str:
    """Informal variants people really type; a label never depends on these."""
    roll = rng.random()
    if roll < 0.15:
        text = text.lower().replace("'", "")
    elif roll < 0.25:
        text = re.sub(r"\byou\b", "u", re.sub(r"\byour\b", "ur", text, flags=re.I), flags=re.I).lower()
    elif roll < 0.35:
        ws = text.split(" ")
        j = rng.randrange(len(ws))
        ws[j] = _typo(ws[j], rng)
        text = " ".join(ws)
    if rng.random() < 0.08:
        text += " <3"
    return text


def _post_rows(posts: list[Post], gen: dict[str, list[Frag]], split_of: dict[str, str],
               seed: int) -> list[dict[str, object]]:  # fmt: skip
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for post in posts:
        own = {"er2": post.er2, "ip2": post.ip2, "ex2": post.ex2, "advice": post.advice}

        def possible(slots: list[str], own: dict[str, list[Frag]] = own) -> bool:
            return all(own.get(s) or gen.get(s) for s in slots if not s.endswith("?"))

        kinds = [k for k, slots in POST_KINDS.items() if possible(slots)]
        rng.shuffle(kinds)
        for kind in sorted(kinds[:KINDS_PER_POST], key=list(POST_KINDS).index):
            texts: list[str] = []
            mech = [0, 0, 0]
            for slot in POST_KINDS[kind]:
                name = slot.rstrip("?")
                pool = own.get(name) or gen.get(name) or []
                if (slot.endswith("?") and rng.random() < 0.5) or not pool:
                    continue
                text, levels = rng.choice(pool)
                if text in texts:
                    continue
                texts.append(text)
                mech = [max(a, b) for a, b in zip(mech, levels, strict=True)]
            rows.append({
                "id": f"post-{post.id}-{kind}", "split": split_of[post.id], "seeker": post.text,
                "kind": kind, "reply": styled(" ".join(texts), rng),
                "mechanisms": dict(zip(MECH, mech, strict=True)),
            })  # fmt: skip
    return rows


def build(seed: int = 11) -> list[dict[str, object]]:
    ids = sorted(p.id for p in POSTS)
    random.Random(seed).shuffle(ids)
    n_dev = round(0.2 * len(ids))
    split_of = {pid: ("dev" if i < n_dev else "train") for i, pid in enumerate(ids)}
    split_of.update({p.id: "holdout" for p in HOLDOUT_POSTS})
    gen = {"er1": GEN_ER1, "ip1": GEN_IP1, "ex1": GEN_EX1, "zero": GEN_ZERO}
    gen_h = {"er1": HOLDOUT_GEN_ER1, "ip1": HOLDOUT_GEN_IP1, "ex1": HOLDOUT_GEN_EX1, "zero": HOLDOUT_GEN_ZERO}
    return (_old_rows() + _post_rows(POSTS, gen, split_of, seed)
            + _post_rows(HOLDOUT_POSTS, gen_h, split_of, seed + 1))  # fmt: skip


if __name__ == "__main__":
    out = Path(__file__).parent / "peer.jsonl"
    rows = build()
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["split"])] = counts.get(str(r["split"]), 0) + 1
    print(len(rows), "rows ->", out, counts)
