"""What changed: diffs of hand-built personas, analyses and maps (no model, no store)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_personas import analysis

from empathica.domain import MAP_SECTIONS, EmpathyMap, MapEntry, Persona
from empathica.insights import PersonaItem
from empathica.insights.changes import diff_maps, diff_personas, label_changes

SINCE = datetime(2026, 11, 16, tzinfo=UTC)
UNTIL = datetime(2026, 11, 23, tzinfo=UTC)


def item(key: str, emotion: str = "neutral", pain: str | None = None, need: str | None = None) -> PersonaItem:
    return PersonaItem(
        key, f"text {key}", analysis(f"text {key}", emotion, (pain, "pain") if pain else None, need)
    )


def persona(pid: str, ids: list[str], share: float, name: str = "") -> Persona:
    return Persona(
        id=pid, kind="customer", name=name or f"Name {pid}", summary="", size=len(ids), share=share,
        items=len(ids), feedback_ids=ids,
    )  # fmt: skip


def test_a_pain_that_rose_and_one_never_seen_before_are_reported() -> None:
    before = [item(f"b{i}", pain="late_delivery" if i == 0 else None) for i in range(10)]
    recent = [
        item("r0", "anger", pain="late_delivery"),
        item("r1", "anger", pain="late_delivery", need="clarity"),
        item("r2", pain="late_delivery", need="clarity"),
        item("r3", pain="billing"),  # one item: an anecdote, not reported
        item("r4"),
    ]
    changes = label_changes(before, recent)
    got = {(c.facet, c.label): c for c in changes}
    assert set(got) == {("pain", "late_delivery"), ("need", "clarity"), ("emotion", "anger")}
    late = got[("pain", "late_delivery")]
    assert (late.status, late.before, late.after, late.count) == ("rising", 0.1, 0.6, 3)
    assert late.evidence == ["r0", "r1", "r2"]
    clarity = got[("need", "clarity")]
    assert (clarity.status, clarity.before, clarity.after, clarity.evidence) == (
        "new",
        0.0,
        0.4,
        ["r1", "r2"],
    )
    assert changes[0].label == "late_delivery"  # the biggest rise first


def test_a_steady_label_is_not_news() -> None:
    before = [item(f"b{i}", pain="late_delivery" if i % 2 else None) for i in range(10)]  # 50%
    recent = [item(f"r{i}", pain="late_delivery" if i < 3 else None) for i in range(5)]  # 60%
    assert label_changes(before, recent) == []
    assert label_changes(before, recent, min_rise=0.05)[0].label == "late_delivery"
    assert label_changes(before, []) == []


def test_personas_new_gone_and_kept_with_share_changes() -> None:
    items = {k: item(k, pain="late_delivery" if k.startswith("n") else None) for k in
             ["a1", "a2", "a3", "a4", "g1", "g2", "c1", "c2", "n1", "n2", "n3"]}  # fmt: skip
    then = [persona("P1", ["a1", "a2", "a3"], 0.5), persona("P4", ["g1", "g2"], 0.5, "The Gone")]
    now = [
        persona("P1", ["a1", "a2", "a3", "a4", "n1", "n2", "n3"], 0.6),
        persona("P5", ["c1", "c2"], 0.4, "The Newcomer"),
    ]
    recent = {"a4", "n1", "n2", "n3", "c1", "c2"}
    got = diff_personas(then, now, items, recent, kind="customer", since=SINCE, until=UNTIL, days=7)
    by_id = {p.id: p for p in got.personas}
    assert [(p.id, p.status) for p in got.personas] == [("P1", "kept"), ("P5", "new"), ("P4", "gone")]
    kept = by_id["P1"]
    assert (kept.size_before, kept.size_after, kept.share_before, kept.share_after) == (3, 7, 0.5, 0.6)
    assert kept.new_items == 4
    assert [(c.label, c.status, c.evidence) for c in kept.changes] == [
        ("late_delivery", "new", ["n1", "n2", "n3"])
    ]
    assert by_id["P4"].name == "The Gone" and by_id["P4"].size_after == 0
    assert (got.items_before, got.items_after, got.new_items, got.message) == (5, 9, 4, "")
    record = got.to_record()
    assert record["since"] == "2026-11-16T00:00:00+00:00" and record["new_items"] == 4


def test_no_recent_items_says_nothing_changed() -> None:
    items = {k: item(k) for k in ["a1", "a2"]}
    same = [persona("P1", ["a1", "a2"], 1.0)]
    got = diff_personas(same, same, items, set(), kind="customer", since=SINCE, until=UNTIL, days=7)
    assert got.message.startswith("No analysed customer feedback is dated after 2026-11-16")
    assert got.personas[0].changes == [] and got.personas[0].status == "kept"


def emap(items: int, **sections: list[MapEntry]) -> EmpathyMap:
    return EmpathyMap("Email customers", {name: sections.get(name, []) for name in MAP_SECTIONS}, items)


def test_map_entries_new_grown_faded_with_the_evidence_that_moved_them() -> None:
    then = emap(
        20,
        pains=[
            MapEntry("Late delivery", [f"{i}" for i in range(4)], 0.2),
            MapEntry("Rude staff", ["10", "11", "12"], 0.15),
            MapEntry("Broken lid", ["13", "14"], 0.1),
        ],
        hears=[MapEntry("Reviews: slow", ["5"], 0.05)],
    )
    now = emap(
        25,
        pains=[
            MapEntry("Late delivery", [f"{i}" for i in range(4)] + ["20", "21", "22"], 0.28),
            MapEntry("Rude staff", ["10", "11", "12"], 0.12),  # diluted: same evidence, -0.03
            MapEntry("Billing", ["23", "24"], 0.08),
        ],
        hears=[MapEntry("Reviews: slow", ["5", "20"], 0.08)],
    )
    got = diff_maps(then, now, since=SINCE, until=UNTIL, days=7)
    pains = {(e.text, e.status): e for e in got.section("pains")}
    assert set(pains) == {
        ("Late delivery", "grown"), ("Billing", "new"), ("Rude staff", "faded"), ("Broken lid", "faded"),
    }  # fmt: skip
    assert pains[("Late delivery", "grown")].evidence == ["20", "21", "22"]
    assert pains[("Billing", "new")].evidence == ["23", "24"]
    assert pains[("Broken lid", "faded")].evidence == ["13", "14"]
    assert pains[("Broken lid", "faded")].after == 0.0
    assert pains[("Rude staff", "faded")].after == pytest.approx(0.12)
    assert [e.status for e in got.section("hears")] == ["grown"]
    assert (got.items_before, got.items_after, got.new_items, got.title) == (20, 25, 5, "Email customers")
    assert got.message == ""


def test_small_moves_are_not_reported_and_an_unchanged_map_says_so() -> None:
    then = emap(20, gains=[MapEntry("Kind staff", ["1", "2", "3", "4"], 0.2)])
    now = emap(20, gains=[MapEntry("Kind staff", ["1", "2", "3", "4"], 0.2)])
    got = diff_maps(then, now, since=SINCE, until=UNTIL, days=7)
    assert got.entries == [] and "nothing changed" in got.message
    nudged = emap(21, gains=[MapEntry("Kind staff", ["1", "2", "3", "4", "9"], 0.2381)])
    assert diff_maps(then, nudged, since=SINCE, until=UNTIL, days=7, min_change=0.05).entries == []
