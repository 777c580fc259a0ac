"""What changed since a cut-off: personas and empathy maps "then" against "now".

Both sides are built from the same store (items dated up to the cut-off, and all items up to
now), so the comparison needs no history table and can look back any number of days. The
personas of "then" are built with the personas of "now" as their previous build, so a persona
present in both carries the same id and the comparison is a lookup by id.

Rising labels compare the persona's items since the cut-off with its items before it: a pain
that one customer in ten mentioned before and one in three mentions this week is rising even
though the persona's all-time share moved little. A label needs ``min_count`` recent items to
be reported, so one unlucky ticket is never announced as a trend.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from empathica.domain import (
    MAP_SECTIONS,
    EmpathyMap,
    LabelChange,
    MapChanges,
    MapEntryChange,
    Persona,
    PersonaChange,
    PersonaChanges,
)
from empathica.insights.personas import PersonaItem

#: A label's share of recent items must exceed its earlier share by this much to be "rising".
MIN_RISE = 0.1
#: Recent items a label needs before it is reported at all.
MIN_COUNT = 2
#: A map entry's strength must move by this much (share of the map's items) to be reported.
MIN_CHANGE = 0.03
#: Evidence ids listed per change; the count says how many there are in all.
EVIDENCE_LIMIT = 20
FACETS: tuple[str, ...] = ("pain", "need", "emotion")


def item_labels(item: PersonaItem, top_emotions: int = 2) -> set[tuple[str, str]]:
    """(facet, label) pairs an item carries: its pains, needs and its top non-neutral emotions."""
    a = item.analysis
    out = {("pain", c.label) for c in a.causes if c.polarity == "pain"}
    out |= {("need", n.label) for n in a.needs}
    out |= {("emotion", e) for e in a.emotions.labels[:top_emotions] if e != "neutral"}
    return out


def label_changes(
    before: Sequence[PersonaItem],
    recent: Sequence[PersonaItem],
    *,
    min_rise: float = MIN_RISE,
    min_count: int = MIN_COUNT,
    top_emotions: int = 2,
) -> list[LabelChange]:
    """Labels new or rising in ``recent`` compared with ``before``; biggest rise first."""
    if not recent:
        return []
    old: Counter[tuple[str, str]] = Counter(k for it in before for k in item_labels(it, top_emotions))
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for it in sorted(recent, key=lambda it: it.id):
        for key in item_labels(it, top_emotions):
            holders[key].append(it.id)
    out = []
    for (facet, label), ids in holders.items():
        if len(ids) < min_count:
            continue
        share_before = old[(facet, label)] / len(before) if before else 0.0
        share_after = len(ids) / len(recent)
        status = "new" if old[(facet, label)] == 0 else "rising"
        if status == "rising" and share_after - share_before < min_rise:
            continue
        out.append(
            LabelChange(
                facet, label, status, round(share_before, 4), round(share_after, 4), len(ids),
                ids[:EVIDENCE_LIMIT],
            )
        )  # fmt: skip
    out.sort(key=lambda c: (-(c.after - c.before), FACETS.index(c.facet), c.label))
    return out


def diff_personas(
    then: Sequence[Persona],
    now: Sequence[Persona],
    items: Mapping[str, PersonaItem],
    recent: set[str],
    *,
    kind: str,
    since: datetime,
    until: datetime,
    days: int,
    min_rise: float = MIN_RISE,
    min_count: int = MIN_COUNT,
) -> PersonaChanges:
    """Personas new, gone or kept across the cut-off, and each one's new or rising labels.

    ``then`` must carry the ids of ``now`` where they are the same people (build it with
    ``previous=now``); ``items`` holds every item of ``now`` by id and ``recent`` the ids
    dated after the cut-off.
    """
    before_ids = {i for p in then for i in p.feedback_ids}
    after_ids = {i for p in now for i in p.feedback_ids}
    old = {p.id: p for p in then}
    out: list[PersonaChange] = []
    for p in now:
        fresh = [items[i] for i in p.feedback_ids if i in recent]
        prior = old.get(p.id)
        earlier = [items[i] for i in prior.feedback_ids if i in items] if prior else []
        out.append(
            PersonaChange(
                id=p.id,
                name=p.name,
                status="kept" if prior else "new",
                size_before=prior.size if prior else 0,
                size_after=p.size,
                share_before=prior.share if prior else 0.0,
                share_after=p.share,
                new_items=len(fresh),
                changes=label_changes(earlier, fresh, min_rise=min_rise, min_count=min_count),
            )
        )
    kept = {p.id for p in now}
    for p in then:
        if p.id not in kept:
            out.append(PersonaChange(p.id, p.name, "gone", p.size, 0, p.share, 0.0, 0))
    message = _quiet_personas(kind, since) if not recent else ""
    return PersonaChanges(
        kind=kind, since=since, until=until, days=days, items_before=len(before_ids),
        items_after=len(after_ids), personas=out, message=message,
    )  # fmt: skip


def _quiet_personas(kind: str, since: datetime) -> str:
    return f"No analysed {kind} feedback is dated after {since.date().isoformat()}; nothing changed."


def _quiet_map(since: datetime) -> str:
    return f"No feedback in this map is dated after {since.date().isoformat()}; nothing changed."


def retimed_personas(report: PersonaChanges, since: datetime, until: datetime) -> PersonaChanges:
    """The same comparison dated ``since`` to ``until``, for a window that puts the same items on
    each side (a kept report served an hour later): only the dates, and the one in the message, move.
    """
    message = _quiet_personas(report.kind, since) if report.message else ""
    return replace(report, since=since, until=until, message=message)


def retimed_map(report: MapChanges, since: datetime, until: datetime) -> MapChanges:
    """As ``retimed_personas``, for a map's changes."""
    message = _quiet_map(since) if report.message else ""
    return replace(report, since=since, until=until, message=message)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def diff_maps(
    then: EmpathyMap,
    now: EmpathyMap,
    *,
    since: datetime,
    until: datetime,
    days: int,
    min_change: float = MIN_CHANGE,
    per_section: int = 6,
) -> MapChanges:
    """Entries new, grown or faded in each section between two maps of the same segment.

    Build both maps with a generous ``per_section`` so an entry pushed just out of the top
    few is not reported as faded; the report keeps ``per_section`` changes per section and
    status, biggest move first.
    """
    entries: list[MapEntryChange] = []
    for name in MAP_SECTIONS:
        before = {_key(e.text): e for e in then.sections.get(name, [])}
        after = {_key(e.text): e for e in now.sections.get(name, [])}
        found: list[MapEntryChange] = []
        for key, e in after.items():
            prior = before.get(key)
            known = set(prior.evidence) if prior is not None else set()
            added = [i for i in e.evidence if i not in known]
            if prior is None:
                if added:
                    found.append(
                        MapEntryChange(name, e.text, "new", 0.0, e.strength, added[:EVIDENCE_LIMIT], e.note)
                    )
            elif e.strength - prior.strength >= min_change and added:
                found.append(
                    MapEntryChange(
                        name, e.text, "grown", prior.strength, e.strength, added[:EVIDENCE_LIMIT], e.note
                    )
                )
            elif prior.strength - e.strength >= min_change:
                found.append(
                    MapEntryChange(
                        name,
                        e.text,
                        "faded",
                        prior.strength,
                        e.strength,
                        prior.evidence[:EVIDENCE_LIMIT],
                        e.note,
                    )
                )
        for key, e in before.items():
            if key not in after and e.strength >= min_change:
                found.append(
                    MapEntryChange(
                        name, e.text, "faded", e.strength, 0.0, e.evidence[:EVIDENCE_LIMIT], e.note
                    )
                )
        for status in ("new", "grown", "faded"):
            same = [c for c in found if c.status == status]
            same.sort(key=lambda c: (-abs(c.after - c.before), c.text))
            entries.extend(same[:per_section])
    message = _quiet_map(since) if now.items == then.items else ""
    return MapChanges(
        title=now.title, since=since, until=until, days=days, items_before=then.items,
        items_after=now.items, segment=dict(now.segment), entries=entries, message=message,
    )  # fmt: skip
