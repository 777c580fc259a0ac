"""A run stopped half-way (ctrl-C, a crash) and started again stores nothing twice, loses nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from empathica.config import Settings
from empathica.domain import FeedbackQuery, Rejected
from empathica.services import INGEST_CHUNK, Empathica
from empathica.sources import ColumnMapping, Row, read_feedback
from empathica.storage import Repository

pytestmark = pytest.mark.model


def write_rows(path: Path, n: int) -> Path:
    lines = [f'{{"id": "r{i}", "text": "Order {i} arrived late, the box was dented."}}' for i in range(n)]
    lines.insert(n // 2, "{broken json")
    path.write_text("\n".join(lines) + "\n")
    return path


def interrupted(rows: Iterator[Row | Rejected], after: int) -> Iterator[Row | Rejected]:
    for i, row in enumerate(rows):
        if i == after:
            raise KeyboardInterrupt
        yield row


def test_ingest_then_analyse_resume_after_interruption(db_url: str, repo: Repository, tmp_path: Path) -> None:
    service = Empathica(Settings(data_dir=tmp_path, database_url=db_url), repository=repo)
    n = INGEST_CHUNK * 2 + 37
    src = write_rows(tmp_path / "big.jsonl", n)

    def rows() -> Iterator[Row | Rejected]:
        return read_feedback(src, source="big", mapping=ColumnMapping())

    with pytest.raises(KeyboardInterrupt):
        service.ingest(interrupted(rows(), after=INGEST_CHUNK + 10), "big")
    assert repo.count_feedback() == INGEST_CHUNK  # the finished chunk is kept, the open one is not

    summary = service.ingest(rows(), "big")
    assert repo.count_feedback() == n
    assert summary.duplicates == INGEST_CHUNK and summary.stored == n - INGEST_CHUNK
    assert repo.count_quarantine(source="big") == 1  # the broken line, quarantined once over two runs

    calls = 0

    def stop_after_first_chunk(_: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        service.analyze_stored(progress=stop_after_first_chunk, chunk=256)
    assert repo.count_analysed() == 256
    assert service.analyze_stored(chunk=256) == n - 256
    assert repo.count_analysed() == n
    page = repo.query(FeedbackQuery(limit=5))
    assert all(item.analysis is not None for item in page.items)
