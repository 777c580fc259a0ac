"""Partition agreement metrics, checked against values worked out by hand."""

import math

import pytest

from empathica.insights.metrics import adjusted_rand_index, contingency, normalized_mutual_info, purity


def test_identical_partitions_agree_fully_whatever_the_label_names() -> None:
    a = [0, 0, 1, 1, 2, 2]
    b = ["x", "x", "y", "y", "z", "z"]
    assert adjusted_rand_index(a, b) == pytest.approx(1.0)
    assert normalized_mutual_info(a, b) == pytest.approx(1.0)
    assert purity(a, b) == pytest.approx(1.0)


def test_ari_by_hand() -> None:
    # a = {0,1,2},{3,4,5}; b = {0,1},{2,3},{4,5}. Pairs together in both: (0,1), (4,5) -> 2.
    # Pairs within a: 3+3 = 6; within b: 1+1+1 = 3; all pairs: 15; expected = 6*3/15 = 1.2.
    # ARI = (2 - 1.2) / ((6 + 3)/2 - 1.2) = 0.8 / 3.3.
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.8 / 3.3)


def test_ari_of_an_anti_correlated_split_is_negative() -> None:
    # a pairs (0,1),(2,3); b pairs (0,2),(1,3): no pair agrees, so below chance.
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) < 0


def test_nmi_by_hand() -> None:
    # a = two halves of 4; b splits each half 2/2 in the same way: b says nothing about a.
    assert normalized_mutual_info([0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 0, 0, 1, 1]) == pytest.approx(0.0)
    # a = {0,1},{2,3}; b = {0},{1},{2,3}: H(a) = ln 2, H(b) = 1.5 ln 2, I = H(a) = ln 2.
    expected = math.log(2) / ((math.log(2) + 1.5 * math.log(2)) / 2)
    assert normalized_mutual_info([0, 0, 1, 1], [0, 1, 2, 2]) == pytest.approx(expected)


def test_purity_by_hand_and_with_several_labels_per_item() -> None:
    # cluster A = {food, food, staff} -> 2 right; cluster B = {staff, price} -> 1 right: 3/5.
    assert purity(["A", "A", "A", "B", "B"], ["food", "food", "staff", "staff", "price"]) == pytest.approx(
        0.6
    )
    # With label sets, an item counts when the majority label is one of its labels.
    truth = [["food", "staff"], ["food"], ["staff"], ["price"]]
    assert purity(["A", "A", "A", "B"], truth) == pytest.approx(3 / 4)


def test_contingency_counts_and_length_mismatch() -> None:
    assert contingency([0, 0, 1], ["a", "b", "b"]).tolist() == [[1, 1], [0, 1]]
    with pytest.raises(ValueError, match="3 and 2 items"):
        adjusted_rand_index([0, 0, 1], [0, 1])
