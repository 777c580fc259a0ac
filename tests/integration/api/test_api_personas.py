"""Personas over stored feedback: the API record, the page, and too little data said plainly."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from empathica.domain import Feedback, PersonKind
from empathica.services import Empathica
from helpers.analyses import hand_analysis, with_reasons

BROKEN = "The parcel arrived broken and nobody answers."
THANKS = "Thank you, the agent was lovely!"


def store_people(service: Empathica, kind: PersonKind, people: int, each: int = 2) -> dict[str, int]:
    """``people`` complainers and as many thankful people, ``each`` items per person; ids by external id."""
    rows = []
    for p in range(people):
        for j in range(each):
            rows.append((f"b{p}-{j}", BROKEN, f"B{p}", {"segment": "family"}))
            rows.append((f"t{p}-{j}", THANKS, f"T{p}", {"segment": "senior"}))
    service.repo.add_feedback(
        [
            Feedback(source="p", external_id=e, text=t, person_id=pid, person_kind=kind, metadata=m)
            for e, t, pid, m in rows
        ]
    )
    ids = {}
    analyses = []
    for e, text, _, _ in rows:
        item = service.repo.find_item("p", e)
        assert item is not None and item.feedback.id is not None
        ids[e] = item.feedback.id
        a = (
            with_reasons(hand_analysis(text, "disappointment", "sadness", "negative", -0.6))
            if text == BROKEN
            else hand_analysis(text, "gratitude", "joy", "positive", 0.8)
        )
        analyses.append((item.feedback.id, a))
    service.repo.save_analyses(analyses)
    return ids


def test_personas_api_groups_people_and_quotes_resolve(client: TestClient, service: Empathica) -> None:
    ids = store_people(service, PersonKind.CUSTOMER, people=6)
    r = client.get("/api/v1/personas")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "customer"
    sizes = sorted(p["size"] for p in body["personas"])
    assert sizes == [6, 6]
    stored = {str(i) for i in ids.values()}
    for persona in body["personas"]:
        assert set(persona["feedback_ids"]) <= stored
        assert [a["question"] for a in persona["answers"]] == [
            "work", "inspires", "motivates", "interests", "troubles",
        ]  # fmt: skip
        for answer in persona["answers"]:
            for quote in answer["quotes"]:
                item = client.get(f"/api/v1/feedback/{quote['feedback_id']}")
                assert item.status_code == 200 and item.json()["text"] == quote["text"]
    broken = next(p for p in body["personas"] if "pain:product_quality" in p["traits"])
    troubles = broken["answers"][4]
    assert troubles["supported"] and troubles["inferred"] and troubles["strength"] == 1.0
    assert broken["demographics"] == {"segment": {"family": 6}}


def test_too_little_data_and_unknown_kind_are_422(client: TestClient, service: Empathica) -> None:
    store_people(service, PersonKind.CUSTOMER, people=6)
    r = client.get("/api/v1/personas", params={"kind": "employee"})  # no employee feedback at all
    assert r.status_code == 422
    assert "too few" in r.json()["detail"][0]["msg"]
    assert client.get("/api/v1/personas", params={"kind": "supplier"}).status_code == 422


def test_personas_page_shows_cards_with_linked_quotes(client: TestClient, service: Empathica) -> None:
    ids = store_people(service, PersonKind.CUSTOMER, people=6)
    page = client.get("/personas")
    assert page.status_code == 200
    assert page.text.count('data-testid="persona"') == 2
    assert 'data-testid="inferred"' in page.text
    assert any(f'href="/feedback/{i}"' in page.text for i in ids.values())
    assert 'href="/personas"' in page.text  # the nav link
    empty = client.get("/personas", params={"kind": "employee"})
    assert empty.status_code == 422 and 'data-testid="personas-problem"' in empty.text
    assert "too few" in empty.text


def test_an_empathy_map_of_one_persona(client: TestClient, service: Empathica) -> None:
    ids = store_people(service, PersonKind.CUSTOMER, people=12)
    personas = client.get("/api/v1/personas").json()["personas"]
    broken = next(p for p in personas if "pain:product_quality" in p["traits"])
    by_id = client.get("/api/v1/maps", params={"persona": broken["id"]})
    assert by_id.status_code == 200, by_id.text
    emap = by_id.json()
    assert emap["title"] == broken["name"] and emap["items"] == len(broken["feedback_ids"])
    evidence = {e for entries in emap["sections"].values() for entry in entries for e in entry["evidence"]}
    assert evidence and evidence <= set(broken["feedback_ids"])  # only this persona's words
    assert {str(ids[f"b{p}-0"]) for p in range(12)} & evidence
    by_name = client.get("/api/v1/maps", params={"persona": broken["name"].upper()})
    assert by_name.json() == emap
    unknown = client.get("/api/v1/maps", params={"persona": "The Nobody"})
    assert unknown.status_code == 404 and broken["name"] in unknown.text


def test_a_persona_card_links_to_its_empathy_map(client: TestClient, service: Empathica) -> None:
    store_people(service, PersonKind.CUSTOMER, people=12)
    cards = client.get("/personas").text
    link = re.search(r'href="(/map\?persona=P\d&amp;kind=customer)" data-testid="persona-map"', cards)
    assert link is not None
    page = client.get(link.group(1).replace("&amp;", "&"))
    assert page.status_code == 200
    first = client.get("/api/v1/personas").json()["personas"][0]
    assert first["name"] in page.text and 'name="persona" value="P1"' in page.text
