"""Segment views and "what changed" of stored themes over a real database, through the API and page.

The themes and placements are stored by hand (no model): every item is already placed, so
bringing the themes up to date has nothing to encode, and the expected figures follow from
the rows written here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from empathica.domain import GOEMOTIONS_LABELS, Analysis, Feedback, LabelScores, Theme
from empathica.services import Empathica

END = datetime(2026, 6, 15, tzinfo=UTC)  # the end of the "what changed" window in these tests


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
    service.repo.save_themes(themes, dict(zip(stored, placed_as, strict=True)), rebuild=True)
    members: dict[str, list[int]] = {}
    for i, key in zip(stored, placed_as, strict=True):
        members.setdefault(key, []).append(i)
    return members


@pytest.fixture
def members(service: Empathica) -> dict[str, list[int]]:
    return seed_themes(service)


def test_a_segment_ranks_the_stored_themes_on_its_own_items(
    client: TestClient, members: dict[str, list[int]]
) -> None:
    whole = client.get("/api/v1/themes").json()
    assert [t["id"] for t in whole["themes"]] == ["T1", "T2", "T3"]  # as stored, T1 first
    got = client.get("/api/v1/themes", params={"segment": "plan=pro"})
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["segment"] == {"plan": "pro"} and body["items"] == 22
    # T2 is the pro plan's biggest theme but two months old (trend 0.5); T3 and T1 are recent (2.0).
    assert [(t["id"], t["size"], t["share"], t["trend"]) for t in body["themes"]] == [
        ("T3", 6, 0.2727, 2.0),
        ("T1", 4, 0.1818, 2.0),
        ("T2", 12, 0.5455, 0.5),
    ]
    assert body["themes"][2]["polarity"] == "gain" and body["themes"][2]["label"] == "T2 label"
    pro = members["T1"][:4] + members["T2"] + members["T3"][:6]
    assert set(body["assignments"]) == {str(i) for i in pro}
    # Two keys narrow further; a field and a metadata attribute together.
    both = client.get("/api/v1/themes", params=[("segment", "plan=free"), ("segment", "channel=email")])
    assert both.status_code == 422 and "14 items match the segment (plan=free, channel=email)" in both.text
    email = client.get("/api/v1/themes", params={"segment": "channel=email", "since": "2026-06-01"})
    assert email.status_code == 200, email.text
    assert [(t["id"], t["size"]) for t in email.json()["themes"]] == [("T3", 6), ("T1", 18)]
    assert email.json()["segment"] == {"channel": "email", "since": "2026-06-01"}


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("colour=red", "unknown segment key 'colour': use channel, source, kind, people or a metadata "
         "attribute of the stored feedback (plan)"),
        ("people=robots", "segment people='robots': use customer or employee"),
        ("plan", "segment 'plan': expected KEY=VALUE"),
        ("plan=enterprise", "0 items match the segment (plan=enterprise); at least 20 are needed"),
    ],
)  # fmt: skip
def test_bad_segments_are_422s_naming_the_field(
    client: TestClient, members: dict[str, list[int]], param: str, message: str
) -> None:
    got = client.get("/api/v1/themes", params={"segment": param})
    assert got.status_code == 422
    (error,) = got.json()["detail"]
    assert error["loc"] == ["query", "segment"] and message in error["msg"]


def test_what_changed_in_the_last_week(client: TestClient, members: dict[str, list[int]]) -> None:
    got = client.get("/api/v1/themes/changes", params={"days": 7, "until": "2026-06-14"})
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["days"] == 7 and body["end"].startswith("2026-06-14T23:59:59")
    # In the window: 6 + 2 T3 and 2 T1; the week before it: 18 T1.
    assert (body["new_items"], body["placed"]) == (10, 10)
    assert [(m["id"], m["recent"], m["before"]) for m in body["new"]] == [("T3", 8, 0)]
    assert [(m["id"], m["recent"], m["before"], m["ratio"]) for m in body["shrinking"]] == [
        ("T1", 2, 18, 0.1111)
    ]
    assert body["growing"] == [] and body["flipped"] == []
    month = client.get("/api/v1/themes/changes", params={"days": 30, "until": "2026-06-14"}).json()
    assert [m["id"] for m in month["new"]] == ["T1", "T3"] and month["new_items"] == 28
    assert client.get("/api/v1/themes/changes", params={"days": 0}).status_code == 422
    bad = client.get("/api/v1/themes/changes", params={"until": "next week"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "until"]


def test_the_themes_page_shows_a_segment_and_what_changed(
    client: TestClient, members: dict[str, list[int]]
) -> None:
    page = client.get("/themes", params={"segment": "plan=pro", "until": "2026-06-14"})
    assert page.status_code == 200, page.text
    assert re.findall(r'data-theme="(T\d)"', page.text) == ["T3", "T1", "T2"]
    assert 'value="plan=pro"' in page.text and "55%" in page.text
    assert 'data-testid="theme-changes"' in page.text
    bad = client.get("/themes", params={"segment": "colour=red"})
    assert bad.status_code == 422 and "unknown segment key &#39;colour&#39;" in bad.text
