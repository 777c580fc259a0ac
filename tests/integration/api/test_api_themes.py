"""Segment views and "what changed" of stored themes over a real database, through the API and page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from empathica.services import Empathica
from helpers.stored_themes import seed_themes


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
