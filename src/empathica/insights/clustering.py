"""Group unit-length sentence embeddings into themes, with numpy alone.

Why this shape: topic tools are disliked for giving different themes on every run and for
leaving a third of the items as outliers. So:

1. Items are put in a canonical order (by a hash of each vector's bytes) before anything else:
   the same data in any order gives bit-for-bit the same clustering.
2. Spherical k-means over-clusters into many small groups (deterministic k-means++ seeding,
   best of a few restarts). Many small groups are stable; where k-means would split a big theme
   differently from run to run, step 3 glues the pieces back.
3. Average-linkage merging of those groups while two are more similar than ``merge_similarity``:
   the number of themes follows from the data instead of being guessed.
4. A few k-means steps from the merged centroids tidy the borders; themes smaller than
   ``min_size`` are dissolved into their nearest neighbour.
5. An item joins its nearest theme when it is at least ``min_similarity`` alike, and the cut-off
   is lowered when needed so that no more than ``max_outliers`` of the items are left out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

UNASSIGNED = -1


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """Knobs of the clustering; the defaults were chosen on the training splits, not on dev."""

    merge_similarity: float = 0.55
    min_similarity: float = 0.35
    max_outliers: float = 0.12
    min_size: int = 5
    min_share: float = 0.005
    max_themes: int = 40
    restarts: int = 3
    iterations: int = 30
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0.0 <= self.max_outliers < 1.0:
            raise ValueError(f"max_outliers must be in [0, 1), got {self.max_outliers}")
        if self.min_size < 1 or self.max_themes < 1 or self.restarts < 1 or self.iterations < 1:
            raise ValueError("min_size, max_themes, restarts and iterations must be at least 1")


@dataclass(frozen=True, slots=True)
class Clustering:
    """``labels[i]`` is item i's cluster (or UNASSIGNED); centroids are unit length."""

    labels: np.ndarray
    centroids: np.ndarray
    threshold: float


