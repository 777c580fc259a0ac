"""Emotion quality and speed of the RUNTIME path (ONNX encoder + numpy heads) on GoEmotions dev.

Reports macro- and micro-F1 for the 28 GoEmotions labels, the 7 Ekman labels and the 4
sentiment groups (positive / negative / ambiguous / neutral), the expected calibration error
(ECE) of each head's scores, per-label F1, batch throughput and single-item latency.

Predictions are exactly what the pipeline stores: the ``labels`` of the stage's ``LabelScores``
(thresholds from the bundle, tuned on a held-out slice of TRAIN; dev is only read here). The
group prediction is the group head over its thresholds, with the same at-least-one rule; the
stage's 4-way ``sentiment`` is scored too, against gold derived the same way (both positive and
negative -> mixed, ambiguous -> neutral).

    python benchmarks/emotion_quality.py --data ../shared/data/goemotions [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from empathica.domain import EKMAN_LABELS, GOEMOTIONS_LABELS
from empathica.pipeline.base import Batch
from empathica.pipeline.heads import decide
from empathica.pipeline.models import bundled_model_dir
from empathica.pipeline.stages.emotion import GROUP_LABELS, load_model

ECE_BINS = 15


def read_split(folder: Path, split: str, order: tuple[str, ...], limit: int) -> tuple[list[str], np.ndarray]:
    """Texts and a multi-hot matrix whose columns follow ``order``."""
    names = [x.strip() for x in (folder / "labels.txt").read_text().splitlines() if x.strip()]
    col = {i: order.index(name) for i, name in enumerate(names)}
    texts, rows = [], []
    for lineno, line in enumerate((folder / f"{split}.tsv").read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 3:
            raise SystemExit(f"{folder / f'{split}.tsv'}:{lineno}: expected 3 tab-separated columns")
        row = np.zeros(len(order), dtype=bool)
        for idx in parts[1].split(","):
            row[col[int(idx)]] = True
        texts.append(parts[0])
        rows.append(row)
        if limit and len(texts) >= limit:
            break
    return texts, np.stack(rows)


def f1_scores(pred: np.ndarray, gold: np.ndarray) -> tuple[np.ndarray, float]:
    tp = (pred & gold).sum(0)
    fp = (pred & ~gold).sum(0)
    fn = (~pred & gold).sum(0)
    per_label = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    micro = 2 * tp.sum() / max(2 * tp.sum() + fp.sum() + fn.sum(), 1)
    return per_label, float(micro)


def ece(probs: np.ndarray, gold: np.ndarray, bins: int = ECE_BINS) -> float:
    """Binary ECE over every (item, label) score: how far scores are from observed frequencies."""
    p, y = probs.ravel(), gold.ravel().astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            total += m.mean() * abs(p[m].mean() - y[m].mean())
    return float(total)


def sentiment_of(groups: np.ndarray) -> list[str]:
    pos, neg = groups[:, GROUP_LABELS.index("positive")], groups[:, GROUP_LABELS.index("negative")]
    return [
        "mixed" if p and q else "positive" if p else "negative" if q else "neutral"
        for p, q in zip(pos, neg, strict=True)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="GoEmotions folder with original/, ...")
    parser.add_argument("--limit", type=int, default=0, help="only the first N dev items")
    parser.add_argument("--model-dir", type=Path, default=None, help="bundle folder (default: bundled)")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--latency-items", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "emotion_quality.json")
    args = parser.parse_args()

    model_dir = args.model_dir or bundled_model_dir()
    texts, gold28 = read_split(args.data / "original", "dev", GOEMOTIONS_LABELS, args.limit)
    _, gold_ek = read_split(args.data / "ekman", "dev", EKMAN_LABELS, args.limit)
    _, gold_gr = read_split(args.data / "group", "dev", GROUP_LABELS, args.limit)

    encode, emotion = load_model(model_dir, threads=args.threads, batch_size=args.batch_size)
    encode(Batch.of(texts[:64]))  # warm-up: first run allocates and plans
    t0, c0 = time.perf_counter(), time.process_time()
    out = emotion(encode(Batch.of(texts)))
    batch_seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0

    latencies = []
    for text in texts[: args.latency_items]:
        t = time.perf_counter()
        emotion(encode(Batch.of([text])))
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()

    probs = emotion.heads.predict(np.asarray(out["features"]))
    pred28 = np.array([[lb in ls.labels for lb in GOEMOTIONS_LABELS] for ls in out["emotions"]])
    pred_ek = np.array([[lb in ls.labels for lb in EKMAN_LABELS] for ls in out["ekman"]])
    group_head = emotion.heads.groups["group"]
    cols = [group_head.index(lb) for lb in GROUP_LABELS]
    pred_gr = decide(probs["group"], group_head.thresholds)[:, cols]

    def scores_in(order: tuple[str, ...], name: str) -> np.ndarray:
        g = emotion.heads.groups[name]
        return probs[name][:, [g.index(lb) for lb in order]]

    results: dict[str, Any] = {"model_dir": str(model_dir), "model_version": emotion.model_version,
                               "items": len(texts), "threads": args.threads or os.cpu_count()}  # fmt: skip
    per_label: dict[str, dict[str, float]] = {}
    for name, order, pred, gold in (
        ("goemotions28", GOEMOTIONS_LABELS, pred28, gold28),
        ("ekman", EKMAN_LABELS, pred_ek, gold_ek),
        ("group", GROUP_LABELS, pred_gr, gold_gr),
    ):
        f1, micro = f1_scores(pred, gold)
        head = {"goemotions28": "emotions", "ekman": "ekman", "group": "group"}[name]
        results[name] = {
            "macro_f1": round(float(f1.mean()), 4),
            "micro_f1": round(micro, 4),
            "ece": round(ece(scores_in(order, head), gold), 4),
        }
        per_label[name] = {lb: round(float(v), 4) for lb, v in zip(order, f1, strict=True)}
    gold_sent, pred_sent = sentiment_of(gold_gr), list(out["sentiment"])
    classes = ("positive", "negative", "neutral", "mixed")
    sent_f1 = []
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold_sent, pred_sent, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold_sent, pred_sent, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold_sent, pred_sent, strict=True))
        sent_f1.append(2 * tp / max(2 * tp + fp + fn, 1))
    results["sentiment4"] = {
        "accuracy": round(sum(g == p for g, p in zip(gold_sent, pred_sent, strict=True)) / len(texts), 4),
        "macro_f1": round(statistics.fmean(sent_f1), 4),
    }
    results["speed"] = {
        "batch_items_per_s": round(len(texts) / batch_seconds, 1),
        # CPU time is less sensitive than wall time to other jobs on a shared machine.
        "batch_items_per_cpu_s": round(len(texts) / max(cpu_seconds, 1e-9), 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "batch_size": args.batch_size,
        "single_p50_ms": round(latencies[len(latencies) // 2], 2),
        "single_p95_ms": round(latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 2),
    }
    results["per_label_f1"] = per_label

    print(f"model {emotion.model_version}  dev items {len(texts)}")
    print(f"{'taxonomy':<14}{'macro-F1':>10}{'micro-F1':>10}{'ECE':>8}")
    for name in ("goemotions28", "ekman", "group"):
        r = results[name]
        print(f"{name:<14}{r['macro_f1']:>10.4f}{r['micro_f1']:>10.4f}{r['ece']:>8.4f}")
    s = results["sentiment4"]
    print(f"{'sentiment4':<14}{s['macro_f1']:>10.4f}  (accuracy {s['accuracy']:.4f})")
    sp = results["speed"]
    print(f"speed: {sp['batch_items_per_s']} items/s (batch {sp['batch_size']}; "
          f"{sp['batch_items_per_cpu_s']} per CPU-second, load {sp['load_average_1min']}), "
          f"single item p50 {sp['single_p50_ms']} ms, p95 {sp['single_p95_ms']} ms")  # fmt: skip
    print("per-label F1 (28):")
    for lb, v in sorted(per_label["goemotions28"].items(), key=lambda kv: -kv[1]):
        print(f"  {lb:<16}{v:.4f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
