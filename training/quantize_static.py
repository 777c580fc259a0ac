"""Experiment: ONNX Runtime static int8 quantisation of a bundle's encoder, and its measurements.

Why static: dynamic int8 scales activations per batch, so a text's scores moved (up to 0.19)
with its batch-mates. Static quantisation fixes every activation scale once, from a calibration
set of TRAIN texts, so integer matmuls no longer depend on what else is in the batch.

``build`` rebuilds the float graph by dequantising a bundle's stored weights (so the candidate
differs from that bundle only by activation quantisation), calibrates on TRAIN texts encoded one
at a time (no padding in the ranges), quantises the MatMuls with per-channel int8 weights, and
puts every weight the quantiser left in float (the token table, excluded MatMuls) back as the
bundle stored it (int4/int8 + DequantizeLinear) to keep the file small. ``compare`` measures
candidates against a reference bundle: speed (interleaved rounds), batch independence, and
nearest-neighbour overlap of the embeddings. Quality goes through
``benchmarks/emotion_quality.py --model-dir``.

    python training/quantize_static.py build --data ../shared/data/goemotions \
        --out training/out/staticq/qop --format qoperator
    python training/quantize_static.py compare --data ../shared/data/goemotions \
        --candidates training/out/staticq/qop
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "empathica" / "pipeline" / "models" / "emotion-minilm"
BUNDLE_FILES = ("tokenizer.json", "heads.npz", "manifest.json")


def read_texts(data: Path, split: str) -> list[str]:
    path = data / "original" / f"{split}.tsv"
    texts = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 3:
            raise SystemExit(f"{path}:{lineno}: expected 3 tab-separated columns, got {len(parts)}")
        texts.append(parts[0])
    return texts


def _dequantized(init_arrays: dict[str, np.ndarray], node: Any) -> np.ndarray:
    """Float value of a DequantizeLinear over initializers (per-tensor, per-axis or blocked)."""
    attrs = {a.name: a.i for a in node.attribute}
    q = init_arrays[node.input[0]].astype(np.float32)
    scale = init_arrays[node.input[1]].astype(np.float32)
    zero = init_arrays[node.input[2]].astype(np.float32) if len(node.input) > 2 else np.zeros_like(scale)
    axis = attrs.get("axis", 1) % max(q.ndim, 1)
    block = attrs.get("block_size", 0)
    if scale.ndim == 0:
        return (q - zero) * scale
    if block:
        scale = np.repeat(scale, block, axis=axis)[tuple(slice(0, s) for s in q.shape)]
        zero = np.repeat(zero, block, axis=axis)[tuple(slice(0, s) for s in q.shape)]
        return (q - zero) * scale
    shape = [1] * q.ndim
    shape[axis] = -1
    return (q - zero.reshape(shape)) * scale.reshape(shape)


def dequantize_model(src: Path, dst: Path) -> dict[str, tuple[Any, list[Any]]]:
    """Writes the float graph; returns each stored weight's DequantizeLinear node and initializers."""
    import onnx
    from onnx import TensorProto, numpy_helper

    model = onnx.load(str(src))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    arrays: dict[str, np.ndarray] = {}
    stored: dict[str, tuple[Any, list[Any]]] = {}
    for node in list(graph.node):
        if node.op_type != "DequantizeLinear" or not all(n in inits for n in node.input):
            continue
        for name in node.input:
            arrays.setdefault(name, numpy_helper.to_array(inits[name]))
        value = _dequantized(arrays, node)
        if inits[node.input[0]].data_type in (TensorProto.INT4, TensorProto.INT8):
            stored[node.output[0]] = (
                onnx.NodeProto.FromString(node.SerializeToString()),
                [onnx.TensorProto.FromString(inits[n].SerializeToString()) for n in node.input],
            )
        graph.node.remove(node)
        for name in node.input:
            if name in inits:
                graph.initializer.remove(inits.pop(name))
        graph.initializer.append(numpy_helper.from_array(value.astype(np.float32), node.output[0]))
    onnx.save(model, str(dst))
    return stored


