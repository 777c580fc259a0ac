"""The few-shot head on its own: scores, thresholds, cue phrases and the feature mix, over the
hand-built 3-d embeddings of ``helpers.axes`` (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from empathica.pipeline.clauses import split_clauses
from empathica.pipeline.fewshot import default_threshold_for, mix_inputs
from empathica.taxonomy import Label
from helpers.axes import CUSTOMER, X, Z, head, lab, unit


def test_default_threshold_shrinks_with_the_number_of_labels() -> None:
    assert default_threshold_for(1) == 0.5
    assert default_threshold_for(4) == 0.5
    assert default_threshold_for(8) == pytest.approx(0.25)
    assert head(CUSTOMER).plans[0].threshold == pytest.approx(0.5)
    assert head(CUSTOMER, default_threshold=0.3).plans[0].threshold == pytest.approx(0.3)


def test_a_cue_phrase_raises_a_label_the_embedding_alone_would_miss() -> None:
    text = "where is my tracking number"
    emb = np.stack([unit(1, 1, 1)])  # equally far from every prototype
    without = head(CUSTOMER, cue_weight=0.0).scores(emb, [text])[0]
    with_cue = head(CUSTOMER, cue_weight=2.5).scores(emb, [text])[0]
    assert with_cue[0] > 0.5 > without[0]
    assert with_cue[1] == pytest.approx(without[1])  # labels without that cue are unchanged


def test_single_label_taxonomy_uses_similarity() -> None:
    only = head((lab("delivery", "parcel courier"),))
    probs = only.scores(np.stack([X, Z]), ["a", "b"])
    assert probs[0, 0] > 0.5 > probs[1, 0]


def test_the_description_weighs_more_than_one_example() -> None:
    # "about the parcel courier" (x axis) is the description; one stray example of each label
    # points at the other label's axis. With the description counting once, the two labels
    # would be symmetric; weighted, each stays on its description's side.
    labels = (
        Label("delivery", "the parcel courier", ("the rude agent",)),
        Label("staff", "the rude agent", ("the parcel courier",)),
    )
    h = head(labels)
    probs = h.scores(np.stack([X, Z]), ["", ""])
    assert probs[0, 0] > probs[0, 1] and probs[1, 1] > probs[1, 0]


def test_mix_inputs_joins_unit_features_at_a_fixed_share() -> None:
    e = np.array([[1.0, 0.0]], dtype=np.float32)
    f = np.array([[0.0, 30.0]], dtype=np.float32)  # raw feature scale does not matter
    mixed = mix_inputs(e, f, 0.5)
    assert mixed.shape == (1, 4)
    assert np.allclose(mixed, np.array([[1.0, 0.0, 0.0, 0.5]]) / np.sqrt(1.25))


def test_evidence_quotes_the_cue_clause_with_or_without_the_whole_text() -> None:
    h = head(CUSTOMER)
    text = "Hello there. Where is my Tracking Number? The agent was kind."
    clauses = split_clauses(text)
    for whole in (None, text):
        chosen = h.evidence(0, clauses, whole)
        assert chosen is not None and chosen.text == "Where is my Tracking Number?"
    # no cue in the text: the clause sharing most words with the label's examples wins
    plain = "Hello there. The parcel thing came."
    chosen = h.evidence(0, split_clauses(plain), plain)
    assert chosen is not None and chosen.text == "The parcel thing came."
