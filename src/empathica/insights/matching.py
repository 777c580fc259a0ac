"""Which persona of one build is which persona of another: matched by the people in them.

Personas are rebuilt from scratch whenever feedback arrives, and clustering numbers its groups
by size, so without matching a persona that gained a few members could swap ids (P1 <-> P2) or
names with another, and every bookmark, map link and "what changed" comparison would point at
the wrong people. Two builds of the same store share most of their items, so the share of
items two personas have in common says whether they are the same group of people; the
defining traits are the fallback when the builds share no items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from empathica.domain import Persona

#: Below this similarity two personas are different groups, not one group that moved.
MIN_MATCH = 0.2
#: Traits alone are weaker evidence than shared members; they count at this weight.
TRAIT_WEIGHT = 0.5

_ID = re.compile(r"^P(\d+)$")


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def similarity(old: Persona, new: Persona) -> float:
    """Overlap of members (items), or, when they share none, a discounted overlap of traits."""
    items = jaccard(set(old.feedback_ids), set(new.feedback_ids))
    if items > 0.0:
        return items
    if old.kind != new.kind:
        return 0.0
    return TRAIT_WEIGHT * jaccard(set(old.traits), set(new.traits))


def match_personas(
    old: Sequence[Persona], new: Sequence[Persona], min_similarity: float = MIN_MATCH
) -> dict[str, str]:
    """``{new id: old id}`` for the pairs that are the same people, each persona used once.

    Greedy on the most similar pair first (ties broken by ids, so a match is reproducible):
    with a handful of personas this is as good as an optimal assignment and easy to explain
    ("P3 kept its name because 80% of its people are still in it").
    """
    pairs = [(s, o.id, n.id) for o in old for n in new if (s := similarity(o, n)) >= min_similarity]
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_old: set[str] = set()
    out: dict[str, str] = {}
    for _, o, n in pairs:
        if o in used_old or n in out:
            continue
        used_old.add(o)
        out[n] = o
    return out


def id_number(persona_id: str) -> int:
    """The number of a ``P<n>`` id; other ids count as 0, so they never block a new number."""
    m = _ID.match(persona_id)
    return int(m.group(1)) if m else 0