def smooth_inputs(path: Path, patterns: list[str], alpha: float, reader: Any) -> list[str]:
    """SmoothQuant-style rescaling of the inputs of MatMuls whose name contains a pattern.

    Why: the FFN output MatMuls read GELU outputs with a few very large channels; one per-tensor
    int8 scale then leaves the ordinary channels with only a handful of levels. Dividing input
    channel j by s_j = max|x_j|^alpha / max|w_j|^(1 - alpha) and multiplying weight row j by s_j
    leaves the float result unchanged but moves range from the activations into the weights,
    which are quantised per output column. The division is an explicit Mul node.
    """
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    targets = [
        n
        for n in graph.node
        if n.op_type == "MatMul" and any(p in n.name for p in patterns) and n.input[1] in inits
    ]
    probe = onnx.ModelProto.FromString(model.SerializeToString())
    for node in targets:
        probe.graph.output.append(helper.make_tensor_value_info(node.input[0], TensorProto.FLOAT, None))
    session = ort.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [node.input[0] for node in targets]
    amax = {name: np.zeros(0, dtype=np.float32) for name in names}
    reader.rewind()
    while (feed := reader.get_next()) is not None:
        for name, value in zip(names, session.run(names, feed), strict=True):
            m = np.abs(value).reshape(-1, value.shape[-1]).max(0)
            amax[name] = m if amax[name].size == 0 else np.maximum(amax[name], m)
    reader.rewind()
    done = []
    for node in targets:
        w = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32)
        a = np.maximum(amax[node.input[0]], 1e-5)
        wmax = np.maximum(np.abs(w).max(1), 1e-5)
        scale = (a**alpha / wmax ** (1 - alpha)).astype(np.float32)
        scale = np.maximum(scale, 1e-5)
        graph.initializer.remove(inits[node.input[1]])
        w_name, inv_name, x_name = (
            node.input[1] + "_smoothed",
            node.name + "_inv_scale",
            node.input[0] + "_smoothed",
        )
        graph.initializer.extend(
            [
                numpy_helper.from_array(w * scale[:, None], w_name),
                numpy_helper.from_array((1.0 / scale).astype(np.float32), inv_name),
            ]
        )
        mul = helper.make_node("Mul", [node.input[0], inv_name], [x_name], name=node.name + "_smooth")
        graph.node.insert(list(graph.node).index(node), mul)
        node.input[0], node.input[1] = x_name, w_name
        done.append(node.name)
    onnx.save(model, str(path))
    return done


class TextReader:
    """Feeds calibration texts one at a time, so padding never widens an activation range."""

    def __init__(self, tokenizer_path: Path, texts: list[str], max_length: int) -> None:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(tokenizer_path))
        tok.no_padding()
        tok.enable_truncation(max_length=max_length)
        self._ids = [list(e.ids) for e in tok.encode_batch(texts)]
        self._it: Iterator[list[int]] = iter(self._ids)

    def get_next(self) -> dict[str, np.ndarray] | None:
        seq = next(self._it, None)
        if seq is None:
            return None
        ids = np.array([seq], dtype=np.int64)
        return {"input_ids": ids, "attention_mask": np.ones_like(ids)}

    def rewind(self) -> None:
        self._it = iter(self._ids)


def restore_stored(path: Path, stored: dict[str, tuple[Any, list[Any]]]) -> list[str]:
    """Puts weights that the quantiser left in float back as stored (int8/int4 + DequantizeLinear).

    Excluded MatMuls and the token table would otherwise ship as float32 and break the size budget;
    the runtime folds these back to float at load, exactly as for the shipped bundle.
    """
    import onnx
    from onnx import TensorProto, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    restored = []
    for name, (node, tensors) in stored.items():
        if name not in inits:
            continue  # the quantiser consumed it (now int8 per channel)
        graph.initializer.remove(inits[name])
        # INT4 written by onnx.helper.make_tensor sits in int32_data as varints (~1.4 bytes per
        # byte of data); the same values as raw_data are ~30% smaller and load identically.
        graph.initializer.extend(
            numpy_helper.from_array(numpy_helper.to_array(t), t.name)
            if t.data_type == TensorProto.INT4
            else t
            for t in tensors
        )
        graph.node.insert(0, node)
        restored.append(name)
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx"):
            opset.version = max(opset.version, 21)
    model.ir_version = max(model.ir_version, 10)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return restored


