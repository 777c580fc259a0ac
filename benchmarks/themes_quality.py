"""Theme quality, stability and speed on MAMS-ACSA dev and Bitext customer-support dev.

Quality: every dev text is analysed and embedded by the runtime pipeline (one pass), themes are
built from the embeddings, texts and analyses (labels are NOT used), then compared with the
data sets' category labels: purity (MAMS sentences carry 2+ categories: an item counts when
its theme's majority category is one of its own) and NMI (MAMS: against each sentence's first
listed category; Bitext: against the 11 categories and the 27 intents). Unassigned items count
as one extra cluster in NMI, so leaving items out is not rewarded.

Stability: adjusted Rand index between two runs on the same data, between a run and a run on
shuffled rows, and between runs with different k-means seeds (the intrinsic stability that the
canonical ordering does not hide).

Speed: building themes (clustering + naming + ranking) for 10k and 100k items, and joining
1k new items to existing themes. Those vectors are bootstrapped from the REAL embeddings of both
data sets' train + dev texts (6.4k + 759 texts): rows drawn with replacement, Gaussian noise of
0.02 per dimension added (a copy keeps a cosine of about 0.93 to its original), renormalised;
each carries its original's text for naming. Encoding time is not included (see throughput.py).

    python benchmarks/themes_quality.py --mams ../shared/data/mams_acsa \
        --bitext ../shared/data/bitext_customer_support [--repeats 3] [--skip-speed]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from empathica.insights import (
    ClusterOptions,
    adjusted_rand_index,
    assign,
    build_themes,
    normalized_mutual_info,
    purity,
    update,
)
from empathica.insights.clustering import normalize
from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.factory import build_analyzer


def read_mams(folder: Path, split: str) -> tuple[list[str], list[list[str]]]:
    texts, cats = [], []
    for line in (folder / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.append(row["text"])
        cats.append([c["category"] for c in row["aspect_categories"]])
    return texts, cats


def read_bitext(folder: Path, split: str) -> tuple[list[str], list[str], list[str]]:
    with (folder / f"{split}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["instruction"] for r in rows], [r["category"] for r in rows], [r["intent"] for r in rows]


def labels_of(assignments: Sequence[str | None]) -> list[str]:
    return [a if a is not None else "(none)" for a in assignments]


def quality(name: str, analyzer: Analyzer, texts: list[str], truths: dict[str, Sequence[object]]) -> None:
    started = time.perf_counter()
    analyses, emb = analyzer.analyze_with_embeddings(texts)
    encoded = time.perf_counter() - started
    ids = [str(i) for i in range(len(texts))]
    started = time.perf_counter()
    result = build_themes(emb, texts, ids=ids, analyses=analyses)
    built = time.perf_counter() - started
    labels = labels_of(result.assignments)
    print(
        f"\n== {name} dev: {len(texts)} items, {len(result.themes)} themes, "
        f"{result.unassigned_share:.1%} unassigned (analysis {encoded:.1f} s, themes {built:.2f} s)"
    )
    for truth_name, truth in truths.items():
        flat = [t[0] if isinstance(t, list) else t for t in truth]
        nmi = normalized_mutual_info(labels, flat)
        print(f"  vs {truth_name:<22} purity {purity(labels, list(truth)):.3f}   NMI {nmi:.3f}")
    again = build_themes(emb, texts, ids=ids, analyses=analyses)
    perm = np.random.default_rng(1).permutation(len(texts))
    shuffled = build_themes(
        emb[perm], [texts[i] for i in perm], ids=[ids[i] for i in perm], analyses=[analyses[i] for i in perm]
    )
    back = dict(zip(shuffled.ids, shuffled.assignments, strict=True))
    seeds = [
        labels_of(build_themes(emb, texts, analyses=analyses, options=ClusterOptions(seed=s)).assignments)
        for s in (1, 2)
    ]
    twice = adjusted_rand_index(labels, labels_of(again.assignments))
    moved = adjusted_rand_index(labels, labels_of([back[i] for i in ids]))
    other = [adjusted_rand_index(labels, s) for s in seeds]
    print(
        f"  stability ARI: same data twice {twice:.3f}, shuffled rows {moved:.3f}, "
        f"other k-means seeds {other[0]:.3f} / {other[1]:.3f}"
    )
    first = truths[next(iter(truths))]
    for theme in result.themes:
        members = [i for i, a in enumerate(result.assignments) if a == theme.id]
        votes = Counter(c for i in members for c in (first[i] if isinstance(first[i], list) else [first[i]]))
        top, n = votes.most_common(1)[0]
        print(
            f"  {theme.id:>4} {theme.polarity:>7} {theme.size:4d}  {theme.label[:34]:<34} "
            f"top category {top} ({n / len(members):.0%})  [{', '.join(theme.keywords[:5])}]"
        )


def bootstrap(base: np.ndarray, texts: list[str], n: int, seed: int) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    rows = rng.integers(len(base), size=n)
    noisy = base[rows] + rng.normal(0.0, 0.02, size=(n, base.shape[1])).astype(np.float32)
    return normalize(noisy), [texts[i] for i in rows]


def speed(base: np.ndarray, texts: list[str], repeats: int) -> None:
    print(f"\n== speed (bootstrapped from {len(base)} real embeddings; clustering + naming + ranking)")
    for n in (10_000, 100_000):
        x, t = bootstrap(base, texts, n, seed=n)
        times = []
        result = None
        for _ in range(repeats if n <= 10_000 else 1):
            started = time.perf_counter()
            result = build_themes(x, t)
            times.append(time.perf_counter() - started)
        assert result is not None
        new, _ = bootstrap(base, texts, 1_000, seed=n + 1)
        joins, updates = [], []
        for _ in range(5):
            started = time.perf_counter()
            assign(new, result.themes)
            joins.append(time.perf_counter() - started)
            started = time.perf_counter()
            _, joined = update(result.themes, new)
            updates.append(time.perf_counter() - started)
        share = sum(j is None for j in joined) / len(joined)
        print(
            f"  {n:>7,} items: build {statistics.median(times):.1f} s (median of {len(times)}), "
            f"{len(result.themes)} themes, {result.unassigned_share:.1%} unassigned; "
            f"1k new items: assign {statistics.median(joins) * 1000:.1f} ms, "
            f"update {statistics.median(updates) * 1000:.1f} ms (median of 5), {share:.1%} of them unassigned"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mams", type=Path, required=True)
    parser.add_argument("--bitext", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    analyzer = build_analyzer()
    m_texts, m_cats = read_mams(args.mams, "dev")
    quality("MAMS-ACSA", analyzer, m_texts, {"aspect categories": m_cats})
    b_texts, b_cats, b_intents = read_bitext(args.bitext, "dev")
    quality("Bitext", analyzer, b_texts, {"categories (11)": b_cats, "intents (27)": b_intents})
    if args.skip_speed:
        return
    pool = m_texts + b_texts + read_mams(args.mams, "train")[0] + read_bitext(args.bitext, "train")[0]
    started = time.perf_counter()
    base = analyzer.analyze_with_embeddings(pool)[1]
    print(f"\n(embedded {len(pool)} texts for the speed runs in {time.perf_counter() - started:.0f} s)")
    speed(base, pool, args.repeats)


if __name__ == "__main__":
    main()
