"""Saving analyses, replacing them, filtering by emotion and finding what is left to analyse."""

from __future__ import annotations

import pytest

from empathica.domain import Analysis, Feedback, FeedbackQuery, LabelScores
from empathica.storage import Repository, StorageError


def analysis(
    selected: list[str],
    *,
    ekman: list[str] | None = None,
    model_version: str = "m1",
    text: str = "t",
) -> Analysis:
    emotion_scores = {"anger": 0.1, "joy": 0.2, "gratitude": 0.3, "neutral": 0.05}
    emotion_scores.update({label: 0.9 for label in selected})
    ekman_selected = ekman or []
    ekman_scores = {"anger": 0.1, "joy": 0.1, "sadness": 0.2}
    ekman_scores.update({label: 0.8 for label in ekman_selected})
    return Analysis(
        id=None,
        text=text,
        emotions=LabelScores(labels=list(selected), scores=emotion_scores),
        ekman=LabelScores(labels=list(ekman_selected), scores=ekman_scores),
        sentiment="negative" if "anger" in selected else "positive",
        valence=-0.5 if "anger" in selected else 0.6,
        intensity=0.7,
        language="en",
        low_confidence=False,
        warnings=["short text"],
        metadata={"why": ["words"]},
        model_version=model_version,
    )


def add(repo: Repository, *external_ids: str) -> list[int]:
    return repo.add_feedback([Feedback("tickets", e, f"text {e}") for e in external_ids]).stored_ids


def test_saved_analysis_round_trips_through_its_record(repo: Repository) -> None:
    (fid,) = add(repo, "1")
    saved = analysis(["anger", "annoyance"], ekman=["anger"])
    repo.save_analyses([(fid, saved)])
    item = repo.get_item(fid)
    assert item is not None
    assert item.analysis == saved
    assert item.analysis.to_record() == saved.to_record()
    assert repo.count_analysed() == 1


def test_save_replaces_an_earlier_analysis(repo: Repository) -> None:
    fid, other = add(repo, "1", "2")
    repo.save_analyses([(fid, analysis(["anger"], model_version="m1")), (other, analysis(["joy"]))])
    repo.save_analyses([(fid, analysis(["gratitude"], model_version="m2"))])

    item = repo.get_item(fid)
    assert item is not None and item.analysis is not None
    assert item.analysis.model_version == "m2"
    assert item.analysis.emotions.labels == ["gratitude"]
    assert repo.count_analysed() == 2
    # The old labels went with the old analysis: anger no longer matches this item.
    assert [i.feedback.id for i in repo.query(FeedbackQuery(emotion="anger")).items] == []
    assert [i.feedback.id for i in repo.query(FeedbackQuery(emotion="gratitude")).items] == [fid]


def test_analysis_without_any_label_is_saved(repo: Repository) -> None:
    (fid,) = add(repo, "1")
    empty = analysis([])
    empty.emotions = LabelScores(labels=[], scores={})
    empty.ekman = LabelScores(labels=[], scores={})
    repo.save_analyses([(fid, empty)])
    repo.save_analyses([])
    item = repo.get_item(fid)
    assert item is not None and item.analysis == empty


def test_last_analysis_wins_within_one_call(repo: Repository) -> None:
    (fid,) = add(repo, "1")
    repo.save_analyses([(fid, analysis(["anger"])), (fid, analysis(["joy"]))])
    item = repo.get_item(fid)
    assert item is not None and item.analysis is not None
    assert item.analysis.emotions.labels == ["joy"]


def test_emotion_filter_matches_selected_labels_in_either_taxonomy(repo: Repository) -> None:
    angry, grateful, sad_ekman, unanalysed = add(repo, "angry", "grateful", "sad", "none")
    repo.save_analyses(
        [
            (angry, analysis(["anger"], ekman=["anger"])),
            (grateful, analysis(["gratitude"], ekman=["joy"])),
            (sad_ekman, analysis(["disappointment"], ekman=["sadness"])),
        ]
    )

    def matching(emotion: str) -> list[int]:
        page = repo.query(FeedbackQuery(emotion=emotion))
        assert page.total == len(page.items)
        return sorted(i.feedback.id for i in page.items if i.feedback.id is not None)

    assert matching("anger") == [angry]
    assert matching("gratitude") == [grateful]
    assert matching("joy") == [grateful]  # only in ekman
    assert matching("sadness") == [sad_ekman]  # scored 0.2 elsewhere but selected only here
    # Scored in every analysis, selected in none.
    assert matching("neutral") == []
    assert unanalysed not in matching("anger")


def test_emotion_filter_combines_with_other_filters(repo: Repository) -> None:
    ids = repo.add_feedback(
        [
            Feedback("tickets", "1", "a", channel="chat"),
            Feedback("tickets", "2", "b", channel="email"),
        ]
    ).stored_ids
    repo.save_analyses([(i, analysis(["anger"])) for i in ids])
    page = repo.query(FeedbackQuery(emotion="anger", channel="email"))
    assert [i.feedback.external_id for i in page.items] == ["2"]
    assert page.total == 1


def test_unanalysed_by_model_version(repo: Repository) -> None:
    a, b, c, d = add(repo, "a", "b", "c", "d")
    repo.save_analyses(
        [(a, analysis(["joy"], model_version="m2")), (b, analysis(["joy"], model_version="m1"))]
    )

    pending = repo.unanalysed("m2")
    assert [f.id for f in pending] == [b, c, d]
    assert pending[1].text == "text c"
    assert repo.count_unanalysed("m2") == 3
    assert repo.count_unanalysed("m1") == 3
    assert [f.id for f in repo.unanalysed("m2", limit=1)] == [b]
    assert [f.id for f in repo.unanalysed("m2", after_id=b)] == [c, d]
    assert [f.id for f in repo.unanalysed("m2", limit=1, after_id=c)] == [d]

    repo.save_analyses([(f.id, analysis(["joy"], model_version="m2")) for f in pending if f.id is not None])
    assert repo.unanalysed("m2") == []
    assert repo.count_unanalysed("m2") == 0
    assert repo.count_unanalysed("m3") == 4


def test_analysis_for_unknown_feedback_is_refused_and_nothing_saved(repo: Repository) -> None:
    (fid,) = add(repo, "1")
    with pytest.raises(StorageError, match=r"no feedback with id 999999"):
        repo.save_analyses([(fid, analysis(["joy"])), (999_999, analysis(["joy"]))])
    assert repo.count_analysed() == 0


def test_analyses_are_dropped_with_their_feedback(repo: Repository) -> None:
    """The cascade is declared in the schema, so it holds on SQLite (foreign keys on) and PostgreSQL."""
    from sqlalchemy import text

    (fid,) = add(repo, "1")
    repo.save_analyses([(fid, analysis(["anger"]))])
    with repo.engine.begin() as connection:
        connection.execute(text("DELETE FROM feedback WHERE id = :id"), {"id": fid})
        labels = connection.execute(text("SELECT count(*) FROM analysis_labels")).scalar_one()
    assert repo.count_analysed() == 0
    assert labels == 0