def build(args: argparse.Namespace) -> None:
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.calibrate import HistogramCollector

    # The histogram calibrators stack every run's tensor into one array, which fails for texts of
    # different lengths; flattening each run first gives the same histogram.
    original_collect = HistogramCollector.collect

    def collect_flat(self: Any, name_to_arr: dict[str, Any]) -> Any:
        flat = {
            k: np.concatenate([np.ravel(a) for a in v]) if isinstance(v, list) else v
            for k, v in name_to_arr.items()
        }
        return original_collect(self, flat)

    HistogramCollector.collect = collect_flat

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((args.bundle / "manifest.json").read_text())
    texts = read_texts(args.data, "train")
    random.Random(args.seed).shuffle(texts)
    reader = TextReader(
        args.bundle / "tokenizer.json", texts[: args.calib_items], int(manifest["max_length"])
    )
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "encoder.fp32.onnx"
        stored = dequantize_model(args.bundle / "encoder.onnx", fp32)
        smoothed = smooth_inputs(fp32, args.smooth, args.smooth_alpha, reader) if args.smooth else []
        if args.keep_fp32:
            shutil.copyfile(fp32, out / "encoder.fp32.onnx")
        import onnx

        float_graph = onnx.load(str(fp32)).graph
        weights = {i.name for i in float_graph.initializer}
        names = [n.name for n in float_graph.node if n.op_type == "MatMul"]
        exclude = [n for n in names if any(p in n for p in args.exclude)]
        # Only MatMuls with a weight operand are quantised unless --activation-matmuls is given.
        quantised = [
            n.name
            for n in float_graph.node
            if n.op_type == "MatMul"
            and n.name not in exclude
            and (args.activation_matmuls or n.input[1] in weights or n.input[1].endswith("_smoothed"))
        ]
        t0 = time.perf_counter()
        quantize_static(
            str(fp32),
            str(out / "encoder.onnx"),
            reader,
            quant_format=QuantFormat.QOperator if args.format == "qoperator" else QuantFormat.QDQ,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            activation_type=QuantType.QUInt8 if args.activations == "u8" else QuantType.QInt8,
            weight_type=QuantType.QInt8,
            nodes_to_exclude=exclude,
            calibrate_method={
                "minmax": CalibrationMethod.MinMax,
                "percentile": CalibrationMethod.Percentile,
                "entropy": CalibrationMethod.Entropy,
            }[args.calibration],
            extra_options={
                "MatMulConstBOnly": not args.activation_matmuls,
                "WeightSymmetric": True,
                "ActivationSymmetric": args.activations == "s8",
                "CalibPercentile": args.percentile,
            },
        )
        seconds = time.perf_counter() - t0
    restored = restore_stored(out / "encoder.onnx", stored)
    for name in BUNDLE_FILES:
        shutil.copyfile(args.bundle / name, out / name)
    manifest["quantized"] = (
        f"static int8 ({args.format}, {args.activations} activations, per-channel int8 MatMul weights, "
        f"{args.calibration} calibration on {args.calib_items} TRAIN texts); int4 token table"
    )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    info = {
        "source_bundle": str(args.bundle),
        "format": args.format,
        "activations": args.activations,
        "calibration": args.calibration,
        "percentile": args.percentile,
        "calib_items": args.calib_items,
        "activation_matmuls": args.activation_matmuls,
        "excluded_matmuls": len(exclude),
        "quantised_matmuls": len(quantised),
        "stored_restored": restored,
        "smoothed": smoothed,
        "smooth_alpha": args.smooth_alpha,
        "quantize_seconds": round(seconds, 1),
        "encoder_bytes": (out / "encoder.onnx").stat().st_size,
    }
    (out / "build.json").write_text(json.dumps(info, indent=2) + "\n")
    print(json.dumps(info, indent=2))


def load_encoder(model_dir: Path, threads: int, fuse_qdq: bool) -> Any:
    """The runtime Encoder; ``fuse_qdq`` drops the runtime's disable_quant_qdq setting (QDQ needs it)."""
    from empathica.pipeline.encoder import Encoder

    enc = Encoder.load(model_dir, threads=threads)
    if not fuse_qdq:
        return enc
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(
        str(model_dir / "encoder.onnx"), options, providers=["CPUExecutionProvider"]
    )
    return Encoder(
        session, enc._tokenizer, enc.max_length, enc.model_version, enc.feature_dim, enc.embedding_dim
    )


def topk_neighbours(emb: np.ndarray, k: int) -> np.ndarray:
    sims = emb @ emb.T
    np.fill_diagonal(sims, -np.inf)
    return np.argsort(-sims, axis=1, kind="stable")[:, :k]


