"""What changed in the themes lately: new themes, growing and shrinking ones, feelings that turned.

The window is the last ``days`` days before ``now`` (passed in, never read from the wall clock
here) and it is compared with the ``days`` before it, using the items' own dates. Small counts
swing wildly, so a change is reported only when it is large in ratio *and* in items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from empathica.domain import Theme
from empathica.insights.ranking import feeling
from empathica.insights.theme_segments import ThemeMember

#: Growing: at least this many times the previous window's items (shrinking: at most its inverse).
GROWTH = 1.5
#: ... and a difference of at least this many items, so 1 -> 2 is not "doubling".
MIN_CHANGE = 3
#: A feeling is compared only when each window has at least this many analysed items of the theme.
MIN_JUDGED = 3
#: Feelings that count as a side to flip between (neutral is the absence of one).
SIDES = ("pain", "gain", "mixed")


@dataclass(frozen=True, slots=True)
class ThemeMove:
    """A theme's items in the window (``recent``) and in the window before it (``before``)."""

    id: str
    label: str
    polarity: str
    recent: int
    before: int
    ratio: float | None  # recent / before; None when there was nothing before
    first_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class PolarityFlip:
    id: str
    label: str
    was: str
    now: str
    recent: int
    before: int


@dataclass(slots=True)
class ThemeChanges:
    """The themes' changes over ``days`` days up to ``end``, against the ``days`` before ``start``."""

    days: int
    start: datetime
    end: datetime
    new_items: int
    placed: int
    new: list[ThemeMove] = field(default_factory=list)
    growing: list[ThemeMove] = field(default_factory=list)
    shrinking: list[ThemeMove] = field(default_factory=list)
    flipped: list[PolarityFlip] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        def move(m: ThemeMove) -> dict[str, Any]:
            record = asdict(m)
            record["first_seen"] = m.first_seen.isoformat() if m.first_seen else None
            return record

        return {
            "days": self.days,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "new_items": self.new_items,
            "placed": self.placed,
            "new": [move(m) for m in self.new],
            "growing": [move(m) for m in self.growing],
            "shrinking": [move(m) for m in self.shrinking],
            "flipped": [asdict(f) for f in self.flipped],
        }


def theme_changes(
    themes: Sequence[Theme],
    members: Sequence[ThemeMember],
    now: datetime,
    days: int = 7,
    first_seen: Mapping[str, datetime | None] | None = None,
) -> ThemeChanges:
    """Compare the last ``days`` days before ``now`` with the ``days`` before them.

    ``members`` needs to hold at least the items of both windows; ``first_seen`` (each theme's
    earliest item date, from storage) saves passing every older item to tell which themes are
    new; without it the earliest date among ``members`` is used. Items without a date, or dated
    after ``now``, are in neither window.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1 (got {days})")
    end = now.replace(tzinfo=UTC) if now.tzinfo is None else now
    start = end - timedelta(days=days)
    earlier = start - timedelta(days=days)
    recent: dict[str | None, list[ThemeMember]] = {}
    before: dict[str | None, list[ThemeMember]] = {}
    first: dict[str, datetime] = {}
    for m in members:
        d = m.created_at
        if d is None:
            continue
        if m.theme is not None and (m.theme not in first or d < first[m.theme]):
            first[m.theme] = d
        if start <= d < end:
            recent.setdefault(m.theme, []).append(m)
        elif earlier <= d < start:
            before.setdefault(m.theme, []).append(m)
    seen = dict(first_seen) if first_seen is not None else first
    new_items = sum(len(v) for v in recent.values())
    out = ThemeChanges(days, start, end, new_items, new_items - len(recent.get(None, [])))
    for theme in themes:
        now_rows, old_rows = recent.get(theme.id, []), before.get(theme.id, [])
        n, b = len(now_rows), len(old_rows)
        when = seen.get(theme.id)
        move = ThemeMove(theme.id, theme.label, theme.polarity, n, b, round(n / b, 4) if b else None, when)
        if when is not None and start <= when < end:
            out.new.append(move)
        elif n >= b * GROWTH and n - b >= MIN_CHANGE:
            out.growing.append(move)
        elif n * GROWTH <= b and b - n >= MIN_CHANGE:
            out.shrinking.append(move)
        judged_now = [m.analysis for m in now_rows if m.analysis is not None]
        judged_old = [m.analysis for m in old_rows if m.analysis is not None]
        if len(judged_now) >= MIN_JUDGED and len(judged_old) >= MIN_JUDGED:
            was, is_now = feeling(judged_old).polarity, feeling(judged_now).polarity
            if was != is_now and was in SIDES and is_now in SIDES:
                out.flipped.append(PolarityFlip(theme.id, theme.label, was, is_now, n, b))
    out.new.sort(key=lambda m: (-m.recent, m.id))
    out.growing.sort(key=lambda m: (-(m.recent - m.before), m.id))
    out.shrinking.sort(key=lambda m: (-(m.before - m.recent), m.id))
    return out