def normalize(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    out: np.ndarray = x / np.maximum(norms, 1e-12)
    return out


def canonical_order(x: np.ndarray) -> np.ndarray:
    """A permutation that depends only on the rows' content, never on where they were given."""
    digests = [hashlib.blake2b(row.tobytes(), digest_size=16).digest() for row in x]
    return np.array(sorted(range(len(digests)), key=digests.__getitem__), dtype=np.int64)


def _kmeans_pp(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding with cosine distance (1 - similarity)."""
    n = x.shape[0]
    centers = [int(rng.integers(n))]
    dist = 1.0 - x @ x[centers[0]]
    for _ in range(1, k):
        d = np.clip(dist, 0.0, None).astype(np.float64)
        total = d.sum()
        nxt = int(rng.integers(n)) if total <= 0 else int(np.searchsorted(np.cumsum(d), rng.random() * total))
        nxt = min(nxt, n - 1)
        centers.append(nxt)
        dist = np.minimum(dist, 1.0 - x @ x[nxt])
    return x[centers].copy()


def _centroids(x: np.ndarray, labels: np.ndarray, k: int, old: np.ndarray) -> np.ndarray:
    sums = np.zeros((k, x.shape[1]), dtype=np.float64)
    order = np.argsort(labels, kind="stable")
    present, starts = np.unique(labels[order], return_index=True)
    if len(present):
        sums[present] = np.add.reduceat(x[order], starts, axis=0)
    empty = ~sums.any(axis=1)
    sums[empty] = old[empty]
    return normalize(sums)


def spherical_kmeans(
    x: np.ndarray, k: int, *, seed: int = 0, restarts: int = 3, iterations: int = 30, sample: int = 20_000
) -> tuple[np.ndarray, np.ndarray]:
    """Labels and unit centroids of the restart with the highest total similarity."""
    k = max(1, min(k, x.shape[0]))
    # Past ``sample`` items, seeding and restarts run on an evenly spaced sample (of the canonical
    # order, so still order-independent) and only the winner is refined on everything.
    step = max(1, -(-x.shape[0] // sample))
    part = np.ascontiguousarray(x[::step])  # a strided view would be copied by every matmul
    best: tuple[float, np.ndarray] | None = None
    for r in range(restarts):
        rng = np.random.default_rng([seed, r])
        # Seeding is k matrix-vector products; on 25 items per centre it is as good and much cheaper.
        seeds = _kmeans_pp(np.ascontiguousarray(part[:: max(1, part.shape[0] // (25 * k))]), k, rng)
        centers, labels = _lloyd(part, seeds, iterations)
        fit = float((part @ centers.T)[np.arange(part.shape[0]), labels].sum())
        if best is None or fit > best[0]:
            best = (fit, centers)
    assert best is not None
    if step == 1:
        centers, labels = _lloyd(x, best[1], iterations)
    else:
        centers, labels = _lloyd(x, best[1], max(3, iterations // 3))
    return centers, labels


def _lloyd(x: np.ndarray, centers: np.ndarray, iterations: int) -> tuple[np.ndarray, np.ndarray]:
    k = centers.shape[0]
    labels = np.full(x.shape[0], -1, dtype=np.int64)
    for _ in range(iterations):
        new = (x @ centers.T).argmax(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        centers = _centroids(x, labels, k, centers)
    return centers, labels


def merge_groups(
    centroids: np.ndarray, sizes: np.ndarray, min_similarity: float, max_groups: int
) -> np.ndarray:
    """Average-linkage merging of groups; returns the merged group index of each input group.

    Group similarity is the size-weighted mean of member-to-member centroid similarity, so a
    merge means "on average these items talk about the same thing", not "two items touch".
    """
    g = centroids.shape[0]
    sims = (centroids @ centroids.T).astype(np.float64)
    weights = sizes.astype(np.float64)
    # Sum over pairs of members, and how many pairs: their ratio is the average linkage.
    total = sims * np.outer(weights, weights)
    count = np.outer(weights, weights)
    alive = np.ones(g, dtype=bool)
    owner = np.arange(g)
    groups = g
    while groups > 1:
        avg = np.where(np.outer(alive, alive), total / np.maximum(count, 1e-12), -np.inf)
        np.fill_diagonal(avg, -np.inf)
        i, j = np.unravel_index(int(np.argmax(avg)), avg.shape)
        if avg[i, j] < min_similarity and groups <= max_groups:
            break
        i, j = min(i, j), max(i, j)
        total[i, :] += total[j, :]
        total[:, i] += total[:, j]
        count[i, :] += count[j, :]
        count[:, i] += count[:, j]
        alive[j] = False
        owner[owner == j] = i
        groups -= 1
    _, dense = np.unique(owner, return_inverse=True)
    return np.asarray(dense, dtype=np.int64)


def _assign(
    x: np.ndarray, centroids: np.ndarray, floor: float, max_outliers: float
) -> tuple[np.ndarray, float]:
    sims = x @ centroids.T
    nearest = sims.argmax(axis=1)
    best = sims[np.arange(x.shape[0]), nearest]
    threshold = floor
    if x.shape[0] and float((best < floor).mean()) > max_outliers:
        threshold = float(np.quantile(best, max_outliers))
    labels = np.where(best >= threshold, nearest, UNASSIGNED)
    return labels, threshold


def cluster(embeddings: np.ndarray, options: ClusterOptions | None = None) -> Clustering:
    """Cluster rows of ``embeddings``; the result is in the caller's row order."""
    opts = options or ClusterOptions()
    x_in = normalize(embeddings)
    n = x_in.shape[0]
    if n == 0:
        return Clustering(np.zeros(0, dtype=np.int64), np.zeros((0, x_in.shape[1]), np.float32), 0.0)
    order = canonical_order(x_in)
    x = x_in[order]
    min_size = max(opts.min_size, int(np.ceil(opts.min_share * n)))
    k0 = int(np.clip(round(np.sqrt(n) * 2), 2, 300))
    centers, labels = spherical_kmeans(
        x, k0, seed=opts.seed, restarts=opts.restarts, iterations=opts.iterations
    )
    sizes = np.bincount(labels, minlength=centers.shape[0])
    used = sizes > 0
    owner = merge_groups(centers[used], sizes[used], opts.merge_similarity, opts.max_themes)
    remap = np.full(centers.shape[0], -1, dtype=np.int64)
    remap[np.flatnonzero(used)] = owner
    labels = remap[labels]
    k = int(owner.max()) + 1
    centroids = _centroids(x, labels, k, np.zeros((k, x.shape[1])))
    # A few k-means steps from the merged centroids, then dissolve themes that are too small.
    for _ in range(5):
        labels = (x @ centroids.T).argmax(axis=1)
        centroids = _centroids(x, labels, k, centroids)
    while centroids.shape[0] > 1:
        sizes = np.bincount(labels, minlength=centroids.shape[0])
        keep = sizes >= min_size
        if keep.all():
            break
        if not keep.any():
            keep[int(sizes.argmax())] = True
        centroids = centroids[keep]
        labels = (x @ centroids.T).argmax(axis=1)
        centroids = _centroids(x, labels, centroids.shape[0], centroids)
    labels, threshold = _assign(x, centroids, opts.min_similarity, opts.max_outliers)
    out = np.empty(n, dtype=np.int64)
    out[order] = labels
    return Clustering(out, centroids.astype(np.float32), threshold)


def assign_to(embeddings: np.ndarray, centroids: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Nearest centroid per row when it is at least as similar as that centroid's threshold."""
    x = normalize(embeddings)
    if x.shape[0] == 0 or centroids.shape[0] == 0:
        return np.full(x.shape[0], UNASSIGNED, dtype=np.int64)
    sims = x @ np.asarray(centroids, dtype=np.float32).T
    nearest = sims.argmax(axis=1)
    best = sims[np.arange(x.shape[0]), nearest]
    return np.where(best >= np.asarray(thresholds)[nearest], nearest, UNASSIGNED)
