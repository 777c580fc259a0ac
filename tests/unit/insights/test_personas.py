"""Persona building on hand-built people and analyses: no model involved."""

from __future__ import annotations

import random

import pytest

from empathica.domain import GOEMOTIONS_LABELS, PERSONA_QUESTIONS, Analysis, Cause, LabelScores, Need
from empathica.insights import NotEnoughData, PersonaItem, build_personas


def analysis(text: str, emotion: str, cause: tuple[str, str] | None, need: str | None) -> Analysis:
    scores = {label: 0.01 for label in GOEMOTIONS_LABELS}
    scores[emotion] = 0.9
    causes = [Cause(cause[0], 0.8, text[:20], 0, 20, [emotion], cause[1])] if cause else []
    needs = [Need(need, 0.7, text[-15:])] if need else []
    return Analysis(
        id=None,
        text=text,
        emotions=LabelScores([emotion], scores),
        ekman=LabelScores(["neutral"], {"neutral": 1.0}),
        sentiment="negative" if cause and cause[1] == "pain" else "positive",
        valence=-0.6 if cause and cause[1] == "pain" else 0.6,
        intensity=0.6,
        causes=causes,
        needs=needs,
    )


def corpus(
    angry: int = 12, happy: int = 10, per_person: int = 2, kind_meta: str = "segment"
) -> list[PersonaItem]:
    """Two clearly different kinds of people: late-delivery complainers and staff fans."""
    items = []
    for p in range(angry):
        for j in range(per_person):
            text = f"My delivery {p}-{j} is late again and nobody calls me back about it"
            items.append(
                PersonaItem(
                    id=f"a{p}-{j}",
                    text=text,
                    analysis=analysis(text, "disappointment", ("delivery", "pain"), "to_be_heard"),
                    person_id=f"A{p}",
                    metadata={kind_meta: "family", "role": "nurse"},
                )
            )
    for p in range(happy):
        for j in range(per_person):
            text = f"The staff in store {p}-{j} were so kind, thank you for the lovely help today"
            items.append(
                PersonaItem(
                    id=f"h{p}-{j}",
                    text=text,
                    analysis=analysis(text, "gratitude", ("staff_treatment", "gain"), "appreciation"),
                    person_id=f"H{p}",
                    metadata={kind_meta: "senior"},
                )
            )
    return items


def test_people_not_items_are_grouped() -> None:
    items = corpus()
    personas = build_personas(items)
    assert len(personas) == 2
    big, small = personas
    assert (big.size, small.size) == (12, 10)
    assert big.items == 24 and small.items == 20
    assert big.share == pytest.approx(12 / 22, abs=1e-4)
    assert all(i.startswith("a") for i in big.feedback_ids)
    assert all(i.startswith("h") for i in small.feedback_ids)
    assert big.demographics["segment"] == {"family": 12}


def test_one_loud_person_is_still_one_person() -> None:
    items = corpus(angry=6, happy=6, per_person=1)
    loud = [
        PersonaItem(
            id=f"loud{j}",
            text=f"Late again {j}",
            analysis=analysis(f"Late again {j}", "anger", ("delivery", "pain"), None),
            person_id="LOUD",
        )
        for j in range(30)
    ]
    personas = build_personas(items + loud)
    assert sum(p.size for p in personas) == 13
    assert sum(p.items for p in personas) == 42


def test_items_without_a_person_count_as_their_own_person() -> None:
    items = [
        PersonaItem(it.id, it.text, it.analysis, None, it.metadata)
        for it in corpus(angry=6, happy=6, per_person=2)
    ]
    assert sum(p.size for p in build_personas(items)) == 24


def test_names_are_deterministic_distinct_and_from_traits() -> None:
    items = corpus()
    first = build_personas(items)
    shuffled = list(items)
    random.Random(3).shuffle(shuffled)
    again = build_personas(shuffled)
    assert [p.to_record() for p in first] == [p.to_record() for p in again]
    names = [p.name for p in first]
    assert len(set(names)) == len(names)
    assert names[0] == "The Let-Down Unheard Voice"  # disappointment + the need to be heard
    assert names[1] == "The Grateful Loyalist"  # gratitude + the need for appreciation
    assert "troubled by delivery" in first[0].summary


def test_answers_cover_every_question_with_quotes_that_resolve() -> None:
    items = corpus()
    by_id = {it.id: it for it in items}
    for persona in build_personas(items):
        assert [a.question for a in persona.answers] == list(PERSONA_QUESTIONS)
        for answer in persona.answers:
            assert len(answer.quotes) <= 3
            assert 0.0 <= answer.strength <= 1.0
            for quote in answer.quotes:
                assert quote.feedback_id in persona.feedback_ids
                assert quote.text == by_id[quote.feedback_id].text
    angry = build_personas(items)[0]
    troubles = angry.answer("troubles")
    assert troubles is not None and troubles.supported and troubles.inferred
    assert "delivery" in troubles.answer and "inferred from" in troubles.answer
    assert troubles.strength == 1.0 and 1 <= len(troubles.quotes) <= 3
    work = angry.answer("work")
    assert work is not None and not work.inferred and "nurse" in work.answer  # stated in metadata
    inspires = angry.answer("inspires")
    assert inspires is not None and not inspires.supported and "Not enough evidence" in inspires.answer
    assert inspires.quotes == []


def test_too_little_data_is_an_error_not_a_persona() -> None:
    with pytest.raises(NotEnoughData, match="too few"):
        build_personas(corpus(angry=5, happy=4, per_person=2))  # 18 items
    one_person = [
        PersonaItem(f"x{j}", "late", analysis("late", "anger", ("delivery", "pain"), None), "ONE")
        for j in range(40)
    ]
    with pytest.raises(NotEnoughData, match="people"):
        build_personas(one_person)


def test_employee_groups_under_five_are_never_shown() -> None:
    # 8 stretched people and 3 content ones: a group of 3 would be shown for customers only.
    items = corpus(angry=8, happy=3, per_person=2, kind_meta="department")
    customers = build_personas(items, kind="customer")
    assert sorted(p.size for p in customers) == [3, 8]
    employees = build_personas(items, kind="employee")
    assert [p.size for p in employees] == [11]
    assert any("fewer than 5" in note for note in employees[0].notes)
    # The three "senior" people are too few to be named in the demographics: folded into "other".
    assert employees[0].demographics["department"] == {"family": 8, "other": 3}
    # Roles held by fewer than five are not repeated in answers either.
    work = employees[0].answer("work")
    assert work is not None and "nurse" in work.answer  # 8 nurses: enough to be anonymous


def test_unknown_kind_and_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="kind"):
        build_personas(corpus(), kind="supplier")
    items = corpus()
    with pytest.raises(ValueError, match="unique"):
        build_personas(items + items[:1])
