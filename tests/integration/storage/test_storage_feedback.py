"""Adding, finding and querying feedback, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from empathica.domain import Feedback, FeedbackQuery, Person, PersonKind, StoredItem
from empathica.storage import AddResult, Repository, StorageError


def fb(external_id: str, text: str = "hello", source: str = "tickets", **kwargs: Any) -> Feedback:
    return Feedback(source=source, external_id=external_id, text=text, **kwargs)


def test_add_is_idempotent_on_source_and_external_id(repo: Repository) -> None:
    first = repo.add_feedback([fb("1", "late delivery"), fb("2", "great support")])
    assert len(first.stored_ids) == 2
    assert first.duplicates == 0

    again = repo.add_feedback([fb("1", "late delivery (re-exported)"), fb("3", "new one")])
    assert again.duplicates == 1
    assert len(again.stored_ids) == 1
    assert repo.count_feedback() == 3
    # The first version is kept: a re-import does not overwrite what is stored.
    kept = repo.find_item("tickets", "1")
    assert kept is not None
    assert kept.feedback.text == "late delivery"


def test_same_external_id_in_another_source_is_a_different_item(repo: Repository) -> None:
    result = repo.add_feedback([fb("1", source="tickets"), fb("1", source="survey")])
    assert len(result.stored_ids) == 2
    assert result.duplicates == 0


def test_duplicate_inside_one_call_counts_once(repo: Repository) -> None:
    result = repo.add_feedback([fb("7", "a"), fb("7", "b"), fb("7", "c"), fb("8")])
    assert len(result.stored_ids) == 2
    assert result.duplicates == 2
    assert repo.count_feedback() == 2


def test_stored_ids_follow_input_order(repo: Repository) -> None:
    result = repo.add_feedback([fb("b"), fb("a"), fb("c")])
    found = [repo.get_item(i) for i in result.stored_ids]
    assert [f.feedback.external_id for f in found if f is not None] == ["b", "a", "c"]


def test_round_trip_keeps_every_field(repo: Repository) -> None:
    created = datetime(2024, 5, 17, 9, 30, 15, 123456, tzinfo=UTC)
    item = Feedback(
        source="survey",
        external_id="s-1",
        text="My card [CARD] was charged twice",
        original_text="My card 4111 1111 1111 1111 was charged twice",
        channel="email",
        kind="complaint",
        created_at=created,
        person_id="cust-9",
        person_kind=PersonKind.CUSTOMER,
        rating=2.5,
        metadata={"order": "A-17", "tags": ["billing", "refund"], "nested": {"n": 1}},
    )
    (new_id,) = repo.add_feedback([item]).stored_ids

    stored = repo.get_item(new_id)
    assert stored is not None
    assert stored.analysis is None
    got = stored.feedback
    assert got.id == new_id
    for name in (
        "source", "external_id", "text", "original_text", "channel", "kind",
        "created_at", "person_id", "person_kind", "rating", "metadata",
    ):  # fmt: skip
        assert getattr(got, name) == getattr(item, name), name
    assert repo.find_item("survey", "s-1") == stored
    assert repo.get_item(new_id + 1000) is None
    assert repo.find_item("survey", "missing") is None


def test_persons_are_created_on_the_fly_with_the_items_kind(repo: Repository) -> None:
    repo.add_feedback(
        [
            fb("1", person_id="emp-1", person_kind=PersonKind.EMPLOYEE),
            fb("2", person_id="emp-1", person_kind=PersonKind.EMPLOYEE),
            fb("3", person_id="cust-1"),
        ]
    )
    employee = repo.get_person("emp-1")
    customer = repo.get_person("cust-1")
    assert employee is not None and employee.kind is PersonKind.EMPLOYEE
    assert customer is not None and customer.kind is PersonKind.CUSTOMER
    assert repo.get_person("nobody") is None
    item = repo.find_item("tickets", "2")
    assert item is not None and item.feedback.person_id == "emp-1"


def test_upsert_persons_creates_then_updates(repo: Repository) -> None:
    repo.upsert_persons([Person("p1", name="Ana", attributes={"plan": "free"})])
    repo.upsert_persons(
        [Person("p1", kind=PersonKind.EMPLOYEE, name="Ana B.", attributes={"plan": "pro"}), Person("p2")]
    )
    p1 = repo.get_person("p1")
    assert p1 == Person("p1", kind=PersonKind.EMPLOYEE, name="Ana B.", attributes={"plan": "pro"})
    assert repo.get_person("p2") == Person("p2")
    # A known person keeps its details when feedback mentions it again.
    repo.add_feedback([fb("1", person_id="p1", person_kind=PersonKind.CUSTOMER)])
    assert repo.get_person("p1") == p1


def test_failure_mid_call_stores_nothing(repo: Repository) -> None:
    # Persons and 500 good rows are written before the last row breaks a NOT NULL column.
    items = [fb(str(i), person_id=f"p{i}") for i in range(500)]
    items.append(Feedback(source="tickets", external_id="bad", text=None))  # type: ignore[arg-type]
    with pytest.raises(StorageError, match="text"):
        repo.add_feedback(items)
    assert repo.count_feedback() == 0
    assert repo.get_person("p0") is None


def test_metadata_that_is_not_json_is_refused_naming_the_item(repo: Repository) -> None:
    bad = fb("x-1", metadata={"when": datetime(2024, 1, 1)})
    with pytest.raises(StorageError, match=r"metadata of feedback tickets/x-1 cannot be stored as JSON"):
        repo.add_feedback([fb("ok", person_id="p1"), bad])
    assert repo.count_feedback() == 0
    assert repo.get_person("p1") is None


def test_empty_calls_do_nothing(repo: Repository) -> None:
    assert repo.add_feedback([]) == AddResult(stored_ids=[], duplicates=0)
    repo.upsert_persons([])
    assert repo.count_feedback() == 0
    assert repo.query(FeedbackQuery()).total == 0


def test_unknown_person_kind_is_refused_naming_the_item(repo: Repository) -> None:
    bad = fb("k-1", person_id="x", person_kind="robot")
    with pytest.raises(StorageError, match=r"feedback tickets/k-1: person kind 'robot' is not one of"):
        repo.add_feedback([bad])
    with pytest.raises(StorageError, match=r"person 'x': person kind 'robot'"):
        repo.upsert_persons([Person("x", kind="robot")])  # type: ignore[arg-type]
    assert repo.count_feedback() == 0


def test_concurrent_adds_of_the_same_items_store_each_once(repo: Repository) -> None:
    items = [fb(str(i)) for i in range(200)]
    results = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.append(repo.add_feedback(items))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert repo.count_feedback() == 200
    assert sum(len(r.stored_ids) for r in results) == 200
    assert sum(r.duplicates for r in results) == 600


def test_datetimes_come_back_as_aware_utc(repo: Repository) -> None:
    paris_summer = timezone(timedelta(hours=2))
    repo.add_feedback(
        [
            fb("aware", created_at=datetime(2024, 7, 1, 14, 0, tzinfo=paris_summer)),
            fb("naive", created_at=datetime(2024, 7, 1, 14, 0)),
        ]
    )
    aware = repo.find_item("tickets", "aware")
    naive = repo.find_item("tickets", "naive")
    assert aware is not None and naive is not None
    assert aware.feedback.created_at == datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    assert aware.feedback.created_at.tzinfo is UTC
    # A naive time is read as UTC.
    assert naive.feedback.created_at == datetime(2024, 7, 1, 14, 0, tzinfo=UTC)
    assert naive.feedback.created_at.tzinfo is UTC


def test_channels_are_distinct_sorted_and_skip_missing(repo: Repository) -> None:
    repo.add_feedback([fb("1", channel="email"), fb("2", channel="chat"), fb("3", channel="email"), fb("4")])
    assert repo.channels() == ["chat", "email"]


# ---------------------------------------------------------------------------- query


def day(n: int) -> datetime:
    return datetime(2024, 3, 1, tzinfo=UTC) + timedelta(days=n)


@pytest.fixture
def sample(repo: Repository) -> Repository:
    repo.add_feedback(
        [
            fb("t1", "Refund still not here", channel="email", kind="complaint", created_at=day(1)),
            fb("t2", "Thanks, the agent was KIND", channel="chat", kind="praise", created_at=day(2)),
            fb("t3", "no date on this one", channel="chat", kind="complaint"),
            fb("t4", "Manager ignored my 100% valid idea", channel="intranet", created_at=day(3),
               person_id="e1", person_kind=PersonKind.EMPLOYEE),
            fb("s1", "Survey: kind staff", source="survey", channel="email", created_at=day(4)),
        ]
    )  # fmt: skip
    return repo


def ids(page_items: list[StoredItem]) -> list[str]:
    return [i.feedback.external_id for i in page_items]


def test_query_orders_newest_first_with_undated_last(sample: Repository) -> None:
    page = sample.query(FeedbackQuery())
    assert ids(page.items) == ["s1", "t4", "t2", "t1", "t3"]
    assert page.total == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (FeedbackQuery(channel="chat"), ["t2", "t3"]),
        (FeedbackQuery(source="survey"), ["s1"]),
        (FeedbackQuery(kind="complaint"), ["t1", "t3"]),
        (FeedbackQuery(person_kind=PersonKind.EMPLOYEE), ["t4"]),
        (FeedbackQuery(person_kind=PersonKind.CUSTOMER), ["s1", "t2", "t1", "t3"]),
        (FeedbackQuery(since=day(2)), ["s1", "t4", "t2"]),
        (FeedbackQuery(until=day(2)), ["t1"]),
        (FeedbackQuery(since=day(2), until=day(4)), ["t4", "t2"]),
        (FeedbackQuery(search="kind"), ["s1", "t2"]),
        (FeedbackQuery(search="100%"), ["t4"]),
        (FeedbackQuery(search="1_0"), []),
        (FeedbackQuery(channel="email", source="tickets"), ["t1"]),
        (FeedbackQuery(channel="fax"), []),
    ],
)
def test_query_filters(sample: Repository, query: FeedbackQuery, expected: list[str]) -> None:
    page = sample.query(query)
    assert ids(page.items) == expected
    assert page.total == len(expected)


def test_since_until_compare_instants_across_time_zones(sample: Repository) -> None:
    plus_five = timezone(timedelta(hours=5))
    # 05:00 at +05:00 is midnight UTC of day(2): t2 is included.
    since = datetime(2024, 3, 3, 5, 0, tzinfo=plus_five)
    assert ids(sample.query(FeedbackQuery(since=since)).items) == ["s1", "t4", "t2"]


def test_query_pages_and_reports_the_total(sample: Repository) -> None:
    first = sample.query(FeedbackQuery(limit=2))
    second = sample.query(FeedbackQuery(limit=2, offset=2))
    last = sample.query(FeedbackQuery(limit=2, offset=4))
    beyond = sample.query(FeedbackQuery(limit=2, offset=10))
    assert ids(first.items) == ["s1", "t4"]
    assert ids(second.items) == ["t2", "t1"]
    assert ids(last.items) == ["t3"]
    assert beyond.items == []
    assert {first.total, second.total, last.total, beyond.total} == {5}
    assert (second.limit, second.offset) == (2, 2)


def test_negative_paging_is_refused(sample: Repository) -> None:
    with pytest.raises(StorageError, match="must not be negative"):
        sample.query(FeedbackQuery(offset=-1))


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_iter_items_yields_every_match_in_query_order(sample: Repository, chunk: int) -> None:
    everything = [i.feedback.external_id for i in sample.iter_items(FeedbackQuery(limit=1, offset=3), chunk)]
    assert everything == ids(sample.query(FeedbackQuery()).items)
    tickets = [i.feedback.external_id for i in sample.iter_items(FeedbackQuery(source="tickets"), chunk)]
    assert tickets == ["t4", "t2", "t1", "t3"]


def test_iter_items_with_equal_dates_and_many_undated(repo: Repository) -> None:
    same = day(5)
    repo.add_feedback([fb(f"d{i}", created_at=same) for i in range(5)] + [fb(f"u{i}") for i in range(5)])
    streamed = [i.feedback.id for i in repo.iter_items(FeedbackQuery(), chunk=3)]
    paged = [i.feedback.id for i in repo.query(FeedbackQuery(limit=100)).items]
    assert streamed == paged
    assert len(set(streamed)) == 10


def test_get_items_fetches_several_in_one_call(repo: Repository) -> None:
    repo.add_feedback([fb("a", "first"), fb("b", "second"), fb("c", "third")])
    a, c = repo.find_item("tickets", "a"), repo.find_item("tickets", "c")
    assert a is not None and c is not None and a.feedback.id is not None and c.feedback.id is not None
    found = repo.get_items([c.feedback.id, a.feedback.id, 999_999])
    assert set(found) == {a.feedback.id, c.feedback.id}  # an id not stored is left out
    assert found[c.feedback.id] == c and found[a.feedback.id].feedback.text == "first"
    assert repo.get_items([]) == {}


def test_metadata_filters_match_as_text_ignoring_case(repo: Repository) -> None:
    repo.add_feedback(
        [
            fb("1", metadata={"plan": "Pro", "seats": 5}),
            fb("2", metadata={"plan": "pro", "location": "Leeds"}),
            fb("3", metadata={"plan": "free", "seats": 50}),
            fb("4", channel="email"),
        ]
    )

    def ids(**metadata: str) -> list[str]:
        page = repo.query(FeedbackQuery(metadata=metadata, limit=10))
        return sorted(it.feedback.external_id for it in page.items)

    assert ids(plan="pro") == ["1", "2"]
    assert ids(plan="PRO", location="leeds") == ["2"]  # every filter must hold
    assert ids(seats="5") == ["1"]  # a number in JSON matches its text, not "50"
    assert ids(plan="enterprise") == []
    assert ids(missing="x") == []
    both = list(repo.iter_items(FeedbackQuery(metadata={"plan": "free"}, source="tickets")))
    assert [it.feedback.external_id for it in both] == ["3"]
    assert repo.metadata_keys() == ["location", "plan", "seats"]
