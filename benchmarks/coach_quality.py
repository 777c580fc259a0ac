"""Coach quality and speed: mechanisms on EPITOME dev, behaviours on our own pairs, real agents on TWCS.

    python benchmarks/coach_quality.py --epitome /work/shared/data/epitome --own benchmarks/data/coach
    python benchmarks/coach_quality.py --own benchmarks/data/coach --holdout     # once, at the end
    python benchmarks/coach_quality.py --twcs /work/shared/data/twcs_sample_pairs

Prints per-mechanism macro-F1 and confusion matrices on EPITOME dev (a different domain: Reddit
mental-health support; measurement only, the shipped model never saw it), mechanism macro-F1 on
our own peer-support replies, assembled and free-form (dev; holdout with ``--holdout``),
per-behaviour macro-F1 and empathy_needed accuracy on our own dev pairs (and holdout with
``--holdout``), mechanism macro-F1 on the same, the mean coach score of real agents' replies
on TWCS dev, and speed (assessments/s, median ms).
Customer messages go through the real analyzer, so empathy_needed and causes are predicted,
not read from the labels.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from empathica.domain import Analysis, EmpathyAssessment  # noqa: E402
from empathica.pipeline.factory import build_analyzer  # noqa: E402
from empathica.respond.behaviours import BEHAVIOUR_NAMES  # noqa: E402
from empathica.respond.coach import Coach  # noqa: E402
from empathica.respond.mechanisms import MECHANISMS  # noqa: E402


def macro_f1(gold: Sequence[Any], pred: Sequence[Any]) -> float:
    labels = sorted(set(gold) | set(pred), key=str)
    scores = []
    for c in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else 0.0


def score_pairs(
    coach: Coach, analyzer: Any, pairs: Sequence[tuple[str, str]], names: Sequence[str | None] | None = None
) -> list[EmpathyAssessment]:
    """Assess (customer text, reply) pairs end to end: analyse the customers, then coach the replies.

    The function the lead can reuse to compare real agent replies with our drafts.
    """
    customers: list[Analysis] = analyzer.analyze([c for c, _ in pairs])
    return coach.assess_many(list(zip(customers, [r for _, r in pairs], strict=True)), names=names)


def epitome(coach: Coach, folder: Path) -> None:
    rows: dict[str, list[dict[str, str]]] = {}
    for m in MECHANISMS:
        with (folder / m / "dev.csv").open(encoding="utf-8") as f:
            rows[m] = list(csv.DictReader(f))
    n = len(rows[MECHANISMS[0]])
    print(f"\nEPITOME dev (Reddit, {n} pairs; measurement only)")
    for m in MECHANISMS:
        replies = [r["response_post"] for r in rows[m]]
        pred = coach._mechanisms(replies)  # mechanisms read the reply only
        got = [getattr(p, m) for p in pred]
        gold = [int(r["level"]) for r in rows[m]]
        acc = float(np.mean([g == p for g, p in zip(gold, got, strict=True)]))
        dist = {lv: got.count(lv) for lv in (0, 1, 2)}
        print(f"  {m:20s} macro-F1 {macro_f1(gold, got):.3f}  accuracy {acc:.3f}  predicted levels {dist}")
        print_confusion(gold, got)


def print_confusion(gold: Sequence[int], pred: Sequence[int]) -> None:
    """Rows gold level, columns predicted level: which levels the heads mix up."""
    cm = np.zeros((3, 3), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        cm[g, p] += 1
    print("      gold\\pred    0    1    2")
    for lv in range(3):
        print(f"      {lv:9d} " + " ".join(f"{v:4d}" for v in cm[lv]))


def peer(
    coach: Coach, folder: Path, split: str, name: str = "peer.jsonl", title: str = "peer-support"
) -> None:
    """Our own peer-support replies (mechanism labels only; the reply alone is read)."""
    path = folder / name
    if not path.is_file():
        return
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    rows = [r for r in rows if r["split"] == split and "seeker" in r]
    if not rows:
        return
    pred = coach._mechanisms([r["reply"] for r in rows])
    print(f"\nown {title} {split} ({len(rows)} replies, {len({r['seeker'] for r in rows})} posts)")
    for m in MECHANISMS:
        gold = [r["mechanisms"][m] for r in rows]
        got = [getattr(p, m) for p in pred]
        print(f"  {m:20s} macro-F1 {macro_f1(gold, got):.3f}")


def own(coach: Coach, analyzer: Any, folder: Path, split: str) -> None:
    rows = [json.loads(x) for x in (folder / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if x]
    rows = [r for r in rows if r["split"] == split]
    t0 = time.perf_counter()
    got = score_pairs(coach, analyzer, [(r["customer"], r["reply"]) for r in rows],
                      [r.get("customer_name") for r in rows])  # fmt: skip
    secs = time.perf_counter() - t0
    print(f"\nown {split} ({len(rows)} pairs, {len({r['message_id'] for r in rows})} customer messages)")
    f1s = []
    for b in BEHAVIOUR_NAMES:
        gold = [r["behaviours"][b] for r in rows]
        pred = [getattr(a.behaviours, b) for a in got]
        f1s.append(macro_f1(gold, pred))
        print(f"  {b:22s} macro-F1 {f1s[-1]:.3f}  (gold positives {sum(gold)}/{len(gold)})")
    print(f"  {'mean of behaviours':22s} macro-F1 {float(np.mean(f1s)):.3f}")
    for m in MECHANISMS:
        gold = [r["mechanisms"][m] for r in rows]
        pred = [getattr(a.mechanisms, m) for a in got]
        print(f"  {m:22s} macro-F1 {macro_f1(gold, pred):.3f}")
    need_gold = [r["empathy_needed"] for r in rows]
    need_pred = [a.empathy_needed for a in got]
    acc = float(np.mean([g == p for g, p in zip(need_gold, need_pred, strict=True)]))
    print(f"  empathy_needed accuracy {acc:.3f}  macro-F1 {macro_f1(need_gold, need_pred):.3f}")
    by_q: dict[str, list[int]] = {}
    for r, a in zip(rows, got, strict=True):
        by_q.setdefault(f"{r['empathy_needed']}/{r['quality']}", []).append(a.score)
    print("  mean score by need/quality: " + ", ".join(
        f"{k} {statistics.mean(v):.0f}" for k, v in sorted(by_q.items())))  # fmt: skip
    print(f"  (analysis + coaching of the split: {secs:.1f}s)")


def twcs(coach: Coach, analyzer: Any, folder: Path) -> None:
    """Real agents' replies vs our offline drafts for the same customer tweets (social channel)."""
    from empathica.respond.composer import compose
    from empathica.respond.playbook import load_playbook
    from empathica.taxonomy import load_taxonomy

    with (folder / "dev.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pairs = [(r["customer_text"], r["agent_text"]) for r in rows if r["agent_text"].strip()]
    got = score_pairs(coach, analyzer, pairs)
    book = load_playbook(None, [label.name for label in load_taxonomy().causes])
    customers = analyzer.analyze([c for c, _ in pairs])
    drafts = [compose(a, book, channel="social").text for a in customers]
    ours = coach.assess_many(list(zip(customers, drafts, strict=True)))
    # Chat drafts too: social drafts never ask an exploring question (a question in public invites
    # the details there), chat drafts may, so explorations show up only here.
    chats = [compose(a, book, channel="chat").text for a in customers]
    ours_chat = coach.assess_many(list(zip(customers, chats, strict=True)))
    needs = {k: sum(1 for a in got if a.empathy_needed == k) for k in ("none", "some", "high")}
    for name, verdicts in (
        ("real agent replies", got),
        ("Empathica offline drafts (social)", ours),
        ("Empathica offline drafts (chat)", ours_chat),
    ):
        scores = [a.score for a in verdicts]
        m = [v.mechanisms for v in verdicts]
        print(f"\nTWCS dev {name} ({len(pairs)} pairs): mean coach score {statistics.mean(scores):.1f}, "
              f"median {statistics.median(scores):.0f}; mean mechanism levels (0-2) "
              f"ER {statistics.mean(x.emotional_reactions for x in m):.2f}, "
              f"IP {statistics.mean(x.interpretations for x in m):.2f}, "
              f"EX {statistics.mean(x.explorations for x in m):.2f}")  # fmt: skip
    print(f"empathy_needed of the customer tweets: {needs}")
    better = sum(o.score > g.score for o, g in zip(ours, got, strict=True))
    print(f"our social draft scored higher on {better}/{len(pairs)} tweets")
    better = sum(o.score > g.score for o, g in zip(ours_chat, got, strict=True))
    print(f"our chat draft scored higher on {better}/{len(pairs)} tweets")


def speed(coach: Coach, analyzer: Any, folder: Path) -> None:
    rows = [json.loads(x) for x in (folder / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if x]
    rows = [r for r in rows if r["split"] == "dev"]
    customers = analyzer.analyze([r["customer"] for r in rows])
    pairs = list(zip(customers, [r["reply"] for r in rows], strict=True))
    coach.assess_many(pairs[:8])  # warm-up
    times = []
    for c, r in pairs:
        t0 = time.perf_counter()
        coach.assess(c, r)
        times.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    coach.assess_many(pairs)
    batch = time.perf_counter() - t0
    long_reply = " ".join(r["reply"] for r in rows) * 5
    t0 = time.perf_counter()
    coach.assess(customers[0], long_reply)
    long_ms = (time.perf_counter() - t0) * 1000
    print(
        f"\nspeed: one at a time median {statistics.median(times):.1f} ms; batch of {len(pairs)}: "
        f"{len(pairs) / batch:.0f} assessments/s; one {len(long_reply):,}-character reply {long_ms:.0f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Coach quality and speed")
    ap.add_argument("--epitome", type=Path)
    ap.add_argument("--own", type=Path)
    ap.add_argument("--holdout", action="store_true", help="also report the holdout split (once, at the end)")
    ap.add_argument("--twcs", type=Path)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args(argv)
    analyzer = build_analyzer(threads=args.threads)
    encoder = analyzer.pipeline.stage("encode").encoder  # type: ignore[union-attr]
    coach = Coach.load(encoder)
    print(f"coach model {coach.version}")
    if args.epitome:
        epitome(coach, args.epitome)
    if args.own:
        own(coach, analyzer, args.own, "dev")
        peer(coach, args.own, "dev")
        peer(coach, args.own, "dev", "peer_freeform.jsonl", "free-form peer-support")
        if args.holdout:
            own(coach, analyzer, args.own, "holdout")
            peer(coach, args.own, "holdout")
            peer(coach, args.own, "holdout", "peer_freeform.jsonl", "free-form peer-support")
        speed(coach, analyzer, args.own)
    if args.twcs:
        twcs(coach, analyzer, args.twcs)


if __name__ == "__main__":
    main()
