"""Speed of keeping personas and empathy maps current: build, rebuild after 1k new items, compare.

No model: items carry hand-built analyses (an emotion, a pain or gain, a need, a segment) drawn
from eight kinds of customer with some noise, about two items per person, and texts that hit
the map's cue patterns now and then. What is timed is the insight layer itself (and, with
``--store``, the SQLite round trip that decides a rebuild is not needed), never encoding.

    nice -n 10 python benchmarks/insights_speed.py [--sizes 10000,100000] [--new 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from empathica.domain import (
    GOEMOTIONS_LABELS,
    Analysis,
    Cause,
    Feedback,
    LabelScores,
    Need,
    PersonKind,
    StoredItem,
)
from empathica.insights import PersonaItem, build_empathy_map, build_personas
from empathica.insights.changes import diff_maps, diff_personas

KINDS = [  # emotion, (cause, polarity), need, segment, a sentence
    ("anger", ("late_delivery", "pain"), "fast_resolution", "family",
      "My order is late again, I called three times"),
    ("disappointment", ("product_quality", "pain"), "to_be_heard", "senior",
      "It arrived broken and nobody answers"),
    ("gratitude", ("staff_treatment", "gain"), "appreciation", "senior",
      "Thank you, your agent told me it was fixed"),
    ("confusion", ("billing", "pain"), "clarity", "student",
      "I saw two charges on the app and I am confused"),
    ("joy", ("product_quality", "gain"), "help_to_succeed", "pro",
      "Love it, I recommend you to my friends"),
    ("fear", ("security", "pain"), "reassurance", "family",
      "I read reviews saying accounts get hacked"),
    ("annoyance", ("website", "pain"), "control", "pro",
      "The website keeps logging me out, I want a refund"),
    ("approval", ("delivery_speed", "gain"), "fairness", "student",
      "Cheaper than other shops and it came fast"),
]  # fmt: skip
START = datetime(2026, 1, 1, tzinfo=UTC)


def analysis(rng: random.Random, text: str, kind: tuple[Any, ...]) -> Analysis:
    emotion, (cause, polarity), need, _, _ = kind
    if rng.random() < 0.2:  # noise: one in five items feels like another kind
        emotion = rng.choice(KINDS)[0]
    scores = dict.fromkeys(GOEMOTIONS_LABELS, 0.01) | {emotion: round(rng.uniform(0.4, 0.95), 3)}
    causes = [Cause(cause, 0.8, text[:20], 0, 20, [emotion], polarity)] if rng.random() < 0.8 else []
    needs = [Need(need, 0.7, text[-12:])] if rng.random() < 0.6 else []
    return Analysis(
        id=None, text=text, emotions=LabelScores([emotion], scores), ekman=LabelScores([], {}),
        sentiment="negative" if polarity == "pain" else "positive",
        valence=-0.5 if polarity == "pain" else 0.6, intensity=0.6, causes=causes, needs=needs,
    )  # fmt: skip


def corpus(n: int, seed: int = 0, offset: int = 0) -> list[tuple[PersonaItem, StoredItem]]:
    """``n`` items from about n/2 people; item ids start at ``offset`` so later batches are new."""
    rng = random.Random(seed)
    out = []
    for i in range(offset, offset + n):
        person = i // 2 if offset == 0 else rng.randrange(n // 2) if rng.random() < 0.5 else 10**7 + i
        kind = KINDS[person % len(KINDS)] if person < 10**7 else rng.choice(KINDS)
        text = f"{kind[4]} (order {i})."
        a = analysis(rng, text, kind)
        meta = {"segment": kind[3]}
        created = START + timedelta(minutes=i)
        fb = Feedback(
            source="bench", external_id=str(i), text=text, id=i + 1, person_id=f"u{person}",
            person_kind=PersonKind.CUSTOMER, created_at=created, metadata=meta,
        )  # fmt: skip
        out.append((PersonaItem(str(i + 1), text, a, f"u{person}", meta), StoredItem(fb, a)))
    return out


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def store_check(items: list[tuple[PersonaItem, StoredItem]], repeats: int) -> float:
    """Median time of the "is the stored build current?" check on a SQLite store of ``items``."""
    from empathica.storage import open_repository

    with tempfile.TemporaryDirectory() as tmp, open_repository(f"sqlite:///{tmp}/bench.db") as repo:
        repo.add_feedback([it.feedback for _, it in items])
        repo.save_analyses([(int(p.id), it.analysis) for p, it in items if it.analysis])
        personas = build_personas([p for p, _ in items])
        repo.save_persona_build("customer", repo.insight_state("customer"), personas)

        def check() -> bool:
            stored = repo.load_persona_build("customer")
            return stored is not None and stored[0] == repo.insight_state("customer")

        seconds, current = median_time(check, repeats)
        assert current
        return seconds


def what_changed(items: list[tuple[PersonaItem, StoredItem]], now: Any, n: int) -> None:
    """The work of a "what changed" view: personas and map before the last items, and the diffs."""
    cut = START + timedelta(minutes=n - 0.5)
    recent = {p.id for p, _ in items[n:]}
    then = build_personas([p for p, _ in items[:n]], previous=now)
    diff_personas(
        then, now, {p.id: p for p, _ in items}, recent, kind="customer", since=cut, until=cut, days=7
    )
    old_map = build_empathy_map([s for _, s in items[:n]], title="C", per_section=50)
    new_map = build_empathy_map([s for _, s in items], title="C", per_section=50)
    diff_maps(old_map, new_map, since=cut, until=cut, days=7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--store", action="store_true", help="also time the cache check on SQLite (smallest size)"
    )
    args = parser.parse_args()
    head = f"| items | personas | build personas | build map | +{args.new}: personas | map | what changed |"
    print(head)
    print("|---|---|---|---|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",")]:
        base = corpus(n)
        more = base + corpus(args.new, seed=1, offset=n)
        t_p, personas = median_time(lambda b=base: build_personas([p for p, _ in b]), args.repeats)
        t_m, _ = median_time(
            lambda b=base: build_empathy_map([s for _, s in b], title="Customers"), args.repeats
        )
        t_rp, now = median_time(
            lambda m=more, prev=personas: build_personas([p for p, _ in m], previous=prev), args.repeats
        )
        t_rm, _ = median_time(
            lambda m=more: build_empathy_map([s for _, s in m], title="Customers"), args.repeats
        )
        t_c, _ = median_time(lambda m=more, cur=now, k=n: what_changed(m, cur, k), args.repeats)
        kept = sum(1 for p in now if p.id in {q.id for q in personas})
        print(
            f"| {n:,} | {len(personas)} ({kept} kept after +{args.new}) | {t_p:.2f} s | {t_m:.2f} s "
            f"| {t_rp:.2f} s | {t_rm:.2f} s | {t_c:.2f} s |",
            flush=True,
        )
    if args.store:
        n = min(int(s) for s in args.sizes.split(","))
        ms = store_check(corpus(n), args.repeats) * 1000
        print(f"\nStored build still current? (SQLite, {n:,} items): {ms:.0f} ms")


if __name__ == "__main__":
    main()
