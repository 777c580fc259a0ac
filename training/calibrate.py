"""Calibrates the heads and tunes thresholds on the held-out slice of TRAIN, through the runtime.

Why through the runtime: the shipped encoder is int8-quantised, which shifts scores a little;
fitting calibration and thresholds on what ``empathica.pipeline.encoder`` actually produces keeps
the decisions honest. The dev split is never read here.

Steps: encode the held-out texts with the bundle's encoder; logits = features @ W.T + b;
Platt-scale each output (a * logit + c, fitted by Newton steps with a weak prior towards a=1,
c=0) and fold that into W and b; then pick per label the threshold that maximises F1 on the
held-out slice (labels with too few positives keep a fixed 0.5 fallback-free threshold grid).

    python training/calibrate.py --bundle training/out/run/bundle --data ../shared/data/goemotions \
        --heldout training/out/run/heldout_ids.txt
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from goemotions import load_split

from empathica.pipeline.encoder import Encoder, read_manifest
from empathica.pipeline.heads import decide

GRID = np.round(np.arange(0.02, 0.96, 0.01), 2)
MIN_POSITIVES = 5


def platt(
    logits: np.ndarray, y: np.ndarray, iters: int = 50, prior: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Per-column (a, c) minimising log-loss of sigmoid(a*z + c) plus prior*((a-1)^2 + c^2)/2."""
    k = logits.shape[1]
    a = np.ones(k)
    c = np.zeros(k)
    z = logits.astype(np.float64)
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(a * z + c)))
        r = p - y
        w = p * (1 - p)
        ga = (r * z).sum(0) + prior * (a - 1)
        gc = r.sum(0) + prior * c
        haa = (w * z * z).sum(0) + prior
        hac = (w * z).sum(0)
        hcc = w.sum(0) + prior
        det = haa * hcc - hac * hac
        a -= (hcc * ga - hac * gc) / det
        c -= (haa * gc - hac * ga) / det
    return a, c


def best_thresholds(probs: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Threshold per column maximising F1 on (probs, y); returns thresholds and their F1."""
    th = np.full(probs.shape[1], 0.5)
    f1s = np.zeros(probs.shape[1])
    for j in range(probs.shape[1]):
        if y[:, j].sum() < MIN_POSITIVES:
            continue
        pred = probs[:, j][:, None] >= GRID[None, :]
        tp = (pred & (y[:, j][:, None] > 0)).sum(0)
        fp = (pred & (y[:, j][:, None] == 0)).sum(0)
        fn = (y[:, j] > 0).sum() - tp
        f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
        best = int(np.argmax(f1))
        th[j], f1s[j] = GRID[best], f1[best]
    return th, f1s


def macro_f1(passed: np.ndarray, y: np.ndarray) -> float:
    tp = (passed & (y > 0)).sum(0)
    fp = (passed & (y == 0)).sum(0)
    fn = ((~passed) & (y > 0)).sum(0)
    return float(np.mean(2 * tp / np.maximum(2 * tp + fp + fn, 1)))


def calibrate(bundle: Path, data: Path, heldout_ids: set[str], threads: int = 0) -> dict[str, float]:
    split = load_split(data, "train")
    rows = [i for i, cid in enumerate(split.ids) if cid in heldout_ids]
    texts = [split.texts[i] for i in rows]
    manifest = read_manifest(bundle)
    taxonomy = {"emotions": "original", "ekman": "ekman", "group": "group"}
    y = np.zeros((len(rows), sum(len(h["labels"]) for h in manifest["heads"].values())), dtype=np.float32)
    for name, spec in manifest["heads"].items():
        names = split.names[taxonomy[name]]
        src = split.labels[taxonomy[name]][rows]
        for j, label in enumerate(spec["labels"]):
            y[:, spec["offset"] + j] = src[:, names.index(label)]

    encoder = Encoder.load(bundle, threads=threads)
    feats = encoder.encode(texts).features
    with np.load(bundle / "heads.npz") as d:
        weight, bias = d["weight"].astype(np.float64), d["bias"].astype(np.float64)
    logits = feats.astype(np.float64) @ weight.T + bias
    a, c = platt(logits, y)
    weight = weight * a[:, None]
    bias = bias * a + c
    np.savez(bundle / "heads.npz", weight=weight.astype(np.float32), bias=bias.astype(np.float32))
    probs = 1.0 / (1.0 + np.exp(-(feats.astype(np.float64) @ weight.T + bias)))

    thresholds: dict[str, dict[str, float]] = {}
    report: dict[str, float] = {}
    for name, spec in manifest["heads"].items():
        sl = slice(spec["offset"], spec["offset"] + len(spec["labels"]))
        th, _ = best_thresholds(probs[:, sl], y[:, sl])
        thresholds[name] = {label: float(t) for label, t in zip(spec["labels"], th, strict=True)}
        report[f"heldout_macro_f1_{name}"] = macro_f1(decide(probs[:, sl], th.astype(np.float32)), y[:, sl])
    manifest["thresholds"] = thresholds
    manifest["calibration"] = {
        "method": "Platt scaling per output, folded into heads.npz",
        "thresholds": "per label, max F1 on the held-out slice of train",
        "heldout_items": len(rows),
        **{k: round(v, 4) for k, v in report.items()},
    }
    (bundle / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--heldout", type=Path, required=True, help="file of held-out comment ids")
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    ids = set(args.heldout.read_text().split())
    print(json.dumps(calibrate(args.bundle, args.data, ids, args.threads), indent=2))


if __name__ == "__main__":
    main()
