"""Themes of pains and gains: cluster, name, judge and rank, then keep them current.

``build_themes`` is the full (re)build; ``assign`` and ``update`` let new feedback join the
themes it resembles without moving anything that was already there, so a theme a user has
looked at (or renamed) does not change under them each time a ticket arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import numpy as np

from empathica.domain import Analysis, Theme
from empathica.insights.clustering import UNASSIGNED, ClusterOptions, assign_to, cluster, normalize
from empathica.insights.edits import carry_over
from empathica.insights.naming import name_groups
from empathica.insights.ranking import feeling, score, split_date, trend

#: Fewer items than this and any "theme" would be an anecdote.
MIN_ITEMS = 20
#: Representative items kept as evidence per theme.
EXAMPLES = 3


class NotEnoughData(ValueError):
    """Too little feedback to find themes honestly."""


@dataclass(slots=True)
class ThemeResult:
    """Themes ranked by score, and the theme id of every input item (None: no theme fits)."""

    themes: list[Theme]
    ids: list[str]
    assignments: list[str | None]

    @property
    def unassigned_share(self) -> float:
        return sum(a is None for a in self.assignments) / len(self.assignments) if self.assignments else 0.0

    def to_record(self) -> dict[str, Any]:
        return {
            "themes": [t.to_record() for t in self.themes],
            "assignments": dict(zip(self.ids, self.assignments, strict=True)),
        }


def _check(embeddings: np.ndarray, n: int, what: str) -> np.ndarray:
    x = np.asarray(embeddings, dtype=np.float32)
    if x.ndim != 2 or x.shape[0] != n:
        raise ValueError(
            f"embeddings must be a 2-D array with one row per {what}; got shape {x.shape} for {n} {what}s"
        )
    if not np.isfinite(x).all():
        raise ValueError("embeddings contain NaN or infinite values")
    return x


def build_themes(
    embeddings: np.ndarray,
    texts: Sequence[str],
    *,
    ids: Sequence[str] | None = None,
    analyses: Sequence[Analysis | None] | None = None,
    dates: Sequence[datetime | None] | None = None,
    options: ClusterOptions | None = None,
    min_items: int = MIN_ITEMS,
    previous: Sequence[Theme] = (),
) -> ThemeResult:
    """Discover themes in a corpus; the same items in any order give the same themes.

    With ``previous`` (the themes before this rebuild), themes that continue an old one keep
    its id and any name or merge a person gave it (see ``edits.carry_over``).
    """
    n = len(texts)
    if n < min_items:
        raise NotEnoughData(
            f"{n} items are too few to find themes; at least {min_items} are needed so that a theme is "
            "a pattern and not an anecdote"
        )
    x = _check(embeddings, n, "text")
    item_ids = [str(i) for i in ids] if ids is not None else [str(i) for i in range(n)]
    for what, seq in (("ids", ids), ("analyses", analyses), ("dates", dates)):
        if seq is not None and len(seq) != n:
            raise ValueError(f"got {len(seq)} {what} for {n} texts")
    result = cluster(x, options)
    k = result.centroids.shape[0]
    members = [np.flatnonzero(result.labels == c) for c in range(k)]
    member_lists = [[int(i) for i in rows] for rows in members]
    named = name_groups([[texts[i] for i in rows] for rows in member_lists])
    cut = split_date(dates) if dates is not None else None
    recent_share = (
        sum(d is not None and d > cut for d in dates) / max(1, sum(d is not None for d in dates))
        if dates is not None and cut is not None
        else 0.5
    )
    xn = normalize(x)
    context = _Context(xn, item_ids, analyses, dates, cut, recent_share, round(result.threshold, 6))
    drafts: list[Theme] = []
    for c, rows in enumerate(members):
        label, kws = named[c]
        drafts.append(_describe(context, str(c), label, kws, rows, result.centroids[c]))
    # Rank, then number: ids follow the ranking so "T1" is always the theme that matters most.
    order = sorted(range(k), key=lambda c: (-drafts[c].score, -drafts[c].size, drafts[c].label))
    new_id = {c: f"T{rank + 1}" for rank, c in enumerate(order)}
    themes = [replace(drafts[c], id=new_id[c]) for c in order]
    assignments = [None if lab == UNASSIGNED else new_id[int(lab)] for lab in result.labels]
    if previous:
        themes, kept = carry_over(previous, themes)
        assignments = [None if a is None else kept[a] for a in assignments]
        themes, assignments = _keep_splits(context, previous, themes, assignments, texts)
    return ThemeResult(themes, item_ids, assignments)


@dataclass(frozen=True, slots=True)
class _Context:
    """What describing a group of items needs: the corpus's vectors, ids, feelings and dates."""

    xn: np.ndarray
    ids: Sequence[str]
    analyses: Sequence[Analysis | None] | None
    dates: Sequence[datetime | None] | None
    cut: datetime | None
    recent_share: float
    threshold: float


def _describe(
    ctx: _Context, key: str, label: str, keywords: list[str], rows: np.ndarray, centre: np.ndarray
) -> Theme:
    """A theme of the items at ``rows``: its feeling, trend, score and the examples nearest ``centre``."""
    idx = [int(i) for i in rows]
    judged = [a for a in (ctx.analyses[i] for i in idx) if a is not None] if ctx.analyses is not None else []
    feel = feeling(judged)
    tr = trend([ctx.dates[i] for i in idx], ctx.cut, ctx.recent_share) if ctx.dates is not None else None
    sims = ctx.xn[rows] @ centre
    closest = rows[np.lexsort((rows, -sims))][:EXAMPLES]
    return Theme(
        id=key,
        label=label,
        keywords=keywords,
        polarity=feel.polarity,
        size=len(rows),
        score=score(len(rows), feel.intensity, tr),
        intensity=feel.intensity,
        valence=feel.valence,
        trend=tr,
        examples=[ctx.ids[i] for i in closest],
        centroid=tuple(float(v) for v in centre),
        threshold=ctx.threshold,
    )


