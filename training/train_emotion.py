"""Trains the emotion model and writes the runtime bundle.

Model: all-MiniLM-L6-v2 with its bottom ``6 - tune`` layers frozen, the top ``tune`` layers
fine-tuned, mean pooling and one linear multi-task head (28 GoEmotions + 7 Ekman + 4 sentiment
groups), multi-label BCE with per-label positive weights sqrt(neg/pos) (capped). The frozen part
runs once over the corpus and its hidden states are cached, so each epoch only pays for the
tuned layers: on a CPU keep ``--tune-layers`` at 0-2, on a GPU any value is quick.

10% of TRAIN (by comment id, seeded) is held out: it picks the best epoch and, after export,
calibrates the heads and tunes thresholds through the ONNX runtime (``calibrate.py``). The dev
split is not read here; ``benchmarks/emotion_quality.py`` reports it once.

    python training/train_emotion.py --data ../shared/data/goemotions --out training/out/run
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from calibrate import best_thresholds, calibrate, macro_f1
from export_encoder import default_base_dir, write_bundle
from goemotions import load_split
from minibert import EmotionModel, load_minilm
from torch import nn

HEADS = {"emotions": "original", "ekman": "ekman", "group": "group"}


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def tokenize(tokenizer_path: Path, texts: list[str], max_length: int) -> list[list[int]]:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length)
    return [e.ids for e in tok.encode_batch(texts)]


def pad(seqs: list[list[int]], device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(s) for s in seqs)
    ids = torch.zeros((len(seqs), width), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
    return ids.to(device), (ids != 0).long().to(device)


def length_batches(lengths: np.ndarray, batch_size: int, rng: np.random.Generator | None) -> list[np.ndarray]:
    """Batches of similar length (less padding); shuffled in chunks when ``rng`` is given."""
    idx = np.arange(len(lengths))
    if rng is None:
        idx = idx[np.argsort(lengths, kind="stable")]
        return [idx[i : i + batch_size] for i in range(0, len(idx), batch_size)]
    idx = rng.permutation(idx)
    chunk = batch_size * 50
    batches = []
    for s in range(0, len(idx), chunk):
        part = idx[s : s + chunk]
        part = part[np.argsort(lengths[part], kind="stable")]
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)  # type: ignore[arg-type]
    return batches


class Cache:
    """Hidden states after the frozen layers, one [len, 384] tensor per text (fp16)."""

    def __init__(
        self, model: EmotionModel, ids: list[list[int]], device: torch.device, bs: int = 256
    ) -> None:
        self.states: list[torch.Tensor] = [torch.empty(0)] * len(ids)
        lengths = np.array([len(s) for s in ids])
        model.eval()
        for batch in length_batches(lengths, bs, None):
            input_ids, mask = pad([ids[i] for i in batch], device)
            h = model.prefix(input_ids, mask).half()
            for j, i in enumerate(batch):
                self.states[i] = h[j, : lengths[i]].clone()
        self.lengths = lengths

    def batch(self, rows: np.ndarray, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        width = int(self.lengths[rows].max())
        h = torch.zeros((len(rows), width, self.states[rows[0]].shape[-1]), device=device)
        mask = torch.zeros((len(rows), width), dtype=torch.long, device=device)
        for j, i in enumerate(rows):
            n = int(self.lengths[i])
            h[j, :n] = self.states[i].float()
            mask[j, :n] = 1
        return h, mask


def predict(model: EmotionModel, cache: Cache, rows: np.ndarray, device: torch.device) -> np.ndarray:
    model.eval()
    out = np.zeros((len(rows), model.head.out_features), dtype=np.float32)
    with torch.no_grad():
        for batch in length_batches(cache.lengths[rows], 512, None):
            h, mask = cache.batch(rows[batch], device)
            out[batch] = torch.sigmoid(model.forward_from_prefix(h, mask)).float().cpu().numpy()
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True, help="folder with original/, ekman/, group/")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--base", type=Path, default=None, help="all-MiniLM-L6-v2 folder (default: gt package)")
    p.add_argument("--tune-layers", type=int, default=3)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-5, help="learning rate of the tuned layers")
    p.add_argument("--head-lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--pos-weight-cap", type=float, default=10.0, help="0 disables class weighting")
    p.add_argument("--heldout", type=float, default=0.1)
    p.add_argument("--max-length", type=int, default=128)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--device", default="auto")
    p.add_argument("--version", default=None, help="model_version string (default: derived)")
    p.add_argument("--embedding-branch", choices=["original", "tuned", "shared"], default="original")
    p.add_argument("--no-quantize", action="store_true")
    p.add_argument("--threads", type=int, default=0, help="torch / ONNX Runtime threads (0: default)")
    p.add_argument("--limit", type=int, default=0, help="use only the first N train rows (smoke tests)")
    args = p.parse_args()

    started = time.time()
    set_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(
        ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    )
    torch.backends.cuda.matmul.allow_tf32 = True
    base_dir = args.base or default_base_dir()
    args.out.mkdir(parents=True, exist_ok=True)

    split = load_split(args.data, "train")
    if args.limit:
        split.texts, split.ids = split.texts[: args.limit], split.ids[: args.limit]
        split.labels = {k: v[: args.limit] for k, v in split.labels.items()}
    heads = {name: split.names[tax] for name, tax in HEADS.items()}
    y = np.concatenate([split.labels[tax] for tax in HEADS.values()], axis=1)
    unique_ids = sorted(set(split.ids))
    rng = np.random.default_rng(args.seed)
    held = set(rng.permutation(unique_ids)[: int(len(unique_ids) * args.heldout)].tolist())
    is_held = np.array([cid in held for cid in split.ids])
    train_rows, held_rows = np.flatnonzero(~is_held), np.flatnonzero(is_held)
    (args.out / "heldout_ids.txt").write_text("\n".join(sorted(held)) + "\n")
    print(f"train {len(train_rows)}  held-out {len(held_rows)}  device {device}", flush=True)

    ids = tokenize(base_dir / "tokenizer.json", split.texts, args.max_length)
    base = load_minilm(base_dir)
    model = EmotionModel(base, args.tune_layers, y.shape[1]).to(device)
    base = base.to(device)
    t0 = time.time()
    cache = Cache(model, ids, device)
    print(f"cached frozen states in {time.time() - t0:.0f}s", flush=True)

    pos = y[train_rows].sum(0)
    neg = len(train_rows) - pos
    if args.pos_weight_cap > 0:
        pw = np.clip(np.sqrt(neg / np.maximum(pos, 1)), 1.0, args.pos_weight_cap)
    else:
        pw = np.ones_like(pos)
    loss_fn = nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pw, dtype=torch.float32, device=device))
    groups = [{"params": list(model.head.parameters()), "lr": args.head_lr, "weight_decay": 0.0}]
    if args.tune_layers:
        groups.append({"params": list(model.tuned.parameters()), "lr": args.lr})
    opt = torch.optim.AdamW(groups, weight_decay=args.weight_decay)
    steps_per_epoch = -(-len(train_rows) // args.batch_size)
    total = steps_per_epoch * args.epochs
    warmup = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    y_t = torch.tensor(y, dtype=torch.float32)
    batch_rng = np.random.default_rng(args.seed + 1)

    def trainable_state() -> dict[str, torch.Tensor]:
        state = model.state_dict().items()
        return {k: v.detach().clone() for k, v in state if k.startswith(("tuned", "head"))}

    best: tuple[float, int, dict[str, torch.Tensor]] | None = None
    history = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0, running = time.time(), 0.0
        for batch in length_batches(cache.lengths[train_rows], args.batch_size, batch_rng):
            rows = train_rows[batch]
            h, mask = cache.batch(rows, device)
            loss = loss_fn(model.forward_from_prefix(h, mask), y_t[rows].to(device))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            running += loss.item()
        probs = predict(model, cache, held_rows, device)
        scores = {}
        for name, spec_labels in heads.items():
            off = sum(len(heads[n]) for n in list(heads)[: list(heads).index(name)])
            sl = slice(off, off + len(spec_labels))
            th, _ = best_thresholds(probs[:, sl], y[held_rows][:, sl])
            scores[name] = macro_f1(probs[:, sl] >= th[None, :], y[held_rows][:, sl])
        mean = float(np.mean(list(scores.values())))
        seconds = time.time() - t0
        history.append({"epoch": epoch, "loss": running / steps_per_epoch, **scores, "seconds": seconds})
        print(json.dumps(history[-1]), flush=True)
        if best is None or mean > best[0]:
            best = (mean, epoch, trainable_state())
    assert best is not None
    model.load_state_dict(best[2], strict=False)
    model = model.cpu().eval()
    base = base.cpu().eval()
    train_seconds = time.time() - started

    version = args.version or f"emotion-minilm-t{args.tune_layers}-s{args.seed}"
    bundle = args.out / "bundle"
    config = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    write_bundle(
        bundle, model, base, base_dir, heads, version, args.max_length,
        quantize=not args.no_quantize, embedding_branch=args.embedding_branch,
        extra={"training": {"config": config, "best_epoch": best[1], "history": history,
                            "train_seconds": round(train_seconds), "device": str(device)}},
    )  # fmt: skip
    torch.save(best[2], args.out / "trainable_state.pt")
    report = calibrate(bundle, args.data, held, threads=args.threads)
    print(json.dumps({"best_epoch": best[1], "train_seconds": round(train_seconds), **report}), flush=True)


if __name__ == "__main__":
    main()
