"""Train the coach's mechanism heads (ER / IP / EX, 0-1-2) and write the empathy-coach bundle.

Data, all license-clean (EPITOME is never read here: it is non-commercial, so it only measures):
- our own labelled pairs (``--own``, benchmarks/data/coach/pairs.jsonl, split "train" only) and our
  own peer-support replies (``--peer``, default ``peer.jsonl`` next to the pairs, split "train"
  only; mechanism labels only). Its 169 context-free replies always train at weight 1.0; its
  replies to our written posts (rows with a ``seeker`` post) train only with ``--peer-weight`` > 0,
  at that weight (default 0: the candidates that trained on them, 0.3 and 1.0, failed the
  shipping rule, see the model card);
- our own free-form peer-support replies (``--freeform``, default ``peer_freeform.jsonl`` next to
  the pairs, split "train" only; written whole, not assembled, GUIDELINES.md) at
  ``--freeform-weight`` (default 1.0), only for the heads named in ``--freeform-heads`` (default
  interpretations and explorations: on the emotional-reactions head they cost our customer-service
  dev split 0.08-0.14, because the two sets draw the ER 1 / 2 line differently); the other heads
  never see those rows;
- weak emotional-reaction / exploration examples from GoEmotions (Apache-2.0, ``--goemotions``):
  comments labelled *caring* are warm reactions (ER 1), questions about "you" labelled
  *curiosity* explore (EX 2), plain neutral statements are level 0 for both;
- weak emotional reactions from the empathic_reactions essays (CC BY 4.0, ``--reactions``):
  high self-rated empathic concern (>= 5.5 of 7) = ER 1, low (<= 2) = ER 0.
Weak examples weigh ``--weak-weight`` (0.3) against 1.0 for our own pairs (class-balanced); a
weak set only trains the head it says something about. The L2 penalty is chosen by 5-fold
cross-validation on our own train pairs (macro-F1); own dev and peer dev are reported, never
fitted. The dev splits chose the input cues; the holdout splits were never used for a choice.

The defaults rebuild the shipped empathy-coach-0.2.0 (bit-identical from the same feature cache);
``--cues base --freeform-weight 0 --version empathy-coach-0.1.0`` is the 0.1.0 recipe (IP / EX
heads equal to 0.1.0's, the ER head close but not bit-identical, see the model card).

Run (CPU, ~2 minutes on idle cores; ~5-17 on two busy ones):
    /opt/trainvenv/bin/python training/train_coach.py --own benchmarks/data/coach \
        --reactions /work/shared/data/empathic_reactions --goemotions /work/shared/data/goemotions
Pure numpy (runs in the project .venv too); the runtime reads the numpy weights.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from empathica.pipeline.models import bundled_model_dir  # noqa: E402
from empathica.pipeline.stages.emotion import load_model  # noqa: E402
from empathica.respond.mechanisms import BASE_CUES, CUE_NAMES, MECHANISMS, cue_features  # noqa: E402

VERSION = "empathy-coach-0.2.0"
INPUTS = ("features", "cues")


def read_own(folder: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in (folder / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]


def read_freeform(path: Path, required: bool) -> list[dict[str, Any]]:
    """Our free-form peer-support replies, checked: a bad row names its line and field."""
    if not path.is_file():
        if required:
            raise SystemExit(f"--freeform {path}: no such file")
        return []
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise SystemExit(f"{path}:{n}: expected a JSON object")
        if row.get("split") not in ("train", "dev", "holdout"):
            raise SystemExit(f"{path}:{n}: split must be train, dev or holdout, got {row.get('split')!r}")
        if not isinstance(row.get("reply"), str) or not row["reply"].strip():
            raise SystemExit(f"{path}:{n}: reply must be a non-empty string")
        levels = row.get("mechanisms")
        for m in MECHANISMS:
            if not isinstance(levels, dict) or levels.get(m) not in (0, 1, 2):
                got = levels.get(m) if isinstance(levels, dict) else levels
                raise SystemExit(f"{path}:{n}: mechanisms.{m} must be 0, 1 or 2, got {got!r}")
        rows.append(row)
    return rows


def weak_goemotions(folder: Path, n_each: int, seed: int) -> list[tuple[str, dict[str, int]]]:
    labels = (folder / "original" / "labels.txt").read_text().split()
    caring, curiosity, neutral = labels.index("caring"), labels.index("curiosity"), labels.index("neutral")
    pos_er: list[str] = []
    pos_ex: list[str] = []
    zero: list[str] = []
    for line in (folder / "original" / "train.tsv").read_text(encoding="utf-8").splitlines():
        text, ids, _ = line.split("\t")
        got = {int(x) for x in ids.split(",")}
        low = text.lower()
        if got == {caring}:
            pos_er.append(text)
        elif curiosity in got and text.rstrip().endswith("?") and " you" in f" {low}":
            pos_ex.append(text)
        elif got == {neutral} and "?" not in text:
            zero.append(text)
    rng = random.Random(seed)
    out: list[tuple[str, dict[str, int]]] = []
    out += [(t, {"emotional_reactions": 1}) for t in rng.sample(pos_er, min(n_each, len(pos_er)))]
    out += [(t, {"explorations": 2}) for t in rng.sample(pos_ex, min(n_each, len(pos_ex)))]
    out += [
        (t, {"emotional_reactions": 0, "explorations": 0}) for t in rng.sample(zero, min(n_each, len(zero)))
    ]
    return out


def weak_reactions(folder: Path) -> list[tuple[str, dict[str, int]]]:
    out: list[tuple[str, dict[str, int]]] = []
    with (folder / "train.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            e = float(row["empathy"])
            if e >= 5.5:
                out.append((row["essay"], {"emotional_reactions": 1}))
            elif e <= 2.0:
                out.append((row["essay"], {"emotional_reactions": 0}))
    return out


def macro_f1(y: np.ndarray, p: np.ndarray, k: int = 3) -> float:
    scores = []
    for c in range(k):
        tp = int(((p == c) & (y == c)).sum())
        fp = int(((p == c) & (y != c)).sum())
        fn = int(((p != c) & (y == c)).sum())
        if tp + fp + fn == 0:
            continue
        scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else 0.0


def softmax_regression(
    x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray, l2: float, steps: int = 400, lr: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted multinomial logistic regression with an L2 penalty, fitted by Adam in numpy.

    Deterministic (zero start, full batch) and fast enough to cross-validate on two busy cores.
    """
    x = np.ascontiguousarray(x, dtype=np.float64)
    d = x.shape[1]
    onehot = np.eye(3, dtype=np.float64)[y]
    sw = sample_weight / sample_weight.sum()
    w = np.zeros((3, d))
    b = np.zeros(3)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    for t in range(1, steps + 1):
        logits = x @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) * sw[:, None]
        gw = g.T @ x + l2 * w
        gb = g.sum(axis=0)
        for param, grad, m_, v_ in ((w, gw, m_w, v_w), (b, gb, m_b, v_b)):
            m_ *= 0.9
            m_ += 0.1 * grad
            v_ *= 0.999
            v_ += 0.001 * grad * grad
            param -= lr * (m_ / (1 - 0.9**t)) / (np.sqrt(v_ / (1 - 0.999**t)) + 1e-8)
    return w.astype(np.float32), b.astype(np.float32)


