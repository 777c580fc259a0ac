"""A person's edits to themes (rename, merge, split) and how they survive a full rebuild.

Incremental updates never touch labels or ids, so edits survive them by construction. A rebuild
clusters from scratch; ``carry_over`` then matches each new theme to the old one it continues
(centroid similarity, one to one, best pairs first), so ids stay put, a renamed theme keeps its
name, and themes that match the parts of an old merge are merged again. A split is kept by
``themes._keep_splits``, which needs the items' vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from empathica.domain import Theme
from empathica.insights.clustering import normalize, spherical_kmeans
from empathica.insights.naming import name_groups
from empathica.insights.ranking import POLARITY_MARGIN, score

#: A new theme continues an old one when their centres are at least this alike.
CONTINUES = 0.8
MAX_LABEL = 80


class EditError(ValueError):
    """An edit that cannot be applied (unknown theme, empty label...)."""


def _find(themes: Sequence[Theme], theme_id: str) -> int:
    for i, t in enumerate(themes):
        if t.id == theme_id:
            return i
    known = ", ".join(t.id for t in themes) or "none"
    raise EditError(f"no theme {theme_id!r} (themes: {known})")


def _vec(t: Theme) -> np.ndarray:
    return np.asarray(t.centroid, dtype=np.float64)


def rename(themes: Sequence[Theme], theme_id: str, label: str) -> list[Theme]:
    clean = " ".join(label.split())
    if not clean:
        raise EditError("a theme's label cannot be empty")
    if len(clean) > MAX_LABEL:
        raise EditError(f"a theme's label is at most {MAX_LABEL} characters (got {len(clean)})")
    i = _find(themes, theme_id)
    out = list(themes)
    out[i] = replace(out[i], label=clean, renamed=True)
    return out


def merge(themes: Sequence[Theme], keep_id: str, other_id: str) -> list[Theme]:
    """``other`` joins ``keep``: sizes add up, the centre is their weighted mean, ``keep``'s id stays."""
    if keep_id == other_id:
        raise EditError("a theme cannot be merged with itself")
    k, o = _find(themes, keep_id), _find(themes, other_id)
    a, b = themes[k], themes[o]
    size = a.size + b.size
    w = b.size / size if size else 0.5
    centroid = normalize((_vec(a) * (1 - w) + _vec(b) * w)[None, :])[0]
    valence = round(a.valence * (1 - w) + b.valence * w, 4)
    intensity = round(a.intensity * (1 - w) + b.intensity * w, 4)
    if a.polarity == b.polarity:
        polarity = a.polarity
    elif valence <= -POLARITY_MARGIN:
        polarity = "pain"
    elif valence >= POLARITY_MARGIN:
        polarity = "gain"
    else:
        polarity = "mixed"
    keywords = list(dict.fromkeys(x for pair in zip(a.keywords, b.keywords, strict=False) for x in pair))
    keywords += [x for x in a.keywords + b.keywords if x not in keywords]
    trend = None if a.trend is None and b.trend is None else (a.trend or 1.0) * (1 - w) + (b.trend or 1.0) * w
    merged = replace(
        a,
        size=size,
        centroid=tuple(float(v) for v in centroid),
        threshold=min(a.threshold, b.threshold),
        valence=valence,
        intensity=intensity,
        polarity=polarity,
        keywords=keywords[: max(len(a.keywords), 8)],
        examples=(a.examples + b.examples)[: max(3, len(a.examples))],
        trend=None if trend is None else round(trend, 4),
        score=score(size, intensity, None if trend is None else round(trend, 4)),
        parts=(a.parts or (a.centroid,)) + (b.parts or (b.centroid,)),
    )
    return [merged if i == k else t for i, t in enumerate(themes) if i != o]


