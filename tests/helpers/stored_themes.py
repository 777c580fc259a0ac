"""Stored themes and placements written by hand, for the tests of theme views (no model needed).

Every item is already placed, so bringing the themes up to date has nothing to encode, and the
expected figures follow from the rows written here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from empathica.domain import GOEMOTIONS_LABELS, Analysis, Feedback, LabelScores, Theme
from empathica.services import Empathica

END = datetime(2026, 6, 15, tzinfo=UTC)  # items are dated relative to this instant


def felt(text: str, valence: float) -> Analysis:
    scores = dict.fromkeys(GOEMOTIONS_LABELS, 0.01)
    return Analysis(
        id=None, text=text, emotions=LabelScores([], scores), ekman=LabelScores([], {}),
        sentiment="negative" if valence < 0 else "positive", valence=valence, intensity=abs(valence),
        model_version="hand-1",
    )  # fmt: skip


def stored_theme(key: str, polarity: str, size: int) -> Theme:
    return Theme(
        id=key, label=f"{key} label", keywords=[key.lower()], polarity=polarity, size=size,
        score=float(size), intensity=0.5, centroid=(1.0, 0.0), threshold=0.4,
    )  # fmt: skip


def seed_themes(service: Empathica) -> dict[str, list[int]]:
    """T1 (delivery pain), T2 (staff praise), T3 (refunds); pro and free plans, email and chat.

    Pro plan (22 items): 4 T1, 12 T2, 6 T3. Free plan (18 items): 16 T1, 2 T3. Dates: T3 only in
    the last week before END, T1 mostly the week before it, T2 spread over two months.
    """
    rows: list[tuple[str, str, str, str, datetime, float]] = []

    def add(n: int, theme: str, plan: str, channel: str, days_ago: int, valence: float) -> None:
        for _ in range(n):
            i = len(rows)
            when = END - timedelta(days=days_ago, hours=i % 24)
            rows.append((f"x{i}", f"item {i} about {theme}", plan, channel, when, valence))
            placed_as.append(theme)

    placed_as: list[str] = []
    add(4, "T1", "Pro", "email", 10, -0.8)
    add(12, "T2", "Pro", "chat", 40, 0.8)
    add(6, "T3", "Pro", "email", 3, -0.6)
    add(14, "T1", "free", "email", 9, -0.8)
    add(2, "T1", "free", "chat", 2, -0.8)
    add(2, "T3", "free", "chat", 1, -0.6)
    service.repo.add_feedback(
        [
            Feedback(source="t", external_id=k, text=t, channel=c, created_at=d, metadata={"plan": p})
            for k, t, p, c, d, _ in rows
        ]
    )
    ids = [service.repo.find_item("t", k) for k, *_ in rows]
    stored = [it.feedback.id for it in ids if it is not None and it.feedback.id is not None]
    assert len(stored) == len(rows)
    service.repo.save_analyses([(i, felt(r[1], r[5])) for i, r in zip(stored, rows, strict=True)])
    themes = [stored_theme("T1", "pain", 20), stored_theme("T2", "gain", 12), stored_theme("T3", "pain", 8)]
    service.repo.insights.save_themes(themes, dict(zip(stored, placed_as, strict=True)), rebuild=True)
    members: dict[str, list[int]] = {}
    for i, key in zip(stored, placed_as, strict=True):
        members.setdefault(key, []).append(i)
    return members
