"""The last persona build per kind: a round trip, one row per kind, and a state that moves."""

from __future__ import annotations

from empathica.domain import (
    GOEMOTIONS_LABELS,
    Analysis,
    Feedback,
    LabelScores,
    Persona,
    PersonaAnswer,
    PersonKind,
    Quote,
)
from empathica.storage import Repository


def persona(pid: str, name: str) -> Persona:
    answer = PersonaAnswer("troubles", "Late deliveries", 0.5, True, True, [Quote("7", "late again", "late")])
    return Persona(
        id=pid, kind="customer", name=name, summary="s", size=3, share=0.5, items=6,
        demographics={"segment": {"family": 3}}, traits=["pain:delivery"], answers=[answer],
        feedback_ids=["1", "2"], notes=["n"],
    )  # fmt: skip


def analysed(repo: Repository, key: str, kind: PersonKind) -> int:
    stored = repo.add_feedback([Feedback("s", key, f"text {key}", person_kind=kind)]).stored_ids
    scores = dict.fromkeys(GOEMOTIONS_LABELS, 0.01)
    a = Analysis(
        id=None, text=f"text {key}", emotions=LabelScores([], scores), ekman=LabelScores([], {}),
        sentiment="neutral", valence=0.0, intensity=0.0,
    )  # fmt: skip
    repo.save_analyses([(stored[0], a)])
    return stored[0]


def test_a_build_round_trips_and_replaces_the_last_one(repo: Repository) -> None:
    assert repo.insights.load_persona_build(PersonKind.CUSTOMER) is None
    first = [persona("P1", "The Fed-Up Chaser"), persona("P2", "The Grateful Fan")]
    repo.insights.save_persona_build("customer", "state-1", first)
    assert repo.insights.load_persona_build("customer") == ("state-1", first)
    repo.insights.save_persona_build("customer", "state-2", first[:1])
    assert repo.insights.load_persona_build("customer") == ("state-2", first[:1])
    assert repo.insights.load_persona_build("employee") is None


def test_the_state_moves_with_analyses_of_that_kind_only(repo: Repository) -> None:
    empty = repo.insight_state("customer")
    analysed(repo, "c1", PersonKind.CUSTOMER)
    one = repo.insight_state("customer")
    assert one != empty
    employees_before = repo.insight_state("employee")
    analysed(repo, "e1", PersonKind.EMPLOYEE)
    assert repo.insight_state("customer") == one
    assert repo.insight_state("employee") != employees_before
    repo.add_feedback([Feedback("s", "c2", "not analysed yet", person_kind=PersonKind.CUSTOMER)])
    assert repo.insight_state("customer") == one  # stored but not analysed: personas cannot change


def test_the_map_state_also_moves_with_feedback_not_analysed_yet(repo: Repository) -> None:
    everyone, customers, employees = repo.map_state(), repo.map_state("customer"), repo.map_state("employee")
    repo.add_feedback([Feedback("s", "c9", "words a map reads", person_kind=PersonKind.CUSTOMER)])
    assert repo.map_state("customer") != customers and repo.map_state() != everyone
    assert repo.map_state("employee") == employees
    customers = repo.map_state("customer")
    analysed(repo, "c10", PersonKind.CUSTOMER)
    assert repo.map_state("customer") != customers
    customers, everyone = repo.map_state("customer"), repo.map_state()
    analysed(repo, "e10", PersonKind.EMPLOYEE)
    assert repo.map_state("customer") == customers and repo.map_state() != everyone
