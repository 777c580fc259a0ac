"""What changed since last week: personas and empathy maps now against N days ago.

Both sides come from the stored feedback (items dated up to the cut-off against all items up
to ``now``), so no history has to be kept and any window can be asked for. ``now`` is a
parameter so that a test, or a report about a past week, fixes the clock. Undated items
count on both sides: nobody knows when they were written, so they are never called new.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from empathica.domain import FeedbackQuery, MapChanges, PersonaChanges, StoredItem
from empathica.insights import MIN_ITEMS, NotEnoughData, build_empathy_map
from empathica.insights.changes import diff_maps, diff_personas, retimed_map, retimed_personas
from empathica.insights.empathy_map import read_items
from empathica.services.cache import Cut
from empathica.services.core import InputError
from empathica.services.insights import Insights

#: Entries per section in the two maps compared: generous, so that an entry pushed just out of
#: the shown top six is not reported as faded.
COMPARE_PER_SECTION = 50
MAX_DAYS = 3660


def _dated_by(item: StoredItem, moment: datetime) -> bool:
    created = item.feedback.created_at
    return created is None or created <= moment


class Changes(Insights):
    """Persona and map changes over a window; too little data on either side is an InputError.

    A report is kept with the store's fingerprint and the range of cut-offs that split the items
    the same way (``Cut``): the "what changed" panel asked on every page load, with "now" a few
    seconds later each time, is rebuilt only when feedback arrives or the window passes an item.
    """

    def _window(self, days: int, now: datetime | None) -> tuple[datetime, datetime]:
        if not 1 <= days <= MAX_DAYS:
            raise InputError(f"days must be between 1 and {MAX_DAYS} (got {days})", "days")
        end = now or datetime.now(UTC)
        if end.tzinfo is None:
            end = end.replace(tzinfo=UTC)
        return end - timedelta(days=days), end

    def persona_changes(
        self, kind: str = "customer", days: int = 7, now: datetime | None = None
    ) -> PersonaChanges:
        """Personas as of ``days`` before ``now`` against personas as of ``now``.

        "Now" is the stored personas (the same ids and names as ``personas``) unless ``now``
        lies before some stored items; "then" is built from the items dated up to the cut-off
        and matched to "now" by its people.
        """
        self._check_kind(kind)
        since, until = self._window(days, now)
        key = ("persona_changes", kind, self.repo.insight_state(kind), days)
        kept: tuple[PersonaChanges, Cut, Cut] | None = self._results.get(key)
        if kept is not None and kept[1].holds(since) and kept[2].holds(until):
            return retimed_personas(kept[0], since, until)
        stored = self.persona_items(kind)
        every = [(p, it) for p, it in stored if _dated_by(it, until)]
        current = self._personas(kind, items=stored)
        if len(every) < len(stored):  # ``now`` is in the past: "now" is as of then, named as today
            current = self._build_personas(every, kind, previous=current)
        before = [(p, it) for p, it in every if _dated_by(it, since)]
        try:
            then = self._build_personas(before, kind, previous=current)
        except InputError as exc:
            raise InputError(
                f"as of {since.date().isoformat()} ({days} days before {until.date().isoformat()}) {exc}; "
                "there is too little earlier feedback to compare with (try fewer --days)",
                "days",
            ) from None
        recent = {p.id for p, it in every if not _dated_by(it, since)}
        report = diff_personas(
            then,
            current,
            {p.id: p for p, _ in every},
            recent,
            kind=kind,
            since=since,
            until=until,
            days=days,
        )
        dates = [it.feedback.created_at for _, it in stored]
        self._results.put(key, (report, Cut.around(since, dates), Cut.around(until, dates)))
        return report

    def map_changes(
        self,
        query: FeedbackQuery,
        days: int = 7,
        now: datetime | None = None,
        title: str | None = None,
        stage: str | None = None,
        persona: str | None = None,
    ) -> MapChanges:
        """The empathy map of a segment or persona as of ``days`` before ``now`` against ``now``.

        The segment's own date range is the comparison's, so ``query`` must not carry one.
        """
        if query.since is not None or query.until is not None:
            raise InputError(
                "a comparison sets its own dates: give days (and now), not since or until", "since"
            )
        since, until = self._window(days, now)
        state = self.repo.map_state(query.person_kind)
        key = ("map_changes", state, query.key(), title, stage, persona, days)
        kept: tuple[MapChanges, Cut, Cut] | None = self._results.get(key)
        if kept is not None and kept[1].holds(since) and kept[2].holds(until):
            return retimed_map(kept[0], since, until)
        items, title, segment = self.map_items(query, title, stage, persona)
        now_items = [it for it in items if _dated_by(it, until)]
        earlier = [_dated_by(it, since) for it in now_items]
        then_items = [it for it, before in zip(now_items, earlier, strict=True) if before]
        # Both maps read the same words, so each item is read once (reading is most of a map's
        # work); a side too thin for a map fails before anything is read.
        now_readings = read_items(now_items) if len(then_items) >= MIN_ITEMS else None
        then_readings = (
            [r for r, before in zip(now_readings, earlier, strict=True) if before] if now_readings else None
        )
        themes = self.repo.insights.load_themes()
        theme_of = {str(k): v for k, v in self.repo.insights.placements().items()} if themes else None
        where = ", ".join(f"{k} {v}" for k, v in segment.items()) or "stored feedback"
        maps = []
        sides = ((since, then_items, then_readings), (until, now_items, now_readings))
        for moment, chosen, readings in sides:
            try:
                maps.append(
                    build_empathy_map(
                        chosen,
                        title=title,
                        themes=themes,
                        theme_of=theme_of,
                        segment=segment,
                        until=moment,
                        per_section=COMPARE_PER_SECTION,
                        readings=readings,
                    )
                )
            except NotEnoughData:
                raise InputError(
                    f"as of {moment.date().isoformat()} {len(chosen)} items match ({where}); at least "
                    f"{MIN_ITEMS} are needed on both sides of a comparison "
                    "(try fewer days or a wider segment)",
                    "days",
                ) from None
        report = diff_maps(maps[0], maps[1], since=since, until=until, days=days)
        dates = [it.feedback.created_at for it in items]
        self._results.put(key, (report, Cut.around(since, dates), Cut.around(until, dates)))
        return report
