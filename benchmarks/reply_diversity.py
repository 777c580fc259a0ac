"""How varied the offline composer's drafts are across customers, and how fast it composes.

Usage: python benchmarks/reply_diversity.py --data /work/shared/data/twcs_sample_pairs [--n 200]

Reads the customer tweets of ``dev.csv`` (measurement only, see its SOURCE.md), keeps up to
--n distinct ones, analyses them with the bundled analyzer and composes a draft per text and
channel (warm tone, same agent and company for all). Prints:

- distinct-1 / distinct-2 over the e-mail drafts' bodies (unique n-grams / all n-grams);
- self-BLEU-4 (each body against all the others; lower = more varied), smoothed BLEU written here;
- sentences shared verbatim by drafts of two different customers in the same channel, not
  counting sentences that contain a playbook text (steps, help steps, apologies, public steps,
  promises; a lead-in such
  as "Here's the next step:" may precede one) or the e-mail greeting and signature;
- mean draft length per channel, and compose speed (drafts/s, median ms per draft).
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

TOKEN = re.compile(r"[a-z0-9']+")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def ngrams(words: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def distinct_n(texts: Sequence[str], n: int) -> float:
    """Unique n-grams over all n-grams of every text (Li et al. 2016's distinct-n)."""
    grams: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        grams.update(ngrams(tokens(text), n))
    total = sum(grams.values())
    return len(grams) / total if total else 0.0


def bleu(
    hypothesis: Sequence[str], references: Sequence[Sequence[str]], max_n: int = 4, eps: float = 0.1
) -> float:
    """Sentence BLEU-max_n with clipped counts over several references; a zero precision counts as eps."""
    if not hypothesis or not references:
        return 0.0
    log_sum = 0.0
    for n in range(1, max_n + 1):
        hyp = ngrams(hypothesis, n)
        total = sum(hyp.values())
        if total == 0:
            log_sum += math.log(eps / 1)
            continue
        best: Counter[tuple[str, ...]] = Counter()
        for ref in references:
            for gram, count in ngrams(ref, n).items():
                if count > best[gram]:
                    best[gram] = count
        matched = sum(min(count, best[gram]) for gram, count in hyp.items())
        log_sum += math.log((matched if matched else eps) / total)
    ref_len = min((abs(len(r) - len(hypothesis)), len(r)) for r in references)[1]
    brevity = 1.0 if len(hypothesis) > ref_len else math.exp(1 - ref_len / len(hypothesis))
    return brevity * math.exp(log_sum / max_n)


def self_bleu(texts: Sequence[str]) -> float:
    words = [tokens(t) for t in texts]
    scores = [bleu(w, words[:i] + words[i + 1 :]) for i, w in enumerate(words)]
    return statistics.fmean(scores) if scores else 0.0


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def shared_sentences(bodies: Sequence[str], exempt: set[str]) -> tuple[int, list[str]]:
    """Sentences found in the drafts of two or more different customers, playbook texts excepted."""
    owners: dict[str, set[int]] = {}
    for i, body in enumerate(bodies):
        for sentence in sentences(body):
            low = sentence.lower()
            if any(e and (e.lower() in low or low in e.lower()) for e in exempt):
                continue
            owners.setdefault(sentence, set()).add(i)
    shared = sorted(s for s, who in owners.items() if len(who) > 1)
    return len(shared), shared


def load_texts(data: Path, n: int) -> list[str]:
    with (data / "dev.csv").open(encoding="utf-8", newline="") as fh:
        texts = [row["customer_text"].strip() for row in csv.DictReader(fh)]
    return list(dict.fromkeys(t for t in texts if t))[:n]


def main() -> None:
    from empathica.pipeline.factory import build_analyzer
    from empathica.respond import CHANNELS, compose, load_playbook
    from empathica.respond.composer import mode_of
    from empathica.taxonomy import load_taxonomy

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with dev.csv (twcs_sample_pairs)")
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()

    texts = load_texts(args.data, args.n)
    analyses = build_analyzer().analyze(texts)
    playbook = load_playbook(None, [label.name for label in load_taxonomy().causes])
    exempt = {
        playbook.fill(s, company="Acme", agent="Sam Lee")
        for entry in [playbook.default, *playbook.entries.values()]
        for s in [*entry.steps, *entry.help_steps, *entry.apologies, *entry.promises, entry.public_step]
        if s
    }
    modes = Counter(mode_of(a) for a in analyses)
    print(f"texts: {len(texts)} distinct customer tweets from dev.csv; modes: {dict(modes)}")

    timings: list[float] = []
    by_channel: dict[str, list[str]] = {}
    for channel in CHANNELS:
        drafts = []
        for analysis in analyses:
            started = time.perf_counter()
            draft = compose(analysis, playbook, channel=channel, agent_name="Sam Lee", company="Acme")
            timings.append(time.perf_counter() - started)
            drafts.append(draft.text)
        by_channel[channel] = drafts

    def body(channel: str, text: str) -> str:
        if channel == "email":
            return "\n".join(text.split("\n\n")[1:-1])
        return re.sub(r"\s*(\^\w+|\n- .*)$", "", text)

    email = [body("email", t) for t in by_channel["email"]]
    print(f"distinct-1 (email bodies): {distinct_n(email, 1):.3f}")
    print(f"distinct-2 (email bodies): {distinct_n(email, 2):.3f}")
    print(f"self-BLEU-4 (email bodies, lower = more varied): {self_bleu(email):.3f}")
    for channel, drafts in by_channel.items():
        count, shared = shared_sentences([body(channel, t) for t in drafts], exempt)
        lengths = [len(t) for t in drafts]
        over = sum(1 for t in drafts if channel == "social" and len(t) > 280)
        print(
            f"{channel:7s} mean {statistics.fmean(lengths):6.1f} chars (max {max(lengths)})"
            f"{f', over 280: {over}' if channel == 'social' else ''}; "
            f"sentences shared verbatim between customers (playbook texts excluded): {count}"
        )
        for sentence in shared[:5]:
            print(f"    shared: {sentence!r}")
    ms = [t * 1000 for t in timings]
    print(
        f"compose speed: {len(ms) / sum(timings):.0f} drafts/s, "
        f"median {statistics.median(ms):.3f} ms per draft"
    )


if __name__ == "__main__":
    main()
