"""The stored themes seen from one segment (a channel, a plan, employees...): same ids, own ranking.

Themes are found once over all feedback so that "T3" means the same thing on every page. A
segment view does not cluster again: it keeps the items of the segment and judges each theme on
those alone (size, share, pain or gain, intensity, trend, score), so a theme that matters little
overall can lead for one plan or one channel. Themes with no item in the segment are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from empathica.domain import Analysis, Theme
from empathica.insights.ranking import feeling, score, split_date, trend
from empathica.insights.themes import EXAMPLES, MIN_ITEMS, NotEnoughData


@dataclass(frozen=True, slots=True)
class ThemeMember:
    """One stored item as the theme views need it: which theme it is in, when, and how it feels."""

    id: str
    theme: str | None
    created_at: datetime | None = None
    analysis: Analysis | None = None


@dataclass(slots=True)
class SegmentThemes:
    """Themes judged on a segment's items only, ranked by their score there."""

    segment: dict[str, str]
    items: int
    themes: list[Theme]
    shares: dict[str, float]
    assignments: dict[str, str | None] = field(default_factory=dict)

    @property
    def unassigned(self) -> int:
        return sum(a is None for a in self.assignments.values())

    def to_record(self) -> dict[str, Any]:
        return {
            "segment": dict(self.segment),
            "items": self.items,
            "themes": [{**t.to_record(), "share": self.shares[t.id]} for t in self.themes],
            "assignments": dict(self.assignments),
        }


def segment_themes(
    themes: Sequence[Theme],
    members: Sequence[ThemeMember],
    segment: Mapping[str, str] | None = None,
    *,
    min_items: int = MIN_ITEMS,
) -> SegmentThemes:
    """Each theme recomputed on ``members`` (the segment's items, with their stored themes).

    Trend compares the segment's recent half with its older half, as a full build does for the
    whole corpus. A theme whose members in the segment have no stored analysis keeps its overall
    feeling: "unknown here" should not read as "neutral here".
    """
    where = ", ".join(f"{k}={v}" for k, v in (segment or {}).items()) or "all feedback"
    if len(members) < min_items:
        raise NotEnoughData(
            f"{len(members)} items match the segment ({where}); at least {min_items} are needed to rank "
            "themes on it"
        )
    dates = [m.created_at for m in members]
    cut = split_date(dates)
    known = [d for d in dates if d is not None]
    recent_share = sum(d > cut for d in known) / len(known) if cut is not None and known else 0.5
    by_theme: dict[str, list[ThemeMember]] = {}
    for m in members:
        if m.theme is not None:
            by_theme.setdefault(m.theme, []).append(m)
    out: list[Theme] = []
    for theme in themes:
        rows = by_theme.get(theme.id)
        if not rows:
            continue
        judged = [m.analysis for m in rows if m.analysis is not None]
        if judged:
            feel = feeling(judged)
            polarity, valence, intensity = feel.polarity, feel.valence, feel.intensity
        else:
            polarity, valence, intensity = theme.polarity, theme.valence, theme.intensity
        tr = trend([m.created_at for m in rows], cut, recent_share)
        ids = {m.id for m in rows}
        examples = [e for e in theme.examples if e in ids]
        examples += sorted(ids - set(examples), key=_id_order)[: max(0, EXAMPLES - len(examples))]
        out.append(
            replace(
                theme,
                size=len(rows),
                polarity=polarity,
                valence=valence,
                intensity=intensity,
                trend=tr,
                score=score(len(rows), intensity, tr),
                examples=examples,
            )
        )
    out.sort(key=lambda t: (-t.score, -t.size, t.id))
    return SegmentThemes(
        segment=dict(segment or {}),
        items=len(members),
        themes=out,
        shares={t.id: round(t.size / len(members), 4) for t in out},
        assignments={m.id: m.theme for m in members},
    )


def _id_order(key: str) -> tuple[int, int, str]:
    """Stored ids are numbers: order them as numbers, anything else after them as text."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)