def stratified_folds(y: np.ndarray, k: int, seed: int) -> list[np.ndarray]:
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    for c in sorted(set(y.tolist())):
        idx = [i for i, v in enumerate(y.tolist()) if v == c]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[j % k].append(i)
    return [np.array(sorted(f), dtype=int) for f in folds]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--own", type=Path, required=True)
    ap.add_argument("--peer", type=Path, help="peer-support rows (default: OWN/peer.jsonl)")
    ap.add_argument(
        "--peer-weight",
        type=float,
        default=0.0,
        help="weight of the replies to our peer-support posts (0: not trained on, as in 0.1.0)",
    )
    ap.add_argument(
        "--freeform", type=Path, help="free-form peer-support rows (default: OWN/peer_freeform.jsonl)"
    )
    ap.add_argument(
        "--freeform-weight",
        type=float,
        default=1.0,
        help="weight of the free-form peer-support replies (0: not trained on, as in 0.1.0)",
    )
    ap.add_argument(
        "--freeform-heads",
        default="interpretations,explorations",
        help="comma-separated mechanisms whose heads train on the free-form replies",
    )
    ap.add_argument(
        "--cues",
        choices=("base", "all"),
        default="all",
        help="lexical cues: base = the 15 of 0.1.0; all = those plus the peer-support cues (0.2.0)",
    )
    ap.add_argument("--version", default=VERSION, help="version written to the manifest")
    ap.add_argument("--reactions", type=Path)
    ap.add_argument("--goemotions", type=Path)
    ap.add_argument("--weak-per-kind", type=int, default=400)
    ap.add_argument("--weak-weight", type=float, default=0.3)
    ap.add_argument("--out", type=Path, default=ROOT / "src/empathica/respond/models/empathy-coach")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)

    t0 = time.time()
    cue_names = BASE_CUES if args.cues == "base" else CUE_NAMES
    own = read_own(args.own)
    train = [r for r in own if r["split"] == "train"]
    peer_path = args.peer or args.own / "peer.jsonl"
    peer: list[dict[str, Any]] = []
    if peer_path.is_file():  # our own peer-support posts and replies (mechanism labels only)
        peer = [json.loads(x) for x in peer_path.read_text(encoding="utf-8").splitlines() if x]
    elif args.peer:
        raise SystemExit(f"--peer {peer_path}: no such file")
    if args.peer_weight < 0:
        raise SystemExit(f"--peer-weight {args.peer_weight}: must be >= 0")
    if args.freeform_weight < 0:
        raise SystemExit(f"--freeform-weight {args.freeform_weight}: must be >= 0")
    ff_heads = tuple(h.strip() for h in args.freeform_heads.split(",") if h.strip())
    unknown = sorted(set(ff_heads) - set(MECHANISMS))
    if unknown or not ff_heads:
        raise SystemExit(
            f"--freeform-heads {args.freeform_heads!r}: name one or more of {', '.join(MECHANISMS)}"
        )
    freeform = read_freeform(
        args.freeform or args.own / "peer_freeform.jsonl", required=args.freeform is not None
    )
    n_own_train = len(train)
    use_posts = args.peer_weight > 0
    train += [r for r in peer if r["split"] == "train" and (use_posts or "seeker" not in r)]
    n_before_ff = len(train)
    if args.freeform_weight > 0:
        train += [r for r in freeform if r["split"] == "train"]
    # a row's weight before class balancing: the replies to our posts weigh --peer-weight, the
    # free-form replies --freeform-weight (and 0, i.e. left out, for the heads not named)
    src_weight = np.array(
        [args.freeform_weight if i >= n_before_ff else args.peer_weight if "seeker" in r else 1.0
         for i, r in enumerate(train)]
    )  # fmt: skip
    is_ff = np.arange(len(train)) >= n_before_ff
    peer_dev = [r for r in peer if r["split"] == "dev"]
    ff_dev = [r for r in freeform if r["split"] == "dev"]
    dev = [r for r in own if r["split"] == "dev"]
    weak: list[tuple[str, dict[str, int]]] = []
    if args.goemotions:
        weak += weak_goemotions(args.goemotions, args.weak_per_kind, args.seed)
    if args.reactions:
        weak += weak_reactions(args.reactions)
    encode_stage, _ = load_model(bundled_model_dir())
    encoder = encode_stage.encoder
    cache_path = ROOT / "training/out/coach_features_cache.npz"
    cache: dict[str, np.ndarray] = {}
    if cache_path.is_file():
        with np.load(cache_path, allow_pickle=False) as data:
            cache = dict(zip([str(k) for k in data["keys"]], data["values"], strict=True))

    def inputs(texts: list[str]) -> np.ndarray:
        """Encoder features (cached on disk by text hash: encoding is the slow part) + cue counts."""
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        todo = [t for t, k in zip(texts, keys, strict=True) if k not in cache]
        if todo:
            feats = encoder.encode(todo).features
            for t, f in zip(todo, feats, strict=True):
                cache[hashlib.sha256(t.encode()).hexdigest()] = f
        feats = np.stack([cache[k] for k in keys]) if keys else np.zeros((0, encoder.feature_dim), np.float32)
        return np.concatenate([feats, cue_features(texts, cue_names)], axis=1)

    x_train = inputs([r["reply"] for r in train])
    x_dev = inputs([r["reply"] for r in dev])
    x_peer_dev = inputs([r["reply"] for r in peer_dev])
    x_ff_dev = inputs([r["reply"] for r in ff_dev])
    x_weak = inputs([t for t, _ in weak]) if weak else np.zeros((0, x_train.shape[1]), np.float32)
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache_path, keys=np.array(list(cache)), values=np.stack(list(cache.values())))
    print(
        f"encoded {len(train)} train ({n_own_train} customer service), {len(dev)} own dev, "
        f"{len(peer_dev)} peer dev, {len(ff_dev)} free-form dev, {len(weak)} weak in {time.time() - t0:.0f}s",
        flush=True,
    )

    mean = x_train.mean(axis=0)
    scale = x_train.std(axis=0) + 1e-3
    z_train, z_dev = (x_train - mean) / scale, (x_dev - mean) / scale
    z_weak = (x_weak - mean) / scale
    z_peer_dev = (x_peer_dev - mean) / scale
    z_ff_dev = (x_ff_dev - mean) / scale

    weights: dict[str, np.ndarray] = {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32)}
    report: dict[str, Any] = {}
    for m in MECHANISMS:
        # the rows this head trains on: all but the free-form replies when it is not named
        rows_m = np.flatnonzero(~is_ff | (m in ff_heads))
        row_weight = src_weight[rows_m]
        z_m = z_train[rows_m]
        y = np.array([train[i]["mechanisms"][m] for i in rows_m], dtype=int)
        y_dev = np.array([r["mechanisms"][m] for r in dev])
        wk = [i for i, (_, lab) in enumerate(weak) if m in lab]
        xw = z_weak[wk]
        yw = np.array([weak[i][1][m] for i in wk], dtype=int)
        # balanced class weights on own data so the rare level 2 / level 1 are not ignored
        # (counted with the row weights; all 1.0 in the 0.1.0 recipe)
        counts = np.bincount(y, weights=row_weight, minlength=3)
        total = float(row_weight.sum())
        cw = {c: (total / (3 * counts[c]) if counts[c] else 1.0) for c in range(3)}

        def fit(
            l2: float,
            xs: np.ndarray,
            ys: np.ndarray,
            rows: np.ndarray,
            xw: np.ndarray = xw,
            yw: np.ndarray = yw,
            cw: dict[int, float] = cw,
            row_weight: np.ndarray = row_weight,
        ) -> tuple[np.ndarray, np.ndarray]:
            own_w = np.array([cw[int(v)] for v in ys]) * row_weight[rows]
            sw = np.concatenate([own_w, np.full(len(yw), args.weak_weight)])
            return softmax_regression(np.concatenate([xs, xw]), np.concatenate([ys, yw]), sw, l2)

        cv_scores: dict[float, float] = {}
        folds = stratified_folds(y, 5, args.seed)
        for l2 in (0.1, 0.03, 0.01, 0.003, 0.001, 0.0003):
            preds = np.zeros_like(y)
            for te in folds:
                tr = np.setdiff1d(np.arange(len(y)), te)
                w_, b_ = fit(l2, z_m[tr], y[tr], tr)
                preds[te] = (z_m[te] @ w_.T + b_).argmax(axis=1)
            cv_scores[l2] = macro_f1(y, preds)
        best_c = max(cv_scores, key=lambda c: (cv_scores[c], c))  # ties: the stronger penalty
        w, b = fit(best_c, z_m, y, np.arange(len(y)))
        weights[f"{m}_weight"] = w
        weights[f"{m}_bias"] = b
        logits = z_dev @ w.T + b
        dev_f1 = macro_f1(y_dev, logits.argmax(axis=1))
        y_peer_dev = np.array([r["mechanisms"][m] for r in peer_dev], dtype=int)
        peer_f1 = macro_f1(y_peer_dev, (z_peer_dev @ w.T + b).argmax(axis=1)) if peer_dev else float("nan")
        y_ff_dev = np.array([r["mechanisms"][m] for r in ff_dev], dtype=int)
        ff_f1 = macro_f1(y_ff_dev, (z_ff_dev @ w.T + b).argmax(axis=1)) if ff_dev else float("nan")
        report[m] = {
            "l2": best_c,
            "cv_macro_f1": round(cv_scores[best_c], 4),
            "own_dev_macro_f1": round(dev_f1, 4),
            "peer_dev_macro_f1": round(peer_f1, 4),
            "freeform_dev_macro_f1": round(ff_f1, 4),
            "train_rows": len(rows_m),
            "weak_examples": len(wk),
        }
        print(m, report[m], flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "heads.npz", **weights)
    digest = hashlib.sha256((args.out / "heads.npz").read_bytes()).hexdigest()[:16]
    manifest = {
        "name": "empathy-coach",
        "version": args.version,
        "encoder": encoder.model_version,
        "inputs": list(INPUTS),
        "cues": list(cue_names),
        "mechanisms": list(MECHANISMS),
        "levels": [0, 1, 2],
        "heads_sha256_16": digest,
        "training": {
            "own_train_pairs": n_own_train,
            "peer_train_rows": n_before_ff - n_own_train,
            "freeform_train_rows": int(is_ff.sum()),
            "freeform_weight": args.freeform_weight,
            "freeform_heads": list(ff_heads) if args.freeform_weight > 0 else [],
            "freeform_dev_rows": len(ff_dev),
            "peer_weight": args.peer_weight,
            "peer_dev_rows": len(peer_dev),
            "own_dev_pairs": len(dev),
            "weak_examples": len(weak),
            "weak_weight": args.weak_weight,
            "weak_per_kind": args.weak_per_kind,
            "data": {
                "own": str(args.own),
                "peer": str(peer_path),
                "freeform": str(args.freeform or args.own / "peer_freeform.jsonl"),
                "goemotions": str(args.goemotions),
                "reactions": str(args.reactions),
            },
            "seed": args.seed,
            "report": report,
            "seconds": round(time.time() - t0),
        },
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