def _keep_splits(
    ctx: _Context,
    previous: Sequence[Theme],
    themes: list[Theme],
    assignments: list[str | None],
    texts: Sequence[str],
) -> tuple[list[Theme], list[str | None]]:
    """Split again what a person split, when the rebuild's clustering put the halves back together.

    A split is made because a person saw two subjects where the clustering saw one, so a rebuild
    (which clusters the same way) would undo it: the halves' items come back as one theme that
    continues one half, and the other half's id disappears. Here such a theme's items are shared
    out again to the nearest half's centre, each half keeping its id and label.
    """
    halves_of: dict[str, list[Theme]] = {}
    for t in previous:
        if t.split_from:
            halves_of.setdefault(t.split_from, []).append(t)
    for halves in halves_of.values():
        keys = [h.id for h in halves]
        present = [t for t in themes if t.id in keys]
        if len(halves) < 2 or not present or len(present) == len(halves):
            continue  # nothing of the split left, or every half found again on its own
        rows = np.array([i for i, a in enumerate(assignments) if a in keys], dtype=np.int64)
        centres = normalize(np.array([h.centroid for h in halves], dtype=np.float32))
        nearest = np.argmax(ctx.xn[rows] @ centres.T, axis=1)
        groups = [rows[nearest == j] for j in range(len(halves))]
        named = name_groups([[texts[int(i)] for i in g] for g in groups if len(g)])
        parts: list[Theme] = []
        for half, group in zip(halves, groups, strict=True):
            if not len(group):
                continue  # a half with nothing in it now is gone, as any empty theme would be
            _, keywords = named.pop(0)
            centre = normalize(ctx.xn[group].mean(axis=0, keepdims=True))[0]
            part = _describe(ctx, half.id, half.label, keywords, group, centre)
            parts.append(replace(part, renamed=half.renamed, split_from=half.split_from))
            for i in group:
                assignments[int(i)] = half.id
        themes = [t for t in themes if t.id not in keys] + parts
    themes.sort(key=lambda t: (-t.score, -t.size, t.id))
    return themes, assignments


def _matrix(themes: Sequence[Theme]) -> tuple[np.ndarray, np.ndarray]:
    if not themes:
        return np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.float32)
    dims = {len(t.centroid) for t in themes}
    if len(dims) != 1 or 0 in dims:
        raise ValueError("every theme needs a centroid of the same length to take new items")
    return (
        np.array([t.centroid for t in themes], dtype=np.float32),
        np.array([t.threshold for t in themes], dtype=np.float32),
    )


def assign(new_embeddings: np.ndarray, themes: Sequence[Theme]) -> list[str | None]:
    """The theme id each new item joins (nearest centroid, if similar enough), without a rebuild."""
    x = np.asarray(new_embeddings, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"embeddings must be a 2-D array, got shape {x.shape}")
    centroids, thresholds = _matrix(themes)
    if x.shape[0] and centroids.shape[0] and centroids.shape[1] != x.shape[1]:
        raise ValueError(
            f"embeddings have {x.shape[1]} dimensions but the themes' centroids have {centroids.shape[1]}"
        )
    labels = assign_to(x, centroids, thresholds)
    return [None if lab == UNASSIGNED else themes[int(lab)].id for lab in labels]


def update(
    themes: Sequence[Theme],
    new_embeddings: np.ndarray,
    analyses: Sequence[Analysis | None] | None = None,
) -> tuple[list[Theme], list[str | None]]:
    """Join new items to existing themes and refresh size, centroid, feeling and score.

    Labels, keywords, ids and any user edits are kept: only a full rebuild renames themes.
    """
    x = normalize(np.asarray(new_embeddings, dtype=np.float32)) if len(new_embeddings) else new_embeddings
    if analyses is not None and len(analyses) != len(x):
        raise ValueError(f"got {len(analyses)} analyses for {len(x)} embeddings")
    joined = assign(x, themes)
    out: list[Theme] = []
    for theme in themes:
        rows = [i for i, tid in enumerate(joined) if tid == theme.id]
        if not rows:
            out.append(theme)
            continue
        size = theme.size + len(rows)
        centroid = normalize(
            (np.array(theme.centroid, dtype=np.float64) * theme.size + x[rows].sum(axis=0))[None, :]
        )[0]
        intensity, valence = theme.intensity, theme.valence
        judged = [a for a in (analyses[i] for i in rows) if a is not None] if analyses is not None else []
        polarity = theme.polarity
        if judged:
            feel = feeling(judged)
            w = len(judged) / (theme.size + len(judged))
            intensity = round(theme.intensity * (1 - w) + feel.intensity * w, 4)
            valence = round(theme.valence * (1 - w) + feel.valence * w, 4)
        out.append(
            replace(
                theme,
                size=size,
                centroid=tuple(float(v) for v in centroid),
                intensity=intensity,
                valence=valence,
                polarity=polarity,
                score=score(size, intensity, theme.trend),
            )
        )
    return out, joined
