"""Speed of keeping personas and empathy maps current: build, rebuild after 1k new items, compare.

No model: items carry hand-built analyses (an emotion, a pain or gain, a need, a segment) drawn
from eight kinds of customer with some noise, about two items per person, and texts that hit
the map's cue patterns now and then. What is timed is the insight layer itself and, with
``--store``, the use cases over a real SQLite store, cold (a fresh service) and warm (asked
again a minute later with nothing new stored), never encoding.

Figures are median wall times with the process's CPU time in brackets: on a shared machine
the wall time also counts waiting for a core, the CPU time is the work itself.

    nice -n 10 python benchmarks/insights_speed.py [--sizes 10000,100000] [--new 1000] [--repeats 3] [--store]
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
from empathica.insights.empathy_map import read_items

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


class Timing:
    """Median wall and CPU seconds of a few runs."""

    def __init__(self, wall: list[float], cpu: list[float]) -> None:
        self.wall, self.cpu = statistics.median(wall), statistics.median(cpu)

    def __str__(self) -> str:
        return f"{_secs(self.wall)} ({_secs(self.cpu)})"


def _secs(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[Timing, Any]:
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return Timing(walls, cpus), result


def store_timings(n: int, new: int, repeats: int) -> list[tuple[str, Timing, Timing]]:
    """Cold and warm times of the dashboard's use cases over a SQLite store of ``n`` + ``new`` items.

    Cold: a service that keeps nothing yet (a fresh process), with the personas stored by an
    earlier run. Warm: the same service asked again a minute later with nothing new stored, as
    when the Personas or Map page is loaded again.
    """
    from empathica.config import Settings
    from empathica.domain import FeedbackQuery
    from empathica.services import Empathica
    from empathica.storage import open_repository

    items = corpus(n) + corpus(new, seed=1, offset=n)
    now = START + timedelta(minutes=n + new + 60)
    days = 1  # the newest ~1,400 items are "new"
    customers = FeedbackQuery(person_kind=PersonKind.CUSTOMER)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        settings = Settings(data_dir=Path(tmp), database_url=url)
        with open_repository(url) as repo:
            repo.add_feedback([it.feedback for _, it in items])
            repo.save_analyses([(int(p.id), it.analysis) for p, it in items if it.analysis])
            Empathica(settings, repository=repo).personas("customer")
            uses: list[tuple[str, Callable[[Empathica, datetime], Any]]] = [
                ("personas", lambda s, _: s.personas("customer")),
                ("empathy map", lambda s, _: s.empathy_map(customers)),
                ("what changed: personas", lambda s, t: s.persona_changes("customer", days=days, now=t)),
                ("what changed: map", lambda s, t: s.map_changes(customers, days=days, now=t)),
            ]
            out = []
            for name, use in uses:
                fresh: list[Empathica] = []

                def cold(u: Callable[[Empathica, datetime], Any] = use, kept: list[Empathica] = fresh) -> Any:
                    kept.append(Empathica(settings, repository=repo))
                    return u(kept[-1], now)

                def warm(u: Callable[[Empathica, datetime], Any] = use, kept: list[Empathica] = fresh) -> Any:
                    return u(kept[-1], now + timedelta(minutes=1))

                t_cold, _ = median_time(cold, repeats)
                t_warm, _ = median_time(warm, repeats)
                out.append((name, t_cold, t_warm))
            return out


def what_changed(items: list[tuple[PersonaItem, StoredItem]], now: Any, n: int) -> None:
    """The work of a "what changed" view: personas and map before the last items, and the diffs.

    As in the service, the two maps share the readings of the items they have in common.
    """
    cut = START + timedelta(minutes=n - 0.5)
    recent = {p.id for p, _ in items[n:]}
    then = build_personas([p for p, _ in items[:n]], previous=now)
    diff_personas(
        then, now, {p.id: p for p, _ in items}, recent, kind="customer", since=cut, until=cut, days=7
    )
    stored = [s for _, s in items]
    readings = read_items(stored)
    old_map = build_empathy_map(stored[:n], title="C", per_section=50, readings=readings[:n])
    new_map = build_empathy_map(stored, title="C", per_section=50, readings=readings)
    diff_maps(old_map, new_map, since=cut, until=cut, days=7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--store", action="store_true", help="also time the use cases over SQLite, cold and warm"
    )
    args = parser.parse_args()
    print("Wall time, CPU time in brackets.\n")
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
            f"| {n:,} | {len(personas)} ({kept} kept after +{args.new}) | {t_p} | {t_m} "
            f"| {t_rp} | {t_rm} | {t_c} |",
            flush=True,
        )
    if args.store:
        n = min(int(s) for s in args.sizes.split(","))
        print(f"\nOver SQLite, {n:,} + {args.new:,} items: a fresh service (cold), then again (warm)\n")
        print("| use case | cold | warm |")
        print("|---|---|---|")
        for name, cold, warm in store_timings(n, args.new, args.repeats):
            print(f"| {name} | {cold} | {warm} |", flush=True)


if __name__ == "__main__":
    main()
