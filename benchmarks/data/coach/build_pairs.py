"""Assemble the coach's labelled (customer message, agent reply) pairs from ``fragments.py``.

Why assembled rather than typed out pair by pair: every fragment carries the labels it was
given when written, so a reply's labels follow from what it contains and stay consistent
across 500 pairs; the recipes below give the quality types QA leads see every day (cold,
scripted, warm, over-apologetic, helpful but cold, kind but no next step, defensive).

Splits: customer messages and fragments written after the holdout marker in ``fragments.py``
form the holdout (new customers AND new phrasings); the rest is split by customer message
into train (80%) and dev (20%), seeded. Run: ``python benchmarks/data/coach/build_pairs.py``;
it rewrites ``pairs.jsonl`` deterministically.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from fragments import (
    ACK,
    APOLOGY,
    CAUSES,
    EXPLORE_GENERIC,
    GREET_GENERIC,
    GREET_NAME,
    INFO_REQUEST,
    NEG_REASSURE,
    NON_APOLOGY,
    REASSURE,
    SCRIPTED,
    SIGN,
    THANKS,
    VAGUE,
    VALIDATE,
)  # fmt: skip

BEHAVIOURS = ("acknowledges_emotion", "validates", "apologises", "thanks", "reassures", "next_step",
              "addresses_cause", "personal")  # fmt: skip
LETTER = {"A": "acknowledges_emotion", "V": "validates", "S": "apologises", "T": "thanks",
          "R": "reassures", "N": "next_step", "C": "addresses_cause"}  # fmt: skip
CAUSE_LABEL = {"praise": "overall_experience"}

# recipes: slot names; "a|b" picks one of them; a trailing "?" makes the slot optional
COMPLAINT_RECIPES: dict[str, list[str]] = {
    "warm": ["greet", "c_sorry|apology", "ack|c_interp", "c_next", "reassure?", "thanks?", "sign"],
    "warm_explore": ["greet", "ack", "c_interp", "c_explore", "c_next", "sign"],
    "cold": ["c_info", "info_req?"],
    "scripted": ["greet_generic", "nonapology", "scripted", "vague", "sign?"],
    "over_apologetic": ["apology", "c_sorry", "apology", "ack?", "vague"],
    "helpful_no_empathy": ["c_next", "reassure?", "info_req?"],
    "empathy_no_next_step": ["greet", "ack", "validate", "c_sorry|apology", "vague|sign"],
    "defensive": ["nonapology", "c_info", "neg_reassure"],
    "sorry_and_fix": ["c_sorry", "validate?", "c_next", "reassure?"],
    "explore_only": ["apology", "explore_generic|c_explore", "info_req?"],
}
NEUTRAL_RECIPES: dict[str, list[str]] = {
    "crisp": ["c_howto"],
    "crisp_friendly": ["greet", "thanks", "c_howto", "sign"],
    "unhelpful": ["vague"],
    "scripted": ["greet_generic", "scripted", "vague"],
    "over_apologetic": ["apology", "apology", "c_howto"],
    "warm_howto": ["greet", "c_howto", "reassure", "sign?"],
    "deflect": ["neg_reassure|info_req", "vague?"],
    "crisp_scripted_close": ["c_howto", "scripted"],
}
PRAISE_RECIPES: dict[str, list[str]] = {
    "warm_thanks": ["greet", "c_thanks", "c_interp", "c_next", "sign"],
    "short_thanks": ["thanks"],
    "scripted": ["scripted", "vague"],
    "cold": ["c_info"],
    "thanks_explore": ["c_thanks", "c_explore"],
    "personal_thanks": ["greet", "c_thanks", "c_next"],
    "generic_thanks": ["greet_generic", "thanks", "scripted"],
}


def _split(pool: list[Any]) -> tuple[list[Any], list[Any]]:
    """Entries before the ``None`` marker (train/dev) and after it (holdout)."""
    if None in pool:
        i = pool.index(None)
        return pool[:i], pool[i + 1 :]
    return pool, []


def _frag(entry: Any) -> tuple[str, str, tuple[int, int, int]]:
    if isinstance(entry, str):  # greeting/sign strings: "text|letters"
        text, _, letters = entry.partition("|")
        return text, letters, (0, 0, 0)
    text, letters, mech = entry
    return str(text), str(letters), tuple(mech)  # type: ignore[return-value]


def _your(thing: str) -> str:
    return "your " + thing[3:] if thing.startswith("my ") else thing


def build(seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    generic = {
        "ack": ACK, "validate": VALIDATE, "apology": APOLOGY, "nonapology": NON_APOLOGY,
        "thanks": THANKS, "reassure": REASSURE, "neg_reassure": NEG_REASSURE, "vague": VAGUE,
        "scripted": SCRIPTED, "explore_generic": EXPLORE_GENERIC, "info_req": INFO_REQUEST,
        "greet_name": GREET_NAME, "greet_generic": GREET_GENERIC, "sign": SIGN,
    }  # fmt: skip
    rows: list[dict[str, Any]] = []
    for cause, spec in CAUSES.items():
        msgs_a, msgs_b = _split(spec["messages"])
        for part, msgs in (("a", msgs_a), ("b", msgs_b)):
            side = 0 if part == "a" else 1
            none_index = 0
            other_index = 0
            for m_i, (channel, need, name, thing, text) in enumerate(msgs):
                pools: dict[str, list[Any]] = {k: _split(v)[side] for k, v in generic.items()}
                for key in ("next", "interp", "explore", "info", "sorry", "howto", "thanks"):
                    pools["c_" + key] = _split(spec.get(key, []))[side]
                if cause == "praise":
                    recipes = PRAISE_RECIPES
                elif need == "none":
                    recipes = NEUTRAL_RECIPES
                else:
                    recipes = COMPLAINT_RECIPES
                if need == "none":
                    howto = (
                        pools["c_howto"][none_index % max(1, len(pools["c_howto"]))]
                        if pools["c_howto"]
                        else None
                    )
                    none_index += 1
                else:
                    howto = None
                    other_index += 1
                msg_id = f"{cause}-{part}{m_i}"
                for quality, recipe in recipes.items():
                    texts: list[str] = []
                    letters = set()
                    mech = [0, 0, 0]
                    used_name = False
                    used_thing = False
                    used: set[str] = set()
                    for slot in recipe:
                        optional = slot.endswith("?")
                        slot = slot.rstrip("?")
                        if optional and rng.random() < 0.5:
                            continue
                        choice = rng.choice(slot.split("|"))
                        if choice == "greet":
                            if channel == "social":
                                continue
                            choice = "greet_name" if name else "greet_generic"
                        if choice == "sign" and channel != "email":
                            continue
                        if choice == "c_howto":
                            cands = [howto] if howto else []
                        else:
                            cands = [c for c in pools.get(choice, []) if _frag(c)[0] not in used]
                        if not thing:
                            cands = [c for c in cands if "{thing}" not in _frag(c)[0]]
                        if not cands:
                            continue
                        if choice == "c_next":
                            pick = (
                                cands[(other_index - 1) % len(cands)]
                                if rng.random() < 0.6
                                else rng.choice(cands)
                            )
                        else:
                            pick = rng.choice(cands)
                        t, lt, mv = _frag(pick)
                        used.add(t)
                        if "{name}" in t:
                            used_name = True
                        if "{thing}" in t:
                            used_thing = True
                        t = t.replace("{name}", name or "").replace("{thing}", _your(thing or ""))
                        if choice.startswith("c_") and (choice != "c_thanks" or "{thing}" in _frag(pick)[0]):
                            lt += "C"
                        letters.update(lt)
                        mech = [max(a, b) for a, b in zip(mech, mv, strict=True)]
                        texts.append(t)
                    if not texts:
                        continue
                    if texts[0].endswith(","):  # greeting: own line
                        reply = texts[0] + ("\n" if channel == "email" else " ") + " ".join(texts[1:])
                    else:
                        reply = " ".join(texts)
                    if channel == "social":
                        reply = reply.replace("Best wishes, Sam", "").strip()
                    beh = {b: False for b in BEHAVIOURS}
                    for letter in letters - {"P"}:
                        beh[LETTER[letter]] = True
                    beh["personal"] = used_name or used_thing or "P" in letters
                    rows.append({
                        "id": f"{msg_id}-{quality}",
                        "message_id": msg_id,
                        "channel": channel,
                        "cause": CAUSE_LABEL.get(cause, cause),
                        "customer_name": name,
                        "customer": text,
                        "reply": reply.strip(),
                        "quality": quality,
                        "empathy_needed": need,
                        "behaviours": beh,
                        "mechanisms": {"emotional_reactions": mech[0], "interpretations": mech[1],
                                       "explorations": mech[2]},
                        "split": "holdout" if part == "b" else "",
                    })  # fmt: skip
    # train/dev by customer message, seeded
    msg_ids = sorted({r["message_id"] for r in rows if not r["split"]})
    random.Random(seed).shuffle(msg_ids)
    dev = set(msg_ids[: round(len(msg_ids) * 0.2)])
    for r in rows:
        if not r["split"]:
            r["split"] = "dev" if r["message_id"] in dev else "train"
    return rows


def main() -> None:
    rows = build()
    out = Path(__file__).parent / "pairs.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter

    print(len(rows), Counter(r["split"] for r in rows))


if __name__ == "__main__":
    main()
