"""Journey stage of a thread, on hand-built analyses (no model)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from empathica.config import Settings
from empathica.domain import Analysis, JourneyStage, LabelScores, ThreadStage
from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Batch, Pipeline, Stage
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.redact import RedactStage
from empathica.pipeline.threads import assign_threads, is_company_message, thread_id_of, thread_stage
from empathica.services import Empathica

NONE = LabelScores([], {})


LONG = "I ordered it last week and the parcel arrived torn open"  # 11 words
SHORT = "Any news?"


def msg(id: str, stage: tuple[str, float] | None, text: str = LONG, **metadata: Any) -> Analysis:
    return Analysis(
        id=id,
        text=text,
        emotions=NONE,
        ekman=NONE,
        sentiment="neutral",
        valence=0.0,
        intensity=0.0,
        metadata=metadata,
        stage=JourneyStage(stage[0], stage[1], f"words of {id}") if stage else None,
    )


def test_the_latest_clear_message_decides_and_short_follow_ups_do_not() -> None:
    thread = [
        msg("1", ("before", 0.82)),  # "do you have it in medium before I order?"
        msg("2", ("after", 0.75)),  # "the parcel arrived torn"
        msg("3", ("before", 0.67), "Still waiting for an answer."),  # too short to place itself
        msg("4", ("during", 0.45)),  # long but unclear
    ]
    result = thread_stage("T", thread)
    assert (result.label, result.score, result.evidence, result.evidence_id, result.messages) == (
        "after", 0.75, "words of 2", "2", 4,
    )  # fmt: skip


def test_a_clear_complaint_about_the_conversation_makes_the_thread_during() -> None:
    result = thread_stage("T", [msg("1", ("after", 0.8)), msg("2", ("during", 0.85))])
    assert (result.label, result.evidence_id) == ("during", "2")


def test_agents_replies_and_stageless_messages_do_not_vote() -> None:
    thread = [
        msg("c1", ("before", 0.6)),
        msg("a1", ("during", 0.95), role="agent"),
        msg("a2", ("after", 0.95), inbound=False),
        msg("a3", ("after", 0.95), inbound="false"),
        msg("e1", None),
    ]
    result = thread_stage("T", thread)
    assert (result.label, result.evidence_id, result.messages) == ("before", "c1", 5)


def test_with_nothing_clear_the_strongest_wins_and_the_latest_breaks_ties() -> None:
    vague = thread_stage(
        "T", [msg("1", ("after", 0.45)), msg("2", ("during", 0.4)), msg("3", ("before", 0.9), SHORT)]
    )
    assert (vague.label, vague.evidence_id) == ("before", "3")
    tie = thread_stage("T", [msg("1", ("after", 0.45)), msg("2", ("before", 0.45))])
    assert (tie.label, tie.evidence_id) == ("before", "2")


def test_a_thread_without_any_customer_stage_has_no_label() -> None:
    result = thread_stage("T", [msg("a", ("during", 0.9), sender="Support"), msg("e", None)])
    assert result == ThreadStage(id="T", label=None, score=0.0, messages=2)


def test_assign_groups_by_thread_id_or_conversation_id_and_leaves_others_alone() -> None:
    items = [
        msg("1", ("after", 0.9), thread_id="A"),
        msg("2", ("before", 0.9), conversation_id=7),
        msg("3", ("during", 0.4), thread_id="A"),
        msg("4", ("during", 0.9)),
        msg("5", ("during", 0.6), SHORT, conversation_id="7"),
    ]
    assign_threads(items)
    assert [a.thread.label if a.thread else None for a in items] == [
        "after",
        "before",
        "after",
        None,
        "before",
    ]
    assert items[0].thread is not None and items[0].thread.messages == 2
    assert items[1].thread is not None and items[1].thread.id == "7"


def test_created_at_orders_the_thread_when_every_message_has_one() -> None:
    items = [
        msg("late", ("after", 0.6), thread_id="A", created_at="2026-03-02T10:00:00"),
        msg("early", ("before", 0.6), thread_id="A", created_at="2026-03-01T10:00:00"),
    ]
    assign_threads(items)
    assert items[0].thread is not None and items[0].thread.label == "after"
    items[1].metadata.pop("created_at")  # input order now: "early" comes last
    assign_threads(items)
    assert items[0].thread is not None and items[0].thread.label == "before"


def test_metadata_readers() -> None:
    assert thread_id_of({"thread_id": "  ", "conversation_id": "c"}) == "c"
    assert thread_id_of({"thread_id": True}) is None and thread_id_of(None) is None
    assert is_company_message({"author_role": " Staff "}) and not is_company_message({"role": "customer"})
    assert not is_company_message({"inbound": True}) and not is_company_message("x")


def test_record_round_trip_keeps_the_thread() -> None:
    items = [msg("1", ("after", 0.9), thread_id="A"), msg("2", ("during", 0.5), SHORT, thread_id="A")]
    assign_threads(items)
    record = items[1].to_record()
    assert record["thread"] == {
        "id": "A", "label": "after", "score": 0.9, "evidence": "words of 1", "evidence_id": "1",
        "messages": 2,
    }  # fmt: skip
    assert Analysis.from_record(record).thread == items[1].thread
    assert msg("x", None).to_record()["thread"] is None


class StageByWord:
    """Stands in for emotion + journey stage: 'crushed' reads after, anything else during at 0.4."""

    name = "journey_stage"
    requires = frozenset({"texts"})
    provides = frozenset({"emotions", "ekman", "sentiment", "valence", "intensity", "journey_stage"})

    def __call__(self, batch: Batch) -> Batch:
        n = len(batch)
        return batch.with_columns(
            emotions=[NONE] * n, ekman=[NONE] * n, sentiment=["neutral"] * n, valence=[0.0] * n,
            intensity=[0.0] * n,
            journey_stage=[
                JourneyStage("after", 0.9, t) if "crushed" in t else JourneyStage("during", 0.45, t)
                for t in batch["texts"]
            ],
        )  # fmt: skip


def test_the_analyzer_judges_a_thread_across_its_chunks() -> None:
    stages: list[Stage] = [RedactStage(), LanguageStage(classify=lambda t: ("en", 0.99)), StageByWord()]
    analyzer = Analyzer(Pipeline(stages), "t", chunk_size=2)
    texts = ["the parcel I ordered last week arrived crushed", "any news?", "hello?", "still nothing"]
    out = analyzer.analyze(texts, metadata=[{"thread_id": "A"} for _ in texts])
    assert [a.stage.label if a.stage else None for a in out] == ["after", "during", "during", "during"]
    assert {a.thread.label if a.thread else None for a in out} == {"after"}
    assert out[3].thread is not None and out[3].thread.messages == 4


def test_analyze_file_keeps_a_threads_consecutive_rows_in_one_call(tmp_path: Path) -> None:
    stages: list[Stage] = [RedactStage(), LanguageStage(classify=lambda t: ("en", 0.99)), StageByWord()]
    service = Empathica(Settings(data_dir=tmp_path), analyzer=Analyzer(Pipeline(stages), "t", chunk_size=2))
    rows = (
        "id,text,thread_id\n1,hello,\n2,the parcel I ordered last week arrived crushed,A\n"
        "3,any news?,A\n4,hello?,A\n5,ok,B\n"
    )
    out = list(service.analyze_file(io.BytesIO(rows.encode()), format="csv"))
    threads = [r.analysis.thread if r.analysis else None for r in out]
    assert threads[0] is None
    assert [(t.id, t.label, t.messages) if t else None for t in threads[1:]] == [
        ("A", "after", 3), ("A", "after", 3), ("A", "after", 3), ("B", "during", 1),
    ]  # fmt: skip
