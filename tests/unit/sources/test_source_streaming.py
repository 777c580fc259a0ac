"""Large generated files stream through in small, flat memory, whatever their size."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from empathica.domain import Rejected
from empathica.sources import Row, read_feedback

ROWS = 100_000
SENTENCE = "The parcel for order {n} arrived two days late and nobody answered the chat, so I am annoyed"


def write_csv(path: Path, rows: int, with_id: bool) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id,text,channel,created_at,rating\n" if with_id else "text,channel,created_at,rating\n")
        for n in range(rows):
            prefix = f"T-{n}," if with_id else ""
            when = f"2026-03-{n % 28 + 1:02d}T10:{n % 60:02d}:00Z"
            bad = n % 1000 == 999  # a steady trickle of rejections must not accumulate either
            out.write(f'{prefix}"{SENTENCE.format(n=n)}",email,{when},{"five" if bad else n % 5 + 1}\n')


def write_jsonl(path: Path, rows: int, with_id: bool) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(rows):
            record = {
                "text": SENTENCE.format(n=n),
                "channel": "chat",
                "rating": "five" if n % 1000 == 999 else 3,
            }
            if with_id:
                record["id"] = n
            out.write(json.dumps(record) + "\n")


def write_json_array(path: Path, rows: int, with_id: bool) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for n in range(rows):
            record = {
                "text": SENTENCE.format(n=n),
                "kind": "review",
                "rating": "five" if n % 1000 == 999 else 4,
            }
            if with_id:
                record["id"] = f"r{n}"
            out.write(("," if n else "") + json.dumps(record, indent=1) + "\n")
        out.write("]\n")


def stream_and_measure(path: Path) -> tuple[int, int, int]:
    """Read the whole file; return rows accepted, rows rejected and the traced peak in bytes."""
    accepted = rejected = 0
    tracemalloc.start()
    try:
        for result in read_feedback(path, source="big"):
            if isinstance(result, Row):
                accepted += 1
            else:
                assert isinstance(result, Rejected)
                rejected += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return accepted, rejected, peak


@pytest.mark.parametrize(
    ("name", "writer", "rows"),
    [
        ("big.csv", write_csv, ROWS),
        ("big.jsonl", write_jsonl, ROWS // 4),
        ("big.json", write_json_array, ROWS // 4),
    ],
)
def test_content_hashed_rows_stream_in_constant_memory(
    tmp_path: Path, name: str, writer: Callable[[Path, int, bool], None], rows: int
) -> None:
    path = tmp_path / name
    writer(path, rows, False)
    size = path.stat().st_size
    accepted, rejected, peak = stream_and_measure(path)
    assert (accepted, rejected) == (rows - rows // 1000, rows // 1000)
    assert peak < 1 << 20, f"peak {peak:,} bytes while reading {size:,} bytes"
    assert peak < size / 4


def test_file_with_ids_keeps_only_a_few_bytes_per_id(tmp_path: Path) -> None:
    """Duplicate detection must remember every id, but as fixed-size hashes, not Python objects."""
    path = tmp_path / "ids.csv"
    write_csv(path, ROWS, True)
    size = path.stat().st_size
    accepted, rejected, peak = stream_and_measure(path)
    assert (accepted, rejected) == (ROWS - ROWS // 1000, ROWS // 1000)
    assert peak < 72 * ROWS + (1 << 20), f"peak {peak:,} bytes for {ROWS:,} ids"
    assert peak < size / 2
