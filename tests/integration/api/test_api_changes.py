"""What changed since last week, over a real database: personas and maps, API and pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from empathica.config import Settings
from empathica.domain import Feedback, FeedbackQuery, MapChanges, PersonaChanges, PersonKind
from empathica.services import Empathica
from empathica.storage import Repository, open_repository
from helpers.analyses import hand_analysis, with_reasons
from helpers.keyword_analyzer import keyword_analyzer

BROKEN = "The parcel arrived broken and nobody answers."
THANKS = "Thank you, the agent was lovely!"
SCARED = "I am scared my account was hacked, please check it."
START = datetime(2026, 3, 1, 9, tzinfo=UTC)
UNTIL = "2026-03-20"  # the comparison's "now"; the cut-off of 7 days is 13 March, end of day


def store(service: Empathica, rows: list[tuple[str, str, str, datetime]]) -> dict[str, int]:
    service.repo.add_feedback(
        [
            Feedback(
                source="w", external_id=e, text=t, person_id=p, person_kind=PersonKind.CUSTOMER, created_at=d
            )
            for e, t, p, d in rows
        ]
    )
    ids, analyses = {}, []
    for e, text, _, _ in rows:
        item = service.repo.find_item("w", e)
        assert item is not None and item.feedback.id is not None
        ids[e] = item.feedback.id
        if text == BROKEN:
            a = with_reasons(hand_analysis(text, "disappointment", "sadness", "negative", -0.6))
        elif text == SCARED:
            a = hand_analysis(text, "fear", "fear", "negative", -0.5)
        else:
            a = hand_analysis(text, "gratitude", "joy", "positive", 0.8)
        analyses.append((item.feedback.id, a))
    service.repo.save_analyses(analyses)
    return ids


def early(people: int = 6) -> list[tuple[str, str, str, datetime]]:
    """Two weeks of complaints and thanks, all before the cut-off."""
    rows = []
    for p in range(people):
        for j in range(2):
            rows.append((f"b{p}-{j}", BROKEN, f"B{p}", START + timedelta(days=p + j)))
            rows.append((f"t{p}-{j}", THANKS, f"T{p}", START + timedelta(days=p + j)))
    return rows


def last_week() -> list[tuple[str, str, str, datetime]]:
    """Six new, frightened people and more complaints from the same complainers, 15-19 March."""
    rows = [(f"s{p}", SCARED, f"S{p}", datetime(2026, 3, 15 + p % 5, 10, tzinfo=UTC)) for p in range(6)]
    rows += [(f"b{p}-late", BROKEN, f"B{p}", datetime(2026, 3, 16, 10, tzinfo=UTC)) for p in range(6)]
    return rows


@pytest.fixture
def week(service: Empathica) -> dict[str, int]:
    return store(service, early() + last_week())


def test_persona_changes_new_kept_and_the_same_ids_as_the_persona_list(
    client: TestClient, week: dict[str, int]
) -> None:
    listed = {p["id"]: p for p in client.get("/api/v1/personas").json()["personas"]}
    r = client.get("/api/v1/personas/changes", params={"days": 7, "until": UNTIL})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["since"].startswith("2026-03-13") and body["until"].startswith("2026-03-20")
    assert (body["items_before"], body["items_after"], body["new_items"]) == (24, 36, 12)
    by_status = {s: [p for p in body["personas"] if p["status"] == s] for s in ("new", "kept", "gone")}
    assert by_status["gone"] == []
    assert {p["id"] for p in body["personas"]} == set(listed)
    (new,) = by_status["new"]
    assert listed[new["id"]]["feedback_ids"] == sorted(str(week[f"s{p}"]) for p in range(6))
    assert (new["size_before"], new["size_after"], new["new_items"]) == (0, 6, 6)
    assert any(c["label"] == "fear" and c["status"] == "new" for c in new["changes"])
    complainers = next(
        p
        for p in by_status["kept"]
        if p["id"] in listed and "pain:product_quality" in listed[p["id"]]["traits"]
    )
    assert complainers["share_before"] == 0.5 and complainers["share_after"] == pytest.approx(
        6 / 18, abs=1e-4
    )
    assert complainers["new_items"] == 6 and complainers["changes"] == []  # the same complaint, no rise


def test_too_little_earlier_data_and_bad_windows_are_422(client: TestClient, week: dict[str, int]) -> None:
    r = client.get("/api/v1/personas/changes", params={"days": 30, "until": UNTIL})
    assert r.status_code == 422
    msg = r.json()["detail"][0]["msg"]
    assert "too few" in msg and "as of 2026-02-18" in msg and "fewer --days" in msg
    assert client.get("/api/v1/personas/changes", params={"days": 0}).status_code == 422
    bad = client.get("/api/v1/personas/changes", params={"until": "last tuesday"})
    assert bad.status_code == 422 and "not a date" in bad.text
    maps = client.get("/api/v1/maps/changes", params={"days": 30, "until": UNTIL})
    assert maps.status_code == 422 and "at least 20 are needed on both sides" in maps.text


def test_a_quiet_week_is_said_plainly(client: TestClient, service: Empathica) -> None:
    store(service, early())
    r = client.get("/api/v1/personas/changes", params={"until": "2026-03-28"})
    assert r.status_code == 200
    body = r.json()
    assert body["new_items"] == 0 and body["message"].startswith(
        "No analysed customer feedback is dated after"
    )
    assert all(p["status"] == "kept" and p["changes"] == [] for p in body["personas"])


def test_map_changes_of_a_persona_with_evidence_and_unknown_personas(
    client: TestClient, week: dict[str, int]
) -> None:
    r = client.get("/api/v1/maps/changes", params={"until": UNTIL, "days": 7})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["items_before"], body["items_after"]) == (24, 36)
    scared = {str(week[f"s{p}"]) for p in range(6)}
    new_feelings = [e for e in body["entries"] if e["section"] == "thinks_feels" and e["status"] == "new"]
    afraid = next(e for e in new_feelings if e["text"].startswith("Feel afraid"))
    assert set(afraid["evidence"]) == scared and afraid["before"] == 0.0
    faded = [e for e in body["entries"] if e["status"] == "faded"]
    assert any(e["text"] == "Feel grateful" for e in faded)  # thanks did not grow with the rest
    unknown = client.get("/api/v1/maps/changes", params={"persona": "The Nobody", "until": UNTIL})
    assert unknown.status_code == 404
    names = [p["name"] for p in client.get("/api/v1/personas").json()["personas"]]
    assert all(name in unknown.json()["detail"] for name in names)


def test_pages_show_what_changed_since_last_week(client: TestClient, week: dict[str, int]) -> None:
    page = client.get("/personas", params={"asof": UNTIL})
    assert page.status_code == 200
    assert "What changed since last week" in page.text and page.text.count('data-testid="change-new"') == 1
    assert f'href="/feedback/{week["s0"]}"' in page.text  # the evidence of the new persona's fear
    thin = client.get("/personas", params={"asof": UNTIL, "days": 30})
    assert thin.status_code == 200 and 'data-testid="persona"' in thin.text  # the cards still show
    assert 'data-testid="changes-problem"' in thin.text and "too little earlier feedback" in thin.text
    assert "not a date" in client.get("/personas", params={"asof": "soon"}).text
    emap = client.get("/map", params={"asof": UNTIL})
    assert emap.status_code == 200 and 'data-testid="change-new"' in emap.text and "Feel afraid" in emap.text
    dated = client.get("/map", params={"since": "2026-03-01", "asof": UNTIL})
    assert "Clear Since and Until" in dated.text


def test_the_issues_bad_input_list(client: TestClient, week: dict[str, int]) -> None:
    """Unknown persona names list the known ones; an empty date range and too few items are 422."""
    names = [p["name"] for p in client.get("/api/v1/personas").json()["personas"]]
    unknown = client.get("/api/v1/maps", params={"persona": "P99"})
    assert unknown.status_code == 404 and all(n in unknown.json()["detail"] for n in names)
    page = client.get("/map", params={"persona": "The Nobody"})
    assert page.status_code == 422 and 'data-testid="map-problem"' in page.text and names[0] in page.text
    empty = client.get("/api/v1/maps", params={"since": "2030-01-01", "until": "2030-01-31"})
    assert empty.status_code == 422 and "0 items match" in empty.json()["detail"][0]["msg"]
    few = client.get("/api/v1/maps/changes", params={"persona": "P1", "until": UNTIL})  # 12 items before
    assert few.status_code == 422 and "at least 20 are needed on both sides" in few.text


def test_kept_reports_match_fresh_ones_while_now_moves_and_feedback_arrives(
    settings: Settings, repo: Repository, db_url: str, service: Empathica, week: dict[str, int]
) -> None:
    """Maps and "what changed" reports are kept between page loads; whatever is kept, every
    answer equals the one a service that keeps nothing computes, as "now" moves past items and
    feedback arrives through another connection (another process)."""

    def fresh() -> Empathica:
        return Empathica(settings, repository=repo, analyzer=keyword_analyzer())

    customers = FeedbackQuery(person_kind=PersonKind.CUSTOMER)

    def check(now: datetime, days: int = 7) -> tuple[PersonaChanges, MapChanges]:
        personas = service.persona_changes("customer", days=days, now=now)
        emap = service.map_changes(customers, days=days, now=now)
        assert personas.to_record() == fresh().persona_changes("customer", days=days, now=now).to_record()
        assert emap.to_record() == fresh().map_changes(customers, days=days, now=now).to_record()
        return personas, emap

    first, first_map = check(datetime(2026, 3, 20, 10, tzinfo=UTC))
    later, later_map = check(datetime(2026, 3, 20, 10, 5, tzinfo=UTC))  # no item in between: kept
    assert later.personas is first.personas and later_map.entries is first_map.entries
    assert later.until.minute == 5 and later_map.since.minute == 5
    # The cut-off on 16 March passes the complaints written at 10:00 that day: both are rebuilt.
    before_ten, before_map = check(datetime(2026, 3, 23, 9, tzinfo=UTC))
    after_ten, after_map = check(datetime(2026, 3, 23, 11, tzinfo=UTC))
    assert before_ten.new_items == 10 and after_ten.new_items == 3  # 16 March 10:00 is then "before"
    assert (before_map.items_before, after_map.items_before) == (26, 33)
    quiet, _ = check(datetime(2026, 4, 30, tzinfo=UTC))
    assert (
        quiet.message
        and quiet.message
        == fresh().persona_changes("customer", now=datetime(2026, 4, 30, tzinfo=UTC)).message
    )
    emap = service.empathy_map(customers)
    assert service.empathy_map(customers) is emap  # kept while nothing changes
    # Another process stores one more item (not analysed yet): maps change, personas cannot.
    with open_repository(db_url) as other:
        other.add_feedback([Feedback("w", "new-1", THANKS, person_id="N1", created_at=START)])
    moved = datetime(2026, 3, 20, 10, 10, tzinfo=UTC)
    _, grown = check(moved)
    assert grown.items_after == first_map.items_after + 1
    assert service.empathy_map(customers).items == emap.items + 1
    item = repo.find_item("w", "new-1")
    assert item is not None and item.feedback.id is not None
    repo.save_analyses([(item.feedback.id, hand_analysis(THANKS, "gratitude", "joy", "positive", 0.8))])
    analysed, _ = check(moved)
    assert analysed.items_after == first.items_after + 1
    assert [p.to_record() for p in service.personas()] == [p.to_record() for p in fresh().personas()]


def test_a_store_that_stopped_before_this_week_offers_its_last_week(
    client: TestClient, service: Empathica
) -> None:
    store(service, early())  # the newest item is dated 7 March 2026, long before the real clock's week
    for path in ("/personas", "/map"):
        page = client.get(path)
        assert page.status_code == 200
        hint = page.text.split('data-testid="quiet-hint"', 1)[1].split("</p>", 1)[0]
        assert "the newest is from 2026-03-07" in hint
        assert f'href="http://testserver{path}?asof=2026-03-07"' in hint
        follow = client.get(path, params={"asof": "2026-03-07"})
        assert 'data-testid="quiet-hint"' not in follow.text  # that week has feedback
    recent = client.get("/personas", params={"asof": "2026-03-08"})
    assert 'data-testid="quiet-hint"' not in recent.text  # the window holds the newest item
