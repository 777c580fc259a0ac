"""A small, dependency-light BERT encoder (the MiniLM-L6 architecture) in plain torch.

Why not ``transformers.BertModel``: the training machine and the GPU machine run different
transformers versions whose layer call signatures and attention back-ends differ, and the export
needs a graph that splits the layer stack (shared frozen bottom, an emotion-tuned top and the
original top for sentence embeddings). Forty lines of our own make that explicit and exportable.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

HIDDEN = 384
HEADS = 12
INTERMEDIATE = 1536
LAYERS = 6
VOCAB = 30522
MAX_POSITIONS = 512
LN_EPS = 1e-12


class Embeddings(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.word = nn.Embedding(VOCAB, HIDDEN)
        self.position = nn.Embedding(MAX_POSITIONS, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=LN_EPS)
        self.drop = nn.Dropout(0.1)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        # Single-segment input: token type 0 everywhere, so its embedding is one constant row.
        h = self.word(input_ids) + self.position(positions) + self.token_type.weight[0]
        return self.drop(self.norm(h))


class Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.attn_out = nn.Linear(HIDDEN, HIDDEN)
        self.attn_norm = nn.LayerNorm(HIDDEN, eps=LN_EPS)
        self.inter = nn.Linear(HIDDEN, INTERMEDIATE)
        self.out = nn.Linear(INTERMEDIATE, HIDDEN)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=LN_EPS)
        self.drop = nn.Dropout(0.1)

    def forward(self, h: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        n, length, _ = h.shape
        d = HIDDEN // HEADS

        def split(x: torch.Tensor) -> torch.Tensor:
            return x.view(n, length, HEADS, d).transpose(1, 2)

        q, k, v = split(self.query(h)), split(self.key(h)), split(self.value(h))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        ctx = self.drop(scores.softmax(-1)) @ v
        ctx = ctx.transpose(1, 2).reshape(n, length, HIDDEN)
        h = self.attn_norm(h + self.drop(self.attn_out(ctx)))
        return self.out_norm(h + self.drop(self.out(F.gelu(self.inter(h)))))


def attention_bias(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """Additive mask [n, 1, 1, L]: 0 for real tokens, a large negative for padding."""
    return (1.0 - mask[:, None, None, :].to(dtype)) * -10000.0


def mean_pool(h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.unsqueeze(-1).to(h.dtype)
    return (h * m).sum(1) / m.sum(1).clamp(min=1.0)


class Bert(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embeddings = Embeddings()
        self.layers = nn.ModuleList([Layer() for _ in range(LAYERS)])


_RENAME = {
    "attention.self.query": "query",
    "attention.self.key": "key",
    "attention.self.value": "value",
    "attention.output.dense": "attn_out",
    "attention.output.LayerNorm": "attn_norm",
    "intermediate.dense": "inter",
    "output.dense": "out",
    "output.LayerNorm": "out_norm",
}


def load_minilm(model_dir: Path) -> Bert:
    """Builds a Bert from a sentence-transformers MiniLM folder (model.safetensors)."""
    from safetensors.torch import load_file

    src = load_file(str(model_dir / "model.safetensors"))
    dst: dict[str, torch.Tensor] = {
        "embeddings.word.weight": src["embeddings.word_embeddings.weight"],
        "embeddings.position.weight": src["embeddings.position_embeddings.weight"],
        "embeddings.token_type.weight": src["embeddings.token_type_embeddings.weight"],
        "embeddings.norm.weight": src["embeddings.LayerNorm.weight"],
        "embeddings.norm.bias": src["embeddings.LayerNorm.bias"],
    }
    for i in range(LAYERS):
        for old, new in _RENAME.items():
            for part in ("weight", "bias"):
                dst[f"layers.{i}.{new}.{part}"] = src[f"encoder.layer.{i}.{old}.{part}"]
    model = Bert()
    model.load_state_dict({k: v.float() for k, v in dst.items()})
    return model


class EmotionModel(nn.Module):
    """Frozen bottom ``6 - tune`` layers, trainable top ``tune`` layers, linear multi-task head.

    ``prefix`` runs the frozen part (its output can be cached once); ``forward_from_prefix`` runs
    the trainable part and the head on that cache.
    """

    def __init__(self, base: Bert, tune_layers: int, n_outputs: int, dropout: float = 0.1) -> None:
        super().__init__()
        if not 0 <= tune_layers <= LAYERS:
            raise ValueError(f"tune_layers must be in 0..{LAYERS}")
        self.split = LAYERS - tune_layers
        self.embeddings = base.embeddings
        self.frozen = nn.ModuleList(list(base.layers[: self.split]))
        self.tuned = nn.ModuleList([copy.deepcopy(layer) for layer in base.layers[self.split :]])
        self.head_drop = nn.Dropout(dropout)
        self.head = nn.Linear(HIDDEN, n_outputs)
        for p in list(self.embeddings.parameters()) + list(self.frozen.parameters()):
            p.requires_grad_(False)

    @torch.no_grad()
    def prefix(self, input_ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        bias = attention_bias(mask, torch.float32)
        h = self.embeddings(input_ids)
        for layer in self.frozen:
            h = layer(h, bias)
        return h

    def features_from_prefix(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        bias = attention_bias(mask, h.dtype)
        for layer in self.tuned:
            h = layer(h, bias)
        return mean_pool(h, mask)

    def forward_from_prefix(self, h: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.head_drop(self.features_from_prefix(h, mask)))


class ExportGraph(nn.Module):
    """What ``encoder.onnx`` computes: emotion features and a general sentence embedding.

    The bottom layers are shared; the tuned top gives ``features`` (mean-pooled, what the heads
    read). ``embeddings`` (L2-normalised mean pool) come from ``embedding_branch``: "original"
    runs the original top layers too (the all-MiniLM sentence embedding, best topical similarity
    for theme clustering, costs the extra layers); "shared" pools the last frozen layer (free);
    "tuned" reuses the emotion features. With no tuned layers all three are the same pass.
    """

    def __init__(self, model: EmotionModel, base: Bert, embedding_branch: str = "original") -> None:
        super().__init__()
        self.embeddings = model.embeddings
        self.shared = model.frozen
        self.tuned = model.tuned
        self.original = nn.ModuleList(list(base.layers[model.split :]))
        self.embedding_branch = embedding_branch

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        bias = attention_bias(attention_mask, torch.float32)
        h = self.embeddings(input_ids)
        for layer in self.shared:
            h = layer(h, bias)
        ft = h
        for layer in self.tuned:
            ft = layer(ft, bias)
        features = mean_pool(ft, attention_mask)
        if len(self.tuned) == 0 or self.embedding_branch == "tuned":
            pooled = features
        elif self.embedding_branch == "shared":
            pooled = mean_pool(h, attention_mask)
        else:
            orig = h
            for layer in self.original:
                orig = layer(orig, bias)
            pooled = mean_pool(orig, attention_mask)
        # Written out rather than F.normalize: its ReduceL2 node breaks when the weight-only
        # quantiser lifts the graph to a newer opset.
        embeddings = pooled / pooled.pow(2).sum(-1, keepdim=True).sqrt().clamp(min=1e-12)
        return features, embeddings