def compare(args: argparse.Namespace) -> None:
    from empathica.pipeline.stages.emotion import load_model

    texts = read_texts(args.data, "dev")[: args.items]
    dirs = [args.reference, *args.candidates]
    labels = ["reference", *[str(c) for c in args.candidates]]
    encoders = [load_encoder(d, args.threads, args.fuse_qdq and d != args.reference) for d in dirs]
    heads = [load_model(d, threads=1)[1].heads for d in dirs]

    def all_scores(h: Any, feats: np.ndarray) -> np.ndarray:
        return np.concatenate(list(h.predict(feats).values()), axis=1)

    for enc in encoders:
        enc.encode(texts[:128], batch_size=args.batch_size)  # warm-up
    seconds: list[list[float]] = [[] for _ in dirs]
    outputs: list[Any] = [None] * len(dirs)
    for _ in range(args.rounds):
        for i, enc in enumerate(encoders):
            t0 = time.perf_counter()
            outputs[i] = enc.encode(texts, batch_size=args.batch_size)
            seconds[i].append(time.perf_counter() - t0)
    ref_nn = topk_neighbours(outputs[0].embeddings, 10)
    ref_scores = all_scores(heads[0], outputs[0].features)
    report: dict[str, Any] = {
        "items": len(texts),
        "batch_size": args.batch_size,
        "threads": args.threads,
        "rounds": args.rounds,
        "results": {},
    }
    alone_n = min(args.alone_items, len(texts))
    for i, label in enumerate(labels):
        enc, out = encoders[i], outputs[i]
        scores = all_scores(heads[i], out.features)
        alone = enc.encode(texts[:alone_n], batch_size=1)
        alone_scores = all_scores(heads[i], alone.features)
        nn = topk_neighbours(out.embeddings, 10)
        overlap = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(nn, ref_nn, strict=True)]))
        med = statistics.median(seconds[i])
        report["results"][label] = {
            "items_per_s_median": round(len(texts) / med, 1),
            "items_per_s_rounds": [round(len(texts) / s, 1) for s in seconds[i]],
            "alone_vs_batch_max_abs_score_diff": float(np.abs(alone_scores - scores[:alone_n]).max()),
            "alone_vs_batch_max_abs_embedding_diff": float(
                np.abs(alone.embeddings - out.embeddings[:alone_n]).max()
            ),
            "max_abs_score_diff_vs_reference": float(np.abs(scores - ref_scores).max()),
            "mean_abs_score_diff_vs_reference": float(np.abs(scores - ref_scores).mean()),
            "top10_nn_overlap_with_reference": round(overlap, 4),
            "mean_cosine_to_reference_embedding": float(
                np.mean(np.sum(out.embeddings * outputs[0].embeddings, 1))
            ),
            "encoder_bytes": (dirs[i] / "encoder.onnx").stat().st_size,
        }
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="write a statically quantised bundle")
    b.add_argument("--data", type=Path, required=True, help="GoEmotions folder (TRAIN texts calibrate)")
    b.add_argument("--bundle", type=Path, default=SHIPPED, help="bundle whose weights are dequantised")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--format", choices=["qoperator", "qdq"], default="qoperator")
    b.add_argument("--activations", choices=["u8", "s8"], default="u8")
    b.add_argument("--calibration", choices=["minmax", "percentile", "entropy"], default="minmax")
    b.add_argument("--percentile", type=float, default=99.999)
    b.add_argument("--calib-items", type=int, default=1000)
    b.add_argument("--seed", type=int, default=13)
    b.add_argument(
        "--exclude", action="append", default=[], help="MatMuls whose name contains this stay float"
    )
    b.add_argument(
        "--smooth", action="append", default=[], help="smooth inputs of MatMuls whose name contains this"
    )
    b.add_argument("--smooth-alpha", type=float, default=0.5)
    b.add_argument("--activation-matmuls", action="store_true", help="also quantise QK^T and attention*V")
    b.add_argument("--keep-fp32", action="store_true", help="also write the dequantised float graph")
    c = sub.add_parser("compare", help="speed, batch independence and NN overlap against a reference")
    c.add_argument("--data", type=Path, required=True)
    c.add_argument("--reference", type=Path, default=SHIPPED)
    c.add_argument("--candidates", type=Path, nargs="+", required=True)
    c.add_argument("--items", type=int, default=2000)
    c.add_argument("--alone-items", type=int, default=2000)
    c.add_argument("--batch-size", type=int, default=64)
    c.add_argument("--threads", type=int, default=2)
    c.add_argument("--rounds", type=int, default=3)
    c.add_argument("--fuse-qdq", action="store_true", help="let ONNX Runtime fuse QDQ pairs in candidates")
    c.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    build(args) if args.cmd == "build" else compare(args)


if __name__ == "__main__":
    main()
