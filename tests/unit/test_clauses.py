"""Clauses, cue phrases and clause polarity: the text helpers of the reason stages."""

from __future__ import annotations

from empathica.pipeline.clauses import clause_polarity, clause_words, split_clauses


def test_split_clauses_keeps_offsets() -> None:
    text = "  First bit; second bit - third bit.\nFourth, but fifth!  "
    clauses = split_clauses(text)
    assert [c.text for c in clauses] == ["First bit;", "second bit", "third bit.", "Fourth", "but fifth!"]
    for c in clauses:
        assert text[c.start : c.end] == c.text
    assert split_clauses("   ") == []
    late = split_clauses("It came late and nobody told me")
    assert [c.text for c in late] == ["It came late", "and nobody told me"]


def test_clause_polarity_reads_negation() -> None:
    assert clause_polarity("the agent was great") == 1
    assert clause_polarity("the agent was not helpful") == -1
    assert clause_polarity("the parcel came on Tuesday") == 0
    assert clause_polarity("is it worth it?") == 0


def test_split_clauses_hands_out_a_fresh_list_each_time() -> None:
    # the clauses of a text are kept for the next stage; a caller changing its list must not
    # change what the next one gets
    text = "It came late; nobody called."
    first = split_clauses(text)
    first.clear()
    assert [c.text for c in split_clauses(text)] == ["It came late;", "nobody called."]


def test_clause_words_counts_words_and_folds_content_stems() -> None:
    read = clause_words("I was charged for two deliveries")
    assert read.n_words == 6
    assert read.stems == {"charg", "two", "deliver"}
