"""Personas keep their id and name as feedback arrives: matching builds on hand-built people."""

from __future__ import annotations

from test_personas import analysis, corpus

from empathica.domain import Persona
from empathica.insights import PersonaItem, build_personas
from empathica.insights.matching import id_number, match_personas, similarity


def persona(pid: str, ids: list[str], traits: list[str] | None = None, kind: str = "customer") -> Persona:
    return Persona(
        id=pid, kind=kind, name=f"Name {pid}", summary="", size=len(ids), share=0.0, items=len(ids),
        traits=traits or [], feedback_ids=ids,
    )  # fmt: skip


def grown(items: list[PersonaItem], happy_people: int, puzzled_people: int) -> list[PersonaItem]:
    """``items`` plus more thankful people (so that group becomes the largest) and a new kind."""
    more = []
    for p in range(happy_people):
        for j in range(2):
            text = f"Lovely staff at shop {p}-{j}, thank you so much for the help"
            more.append(
                PersonaItem(
                    f"hn{p}-{j}", text,
                    analysis(text, "gratitude", ("staff_treatment", "gain"), "appreciation"),
                    f"HN{p}", {"segment": "senior"},
                )
            )  # fmt: skip
    for p in range(puzzled_people):
        text = f"How do I read bill {p}? None of the charges make sense to me"
        more.append(
            PersonaItem(
                f"q{p}", text, analysis(text, "confusion", ("billing", "pain"), "clarity"), f"Q{p}",
                {"segment": "student"},
            )
        )  # fmt: skip
    return items + more


def test_matching_pairs_the_same_people_and_each_persona_once() -> None:
    old = [persona("P1", ["a", "b", "c", "d"]), persona("P2", ["e", "f", "g"])]
    new = [
        persona("P1", ["e", "f", "g", "h", "i", "j"]),  # the old P2 grew
        persona("P2", ["a", "b", "c"]),  # the old P1 shrank
        persona("P3", ["k", "l", "m"]),  # nobody seen before
    ]
    assert match_personas(old, new) == {"P1": "P2", "P2": "P1"}
    assert similarity(old[0], new[1]) == 0.75


def test_without_shared_items_traits_match_at_a_discount() -> None:
    old = [persona("P1", ["a"], ["emotion:anger", "pain:delivery"])]
    new = [persona("P7", ["z"], ["emotion:anger", "pain:delivery"]), persona("P8", ["y"], ["need:clarity"])]
    assert similarity(old[0], new[0]) == 0.5
    assert match_personas(old, new) == {"P7": "P1"}
    employees = [persona("P9", ["x"], ["emotion:anger", "pain:delivery"], kind="employee")]
    assert match_personas(old, employees) == {}


def test_weak_overlap_is_a_new_persona_not_a_match() -> None:
    old = [persona("P1", [f"i{k}" for k in range(10)])]
    new = [persona("P1", ["i0"] + [f"n{k}" for k in range(9)])]  # 1 of 19 shared
    assert match_personas(old, new) == {}


def test_id_numbers() -> None:
    assert (id_number("P12"), id_number("X3"), id_number("P")) == (12, 0, 0)


def test_without_the_previous_build_new_feedback_renumbers_personas() -> None:
    """The reason matching exists: the thankful group outgrows the angry one and takes P1."""
    before = build_personas(corpus(angry=12, happy=10))
    after = build_personas(grown(corpus(angry=12, happy=10), happy_people=8, puzzled_people=0))
    assert before[0].name == "The Let-Down Unheard Voice" and before[0].id == "P1"
    assert after[0].name == "The Grateful Loyalist" and after[0].id == "P1"


def test_with_the_previous_build_ids_and_names_survive_fifty_new_items() -> None:
    items = corpus(angry=12, happy=10)
    before = build_personas(items)
    more = grown(items, happy_people=8, puzzled_people=34)
    assert len(more) - len(items) == 50
    after = build_personas(more, previous=before)
    by_id = {p.id: p for p in after}
    assert set(by_id) == {"P1", "P2", "P3"}
    assert by_id["P1"].name == before[0].name and by_id["P1"].size == 12
    assert by_id["P2"].name == before[1].name and by_id["P2"].size == 18
    assert by_id["P3"].size == 34 and by_id["P3"].name not in {before[0].name, before[1].name}
    assert all(i.startswith("q") for i in by_id["P3"].feedback_ids)
    # Still listed largest first; the list order and the ids are two different things now.
    assert [p.id for p in after] == ["P3", "P2", "P1"]
    # The same items in another order, with the same previous build: the same answer.
    again = build_personas(list(reversed(more)), previous=before)
    assert [p.to_record() for p in again] == [p.to_record() for p in after]


def test_a_gone_persona_frees_no_id_and_a_new_one_takes_the_next_number() -> None:
    before = build_personas(corpus(angry=12, happy=10))
    only_angry_and_puzzled = [it for it in corpus(angry=12, happy=10) if it.id.startswith("a")]
    after = build_personas(grown(only_angry_and_puzzled, happy_people=0, puzzled_people=12), previous=before)
    assert sorted(p.id for p in after) == ["P1", "P3"]  # P2 (the thankful people) is gone


def test_a_new_persona_never_takes_a_kept_name() -> None:
    before = build_personas(corpus(angry=12, happy=10))
    thankful = before[1]
    # A previous build whose thankful persona carried the name the angry people get now.
    clash = Persona(**{**thankful.to_record(), "answers": thankful.answers, "name": before[0].name})
    after = build_personas(corpus(angry=12, happy=10), previous=[clash])
    assert next(p for p in after if p.id == thankful.id).name == before[0].name  # kept
    angry = next(p for p in after if p.feedback_ids[0].startswith("a"))
    assert angry.id == "P3"
    assert angry.name.startswith(before[0].name + " (") and angry.name.endswith(")")
