"""Speed of the full ``analyze`` path: batch items/s, single-item latency, CLI cold start.

Usage: python benchmarks/throughput.py [--data ../shared/data/goemotions] [--n 10000] [--single 300]

Texts are distinct GoEmotions comments (dev, then train) so the lengths are realistic and no
repeat is free; without the data folder, a fixed set of support-style sentences is cycled.
Prints medians of repeated runs and writes benchmarks/out/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import empathica
from empathica.config import Settings
from empathica.pipeline.factory import build_analyzer
from empathica.services import Empathica

FALLBACK = [
    "My parcel arrived two weeks late and the box was crushed.",
    "Thanks so much, the agent sorted it out in five minutes!",
    "How do I change the e-mail address on my account?",
    "I have called four times and nobody ever calls back. Unbelievable.",
    "The new app update is confusing, I can't find my orders anymore",
]


def load_texts(data: Path | None, n: int) -> list[str]:
    """``n`` distinct texts: GoEmotions dev, then train, so no figure is helped by repeats.

    The encoder encodes a repeated text once per call; cycling the 5,426 dev texts to 10,000
    (as this script did before 2026-11-23) would make almost half the batch free.
    """
    base: list[str] = []
    for split in ("dev", "train"):
        path = data / "original" / f"{split}.tsv" if data else None
        if path and path.is_file():
            with path.open(encoding="utf-8") as fh:
                base.extend(line.split("\t", 1)[0] for line in fh if line.strip())
    base = list(dict.fromkeys(base)) or FALLBACK
    return [base[i % len(base)] for i in range(n)]


def demo_texts() -> list[str]:
    """The bundled demo feedback: support e-mails, chats and reviews, half of them multi-sentence."""
    path = Path(empathica.__file__).parent / "demo" / "feedback.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def spans_cost(repeats: int) -> tuple[float, float]:
    """Items/s on the demo texts with and without the sentence-by-sentence reading, interleaved."""
    texts = demo_texts()
    with_spans, without = build_analyzer(), build_analyzer(sentence_spans=False)
    with_spans.analyze(texts[:32])
    without.analyze(texts[:32])
    rates: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(repeats):
        for on, analyzer in ((True, with_spans), (False, without)):
            started = time.perf_counter()
            analyzer.analyze(texts)
            rates[on].append(len(texts) / (time.perf_counter() - started))
    return statistics.median(rates[True]), statistics.median(rates[False])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cold_start(runs: int) -> list[float]:
    """Wall time of `empathica analyze` on a one-line file in a fresh process."""
    times = []
    exe = Path(sys.executable).with_name("empathica")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "one.jsonl"
        src.write_text('{"id": "1", "text": "The delivery was late again and nobody told me why."}\n')
        env = {**os.environ, "EMPATHICA_DATA_DIR": tmp}
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([str(exe), "analyze", str(src)], check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - started)
    return times


def torch_baseline(python: str, texts: list[str], arch: str = "minilm") -> float:
    """Items/s of the PyTorch reference, run in its own interpreter on the same texts."""
    script = Path(__file__).with_name("torch_baseline.py")
    payload = "".join(json.dumps(t) + "\n" for t in texts)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.run(
        [python, str(script), "--arch", arch],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["items_per_s"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/goemotions"))
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--single", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--baseline-python",
        help="interpreter with torch + transformers: also time the same encoder in PyTorch (fp32)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        service = Empathica(Settings.from_env(data_dir=Path(tmp)))
        texts = load_texts(args.data, args.n)
        service.analyze(texts[:64])  # warm-up: load the model, touch every code path

        batch_rates = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            for i in range(0, len(texts), 1000):
                service.analyze(texts[i : i + 1000])
            batch_rates.append(len(texts) / (time.perf_counter() - started))

        latencies = []
        for text in texts[: args.single]:
            started = time.perf_counter()
            service.analyze([text])
            latencies.append((time.perf_counter() - started) * 1000)

    spans_on, spans_off = spans_cost(args.repeats)
    starts = cold_start(args.repeats)
    baseline = torch_baseline(args.baseline_python, texts[:2000]) if args.baseline_python else None
    bert = torch_baseline(args.baseline_python, texts[:500], "bert-base") if args.baseline_python else None
    avg_chars = statistics.mean(len(t) for t in texts)
    result = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "texts": len(texts),
        "avg_chars": round(avg_chars, 1),
        "batch_items_per_s_median": round(statistics.median(batch_rates), 1),
        "single_ms_p50": round(percentile(latencies, 0.5), 2),
        "single_ms_p95": round(percentile(latencies, 0.95), 2),
        "cold_start_s_median": round(statistics.median(starts), 2),
    }
    print(f"texts: {len(texts)} (avg {avg_chars:.0f} chars), machine: {result['machine']}")
    print(f"batch:       {result['batch_items_per_s_median']:>8} items/s (median of {args.repeats})")
    print(f"single item: p50 {result['single_ms_p50']} ms, p95 {result['single_ms_p95']} ms")
    print(f"cold start:  {result['cold_start_s_median']} s (`empathica analyze` on one line, median)")
    result["demo_items_per_s_with_spans"] = round(spans_on, 1)
    result["demo_items_per_s_without_spans"] = round(spans_off, 1)
    print(
        f"demo texts:  {result['demo_items_per_s_with_spans']} items/s with sentence spans, "
        f"{result['demo_items_per_s_without_spans']} without (support texts, avg 181 chars)"
    )
    if baseline is not None:
        result["torch_items_per_s"] = round(baseline, 1)
        result["speedup_vs_torch"] = round(result["batch_items_per_s_median"] / baseline, 1)
        print(
            f"torch fp32:  {result['torch_items_per_s']} items/s (transformers, same encoder, 2,000 texts); "
            f"Empathica is {result['speedup_vs_torch']}x faster"
        )
    if bert is not None:
        result["bert_base_items_per_s"] = round(bert, 1)
        result["speedup_vs_bert_base"] = round(result["batch_items_per_s_median"] / bert, 1)
        print(
            f"BERT-base:   {result['bert_base_items_per_s']} items/s (torch fp32, the published baseline's "
            f"architecture, 500 texts); Empathica is {result['speedup_vs_bert_base']}x faster"
        )
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "throughput.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
