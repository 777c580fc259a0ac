"""Fixtures for API and dashboard tests: a real database, a hand-made analyzer, a TestClient.

The analyzer is a real ``Analyzer`` over a real pipeline (redaction included) whose emotion
stage is a keyword rule, so expected results follow from the test's own text, and no
trained model is needed to test the web layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import (
    Feedback,
)
from empathica.services import Empathica
from empathica.storage import Repository
from helpers.analyses import hand_analysis, with_reasons
from helpers.keyword_analyzer import keyword_analyzer


def seed(service: Empathica) -> dict[str, int]:
    """Three analysed items on two channels in two weeks and one not analysed; returns ids by external id."""
    rows = [
        ("a1", "The parcel arrived broken and nobody answers.", "email", datetime(2026, 3, 2, 9, tzinfo=UTC)),
        ("a2", "Thank you, the agent was lovely!", "chat", datetime(2026, 3, 4, 15, tzinfo=UTC)),
        ("a3", "I am furious about the double charge.", "email", datetime(2026, 3, 10, 11, tzinfo=UTC)),
        ("a4", "Where do I change my address?", "chat", datetime(2026, 3, 11, 8, tzinfo=UTC)),
    ]
    service.repo.add_feedback(
        [Feedback(source="test", external_id=i, text=t, channel=c, created_at=d) for i, t, c, d in rows]
    )
    ids = {}
    for external_id, *_ in rows:
        item = service.repo.find_item("test", external_id)
        assert item is not None and item.feedback.id is not None
        ids[external_id] = item.feedback.id
    service.repo.save_analyses(
        [
            (
                ids["a1"],
                with_reasons(hand_analysis(rows[0][1], "disappointment", "sadness", "negative", -0.6)),
            ),
            (ids["a2"], hand_analysis(rows[1][1], "gratitude", "joy", "positive", 0.8)),
            (ids["a3"], hand_analysis(rows[2][1], "anger", "anger", "negative", -0.9)),
        ]
    )
    return ids


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=db_url, max_text_chars=200, page_size=50)


@pytest.fixture
def service(settings: Settings, repo: Repository) -> Empathica:
    return Empathica(settings, repository=repo, analyzer=keyword_analyzer())


@pytest.fixture
def client(settings: Settings, service: Empathica) -> Iterator[TestClient]:
    with TestClient(create_app(settings, service), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def seeded(service: Empathica) -> dict[str, int]:
    return seed(service)
