"""Clustering on hand-built vectors: no model, known structure."""

import numpy as np
import pytest

from empathica.insights.clustering import (
    UNASSIGNED,
    ClusterOptions,
    assign_to,
    canonical_order,
    cluster,
    merge_groups,
    normalize,
)
from empathica.insights.metrics import adjusted_rand_index


def blobs(
    sizes: list[int], dim: int = 24, noise: float = 0.15, seed: int = 7
) -> tuple[np.ndarray, np.ndarray]:
    """Points around orthogonal directions, one direction per blob."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for b, size in enumerate(sizes):
        centre = np.zeros(dim)
        centre[b] = 1.0
        rows.append(centre + rng.normal(0, noise, size=(size, dim)))
        truth += [b] * size
    return normalize(np.concatenate(rows)), np.array(truth)


def test_recovers_well_separated_groups() -> None:
    x, truth = blobs([40, 30, 25, 20])
    result = cluster(x)
    assert result.centroids.shape[0] == 4
    assert adjusted_rand_index(truth.tolist(), result.labels.tolist()) > 0.95
    assert np.allclose(np.linalg.norm(result.centroids, axis=1), 1.0, atol=1e-5)


def test_same_items_in_any_order_give_the_same_partition() -> None:
    x, _ = blobs([35, 30, 25, 20, 15], noise=0.35)
    first = cluster(x).labels
    perm = np.random.default_rng(3).permutation(len(x))
    second = cluster(x[perm]).labels
    # second[j] belongs to item perm[j]; bring it back to the original order.
    back = np.empty_like(second)
    back[perm] = second
    assert adjusted_rand_index(first.tolist(), back.tolist()) == pytest.approx(1.0)
    assert np.array_equal(first == UNASSIGNED, back == UNASSIGNED)


def test_canonical_order_ignores_input_order() -> None:
    x, _ = blobs([10, 10])
    perm = np.random.default_rng(1).permutation(len(x))
    assert np.array_equal(x[canonical_order(x)], x[perm][canonical_order(x[perm])])


def test_outliers_are_capped_even_when_nothing_is_alike() -> None:
    x = normalize(np.random.default_rng(0).normal(size=(300, 64)))
    result = cluster(x, ClusterOptions(min_similarity=0.9, max_outliers=0.1))
    assert (result.labels == UNASSIGNED).mean() <= 0.1 + 1 / 300


def test_far_items_are_left_out_when_few() -> None:
    x, _ = blobs([40, 40], dim=24, noise=0.05)
    stray = normalize(np.eye(24)[10:13])  # three items orthogonal to both groups
    result = cluster(np.concatenate([x, stray]), ClusterOptions(min_similarity=0.5))
    assert result.centroids.shape[0] == 2  # three items are below min_size: no theme of their own
    assert (result.labels[-3:] == UNASSIGNED).all()
    assert (result.labels[:-3] != UNASSIGNED).all()


def test_merge_joins_similar_groups_only() -> None:
    c = normalize(np.array([[1.0, 0.05, 0.0], [1.0, -0.05, 0.0], [0.0, 0.0, 1.0]]))
    owner = merge_groups(c, np.array([10, 10, 10]), min_similarity=0.9, max_groups=10)
    assert owner[0] == owner[1] != owner[2]
    # A cap on the number of groups forces merging below the similarity floor.
    assert len(set(merge_groups(c, np.array([10, 10, 10]), 0.99, max_groups=1).tolist())) == 1


def test_assign_to_respects_each_threshold() -> None:
    centroids = np.eye(3, dtype=np.float32)
    x = normalize(np.array([[1.0, 0.1, 0.0], [0.6, 0.6, 0.5], [0.0, 0.0, 1.0]]))
    labels = assign_to(x, centroids, np.array([0.9, 0.9, 0.9]))
    assert labels.tolist() == [0, UNASSIGNED, 2]
    assert assign_to(np.zeros((0, 3)), centroids, np.array([0.5] * 3)).shape == (0,)


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="max_outliers"):
        ClusterOptions(max_outliers=1.5)
