"""Segment views and "what changed" of stored themes, on hand-built themes and items (no model)."""

from datetime import UTC, datetime, timedelta

import pytest

from empathica.domain import Analysis, LabelScores, Theme
from empathica.insights import NotEnoughData, ThemeMember, segment_themes, theme_changes
from empathica.insights.ranking import score

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def theme(key: str, polarity: str = "pain", examples: tuple[str, ...] = ()) -> Theme:
    return Theme(
        id=key, label=f"label {key}", keywords=[key.lower()], polarity=polarity, size=100,
        score=100.0, intensity=0.5, valence=-0.5 if polarity == "pain" else 0.5, examples=list(examples),
    )  # fmt: skip


def felt(valence: float, intensity: float = 0.6) -> Analysis:
    scores = LabelScores([], {})
    sentiment = "positive" if valence > 0.2 else "negative" if valence < -0.2 else "neutral"
    return Analysis(
        id=None, text="x", emotions=scores, ekman=scores, sentiment=sentiment,
        valence=valence, intensity=intensity,
    )  # fmt: skip


class Items:
    """Numbered members, so each test writes only what matters: theme, age in days, feeling.

    The ``n`` items of one call are an hour apart, starting ``days_ago`` days before NOW.
    """

    def __init__(self) -> None:
        self.rows: list[ThemeMember] = []

    def add(self, n: int, key: str | None, days_ago: float, valence: float | None = -0.7) -> None:
        for i in range(n):
            when = NOW - timedelta(days=days_ago) + timedelta(hours=i)  # distinct dates, as in life
            a = felt(valence) if valence is not None else None
            self.rows.append(ThemeMember(str(len(self.rows) + 1), key, when, a))


# -- segment views -------------------------------------------------------------------------------


def test_a_segment_ranks_themes_on_its_own_items() -> None:
    items = Items()
    items.add(4, "T1", 20, -0.8)  # overall the biggest theme, barely present in this segment
    items.add(12, "T2", 20, 0.8)  # a gain that leads here
    items.add(6, "T3", 20, -0.6)
    items.add(3, None, 20)
    themes = [theme("T1", examples=("1", "99")), theme("T2", "gain"), theme("T3"), theme("T4")]
    view = segment_themes(themes, items.rows, {"plan": "pro"})
    assert [t.id for t in view.themes] == ["T2", "T3", "T1"]  # T4 has no item here: left out
    t2, t3, t1 = view.themes
    assert (t2.size, t3.size, t1.size) == (12, 6, 4) and view.items == 25 and view.unassigned == 3
    assert view.shares == {"T2": 0.48, "T3": 0.24, "T1": 0.16}
    assert t2.polarity == "gain" and t3.polarity == "pain"
    assert t2.intensity == pytest.approx(0.6) and t2.score == score(12, 0.6, t2.trend)
    # The kept example is the one in the segment; the rest are filled from its members.
    assert t1.examples == ["1", "2", "3"]
    assert t1.label == "label T1"
    record = view.to_record()
    assert record["segment"] == {"plan": "pro"} and record["themes"][0]["share"] == 0.48
    assert record["assignments"]["25"] is None


def test_trend_in_a_segment_compares_its_own_recent_and_older_halves() -> None:
    items = Items()
    items.add(10, "T1", 30)  # old: T1 fading
    items.add(2, "T1", 2)
    items.add(2, "T2", 30)
    items.add(10, "T2", 2)  # recent: T2 growing
    view = segment_themes([theme("T1"), theme("T2")], items.rows)
    by_id = {t.id: t for t in view.themes}
    assert by_id["T2"].trend is not None and by_id["T2"].trend > 1.5
    assert by_id["T1"].trend is not None and by_id["T1"].trend < 0.7
    assert [t.id for t in view.themes] == ["T2", "T1"]


def test_members_without_analysis_keep_the_theme_s_overall_feeling() -> None:
    items = Items()
    items.add(20, "T1", 5, valence=None)
    (only,) = segment_themes([theme("T1", "gain")], items.rows).themes
    assert only.polarity == "gain" and only.intensity == 0.5