def split(
    themes: Sequence[Theme],
    theme_id: str,
    member_embeddings: np.ndarray,
    member_texts: Sequence[str],
    member_ids: Sequence[str],
) -> tuple[list[Theme], dict[str, str]]:
    """Split a theme in two by its members' own embeddings; returns the themes and members' new ids."""
    i = _find(themes, theme_id)
    n = len(member_texts)
    if n < 4 or len(member_ids) != n or len(member_embeddings) != n:
        raise EditError(
            "splitting needs the theme's members (at least 4), each with its embedding, text and id"
        )
    x = normalize(member_embeddings)
    centers, labels = spherical_kmeans(x, 2, seed=0, restarts=3, iterations=30)
    groups = [np.flatnonzero(labels == c) for c in range(2)]
    if any(len(g) == 0 for g in groups):
        raise EditError(f"theme {theme_id} is too uniform to split")
    names = name_groups([[member_texts[int(j)] for j in g] for g in groups])
    parent = themes[i]
    halves = []
    taken = {t.id for t in themes}
    new_ids = []
    for suffix in "abcdefghij":
        if f"{theme_id}{suffix}" not in taken:
            new_ids.append(f"{theme_id}{suffix}")
        if len(new_ids) == 2:
            break
    for c, g in enumerate(groups):
        sims = x[g] @ centers[c]
        closest = g[np.argsort(-sims, kind="stable")][:3]
        halves.append(
            replace(
                parent,
                id=new_ids[c],
                label=names[c][0],
                keywords=names[c][1],
                size=len(g),
                score=score(len(g), parent.intensity, parent.trend),
                examples=[member_ids[int(j)] for j in closest],
                centroid=tuple(float(v) for v in centers[c]),
                renamed=False,
                split_from=theme_id,
                parts=(),
            )
        )
    moved = {member_ids[int(j)]: new_ids[c] for c, g in enumerate(groups) for j in g}
    return [*themes[:i], *halves, *themes[i + 1 :]], moved


def carry_over(old: Sequence[Theme], new: Sequence[Theme]) -> tuple[list[Theme], dict[str, str]]:
    """Keep ids, names and merges of ``old`` on the rebuilt ``new`` themes.

    Returns the themes and the mapping from the rebuild's ids to the kept ones (for assignments).
    """
    if not old or not new:
        return list(new), {t.id: t.id for t in new}
    new_c = normalize(np.array([t.centroid for t in new]))
    # Each old theme is represented by its centre and, if a person merged it, by its parts.
    owners: list[int] = []
    vectors: list[Sequence[float]] = []
    for j, t in enumerate(old):
        for v in (t.centroid, *t.parts):
            owners.append(j)
            vectors.append(v)
    sims = new_c @ normalize(np.array(vectors)).T
    pairs = sorted(
        ((float(sims[i, v]), i, owners[v]) for i in range(len(new)) for v in range(len(vectors))),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    owner_of_new: dict[int, int] = {}
    claimed: set[int] = set()
    for sim, i, j in pairs:
        if sim < CONTINUES:
            break
        if i in owner_of_new:
            continue
        # An old theme continues in one new theme, unless it was a merge: then each part may claim one.
        if j in claimed and not old[j].parts:
            continue
        owner_of_new[i] = j
        claimed.add(j)
    used_ids = {t.id for t in old}
    fresh = (f"T{n}" for n in range(1, 10_000) if f"T{n}" not in used_ids)
    renamed: list[Theme] = []
    mapping: dict[str, str] = {}
    for i, t in enumerate(new):
        if i in owner_of_new:
            o = old[owner_of_new[i]]
            # A half of a split keeps its label too: the split was the person's edit.
            keep_label = o.renamed or bool(o.split_from)
            kept = replace(
                t,
                id=o.id,
                label=o.label if keep_label else t.label,
                renamed=o.renamed,
                split_from=o.split_from,
            )
        else:
            kept = replace(t, id=next(fresh))
        mapping[t.id] = kept.id
        renamed.append(kept)
    # New themes that continue the same old merge become one theme again.
    out: list[Theme] = []
    for t in renamed:
        same = next((k for k, u in enumerate(out) if u.id == t.id), None)
        if same is None:
            out.append(t)
        else:
            label, was_renamed = out[same].label, out[same].renamed
            out = merge([*out, replace(t, id=t.id + "~")], t.id, t.id + "~")
            idx = next(k for k, u in enumerate(out) if u.id == t.id)
            out[idx] = replace(out[idx], label=label, renamed=was_renamed)
    out.sort(key=lambda t: (-t.score, -t.size, t.id))
    return out, mapping
