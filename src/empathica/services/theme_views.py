"""Use cases that look at the stored themes from one side: a segment, or the last few days.

Neither clusters again: the stored themes are brought up to date (new feedback joins them) and
then judged on a subset of their items, so ids and labels mean the same on every view.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from empathica.domain import FeedbackQuery, PersonKind, StoredItem, Theme
from empathica.insights import (
    MIN_ITEMS,
    NotEnoughData,
    SegmentThemes,
    ThemeChanges,
    ThemeMember,
    segment_themes,
    theme_changes,
)
from empathica.services.core import InputError
from empathica.services.insights import Insights

#: Segment keys that are fields of every item; any other key names a metadata attribute.
SEGMENT_FIELDS: tuple[str, ...] = ("channel", "source", "kind", "people")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
#: The longest "what changed" window: a year; beyond that the question is a trend, not a change.
MAX_DAYS = 366


def parse_segment(pairs: Sequence[str]) -> dict[str, str]:
    """``["plan=pro", "channel=email"]`` as a mapping; a malformed or repeated pair is an InputError."""
    out: dict[str, str] = {}
    for raw in pairs:
        key, sep, value = raw.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise InputError(
                f"segment {raw!r}: expected KEY=VALUE, e.g. plan=pro or channel=email", "segment"
            )
        if not _KEY.match(key):
            raise InputError(
                f"segment key {key!r}: use letters, digits, '_', '.' or '-' (at most 64)", "segment"
            )
        if key in out:
            raise InputError(f"segment key {key!r} is given twice; an item has one {key}", "segment")
        out[key] = value
    return out


class ThemeViews(Insights):
    """A segment's view of the stored themes, and what changed in them lately."""

    def segment_query(
        self, segment: Mapping[str, str], since: datetime | None = None, until: datetime | None = None
    ) -> FeedbackQuery:
        """The query of a segment; an unknown key lists the keys that exist."""
        fields: dict[str, str] = {}
        metadata: dict[str, str] = {}
        unknown = [k for k in segment if k not in SEGMENT_FIELDS]
        known_meta = set(self.repo.metadata_keys()) if unknown else set()
        for key, value in segment.items():
            if key in SEGMENT_FIELDS:
                fields[key] = value
            elif key in known_meta:
                metadata[key] = value
            else:
                attributes = ", ".join(sorted(known_meta)) or "none are stored"
                raise InputError(
                    f"unknown segment key {key!r}: use {', '.join(SEGMENT_FIELDS)} or a metadata "
                    f"attribute of the stored feedback ({attributes})",
                    "segment",
                )
        people = fields.get("people")
        kinds = [k.value for k in PersonKind]
        if people is not None and people not in kinds:
            raise InputError(f"segment people={people!r}: use {' or '.join(kinds)}", "segment")
        return FeedbackQuery(
            channel=fields.get("channel"),
            source=fields.get("source"),
            kind=fields.get("kind"),
            person_kind=PersonKind(people) if people else None,
            since=since,
            until=until,
            metadata=metadata,
        )

    def themes_of_segment(
        self, segment: Mapping[str, str], since: datetime | None = None, until: datetime | None = None
    ) -> SegmentThemes:
        """The stored themes ranked on one segment's items (size, share, feeling, trend, score).

        Too few items in the segment is an ``InputError`` naming ``segment``, as an unknown key is.
        """
        query = self.segment_query(segment, since, until)
        words = dict(segment)
        if since is not None:
            words["since"] = since.date().isoformat()
        if until is not None:
            words["until"] = until.date().isoformat()
        items = list(self.repo.iter_items(query))
        if len(items) < MIN_ITEMS:  # said before the model is loaded to bring the themes up to date
            return self._segment_or_fail([], [_member(it, {}) for it in items], words)
        themes, _ = self.update_themes()
        placed = self.repo.insights.placements()
        return self._segment_or_fail(themes, [_member(it, placed) for it in items], words)

    @staticmethod
    def _segment_or_fail(
        themes: Sequence[Theme], members: Sequence[ThemeMember], words: dict[str, str]
    ) -> SegmentThemes:
        try:
            return segment_themes(themes, members, words)
        except NotEnoughData as exc:
            raise InputError(f"{exc} (widen the segment or the dates)", "segment") from None

    def theme_changes(self, days: int = 7, now: datetime | None = None) -> ThemeChanges:
        """What changed in the themes over the last ``days`` days before ``now`` (default: the clock).

        New themes, growing and shrinking ones (against the ``days`` before), feelings that
        turned, and how many new items were placed. ``now`` is a parameter so that a test, or a
        weekly report run late, can say which week it means.
        """
        if not 1 <= days <= MAX_DAYS:
            raise InputError(f"days must be between 1 and {MAX_DAYS} (got {days})", "days")
        end = now or datetime.now(UTC)
        end = end.replace(tzinfo=UTC) if end.tzinfo is None else end
        themes, _ = self.update_themes()
        placed = self.repo.insights.placements()
        window = FeedbackQuery(since=end - timedelta(days=2 * days), until=end)
        members = [_member(it, placed) for it in self.repo.iter_items(window)]
        return theme_changes(themes, members, end, days, self.repo.insights.theme_first_dates())


def _member(item: StoredItem, placed: Mapping[int, str | None]) -> ThemeMember:
    key = item.feedback.id or 0
    return ThemeMember(str(key), placed.get(key), item.feedback.created_at, item.analysis)