def test_a_segment_with_too_few_items_is_refused_naming_it() -> None:
    items = Items()
    items.add(19, "T1", 5)
    with pytest.raises(NotEnoughData, match=r"19 items match the segment \(channel=chat\); at least 20"):
        segment_themes([theme("T1")], items.rows, {"channel": "chat"})


# -- what changed --------------------------------------------------------------------------------


def test_new_growing_and_shrinking_themes_with_counts_and_ratios() -> None:
    items = Items()
    items.add(3, "T1", 10)  # previous week 3
    items.add(9, "T1", 2)  # this week 9: growing x3
    items.add(8, "T2", 9)
    items.add(2, "T2", 1)  # shrinking 8 -> 2
    items.add(5, "T3", 40)  # old, quiet: steady at 0 -> 0
    items.add(4, "T4", 3)  # first items this week: new
    items.add(2, None, 1)  # arrived this week, fit no theme
    items.add(6, "T5", 10)
    items.add(8, "T5", 3)  # 6 -> 8: not enough to call it growing
    items.add(1, "T1", -1)  # dated after now: in neither window
    themes = [theme(k) for k in ("T1", "T2", "T3", "T4", "T5")]
    changes = theme_changes(themes, items.rows, NOW, days=7)
    assert changes.start == NOW - timedelta(days=7) and changes.end == NOW
    assert (changes.new_items, changes.placed) == (25, 23)
    assert [(m.id, m.recent, m.before) for m in changes.new] == [("T4", 4, 0)]
    assert changes.new[0].first_seen == NOW - timedelta(days=3)
    assert [(m.id, m.recent, m.before, m.ratio) for m in changes.growing] == [("T1", 9, 3, 3.0)]
    assert [(m.id, m.recent, m.before, m.ratio) for m in changes.shrinking] == [("T2", 2, 8, 0.25)]
    record = changes.to_record()
    assert record["days"] == 7 and record["new"][0]["first_seen"].startswith("2026-06-12")
    assert record["growing"][0]["label"] == "label T1"


def test_first_seen_from_storage_decides_which_themes_are_new() -> None:
    items = Items()
    items.add(5, "T1", 2)
    changes = theme_changes([theme("T1")], items.rows, NOW, first_seen={"T1": NOW - timedelta(days=90)})
    assert changes.new == [] and [m.id for m in changes.growing] == ["T1"]
    assert changes.growing[0].ratio is None  # nothing the week before


def test_a_theme_whose_feeling_turned_is_reported() -> None:
    items = Items()
    items.add(5, "T1", 10, -0.8)
    items.add(5, "T1", 3, 0.8)  # the same theme now praised
    items.add(5, "T2", 10, -0.8)
    items.add(5, "T2", 3, -0.7)  # still a pain
    items.add(2, "T3", 10, -0.8)
    items.add(2, "T3", 3, 0.8)  # too few analysed items to say
    changes = theme_changes([theme("T1"), theme("T2"), theme("T3")], items.rows, NOW)
    assert [(f.id, f.was, f.now, f.recent, f.before) for f in changes.flipped] == [
        ("T1", "pain", "gain", 5, 5)
    ]


def test_the_window_length_is_honoured_and_must_be_positive() -> None:
    items = Items()
    items.add(4, "T1", 20)
    items.add(4, "T1", 40)
    assert theme_changes([theme("T1")], items.rows, NOW, days=7).new_items == 0
    month = theme_changes([theme("T1")], items.rows, NOW, days=30)
    assert (month.new_items, month.growing, month.shrinking) == (4, [], [])
    naive = theme_changes([theme("T1")], items.rows, NOW.replace(tzinfo=None), days=30)
    assert naive.end == NOW
    with pytest.raises(ValueError, match="days must be at least 1"):
        theme_changes([theme("T1")], items.rows, NOW, days=0)
