"""The app behind a REAL uvicorn server on a free 127.0.0.1 port, spoken to over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from empathica.api import create_app
from empathica.config import Settings
from empathica.domain import EKMAN_LABELS, GOEMOTIONS_LABELS, LabelScores
from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.base import Batch, Pipeline
from empathica.pipeline.stages.language import LanguageStage
from empathica.pipeline.stages.redact import RedactStage
from empathica.services import Empathica
from empathica.storage import Repository
from helpers.live_server import live_server


class ThanksMeansJoy:
    """Stands in for the model: 'thank' -> joy/gratitude, anything else neutral."""

    name = "emotion"
    requires = frozenset({"texts"})
    provides = frozenset({"emotions", "ekman", "sentiment", "valence", "intensity"})

    def __call__(self, batch: Batch) -> Batch:
        happy = ["thank" in t.lower() for t in batch["texts"]]
        return batch.with_columns(
            emotions=[
                LabelScores(["gratitude" if h else "neutral"], dict.fromkeys(GOEMOTIONS_LABELS, 0.5))
                for h in happy
            ],
            ekman=[LabelScores(["joy" if h else "neutral"], dict.fromkeys(EKMAN_LABELS, 0.5)) for h in happy],
            sentiment=["positive" if h else "neutral" for h in happy],
            valence=[0.7 if h else 0.0 for h in happy],
            intensity=[0.6 if h else 0.1 for h in happy],
        )


@pytest.fixture
def base_url(db_url: str, repo: Repository, tmp_path: Path) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path, database_url=db_url)
    analyzer = Analyzer(
        Pipeline([RedactStage(), LanguageStage(classify=lambda t: ("en", 0.99)), ThanksMeansJoy()]),
        "server-test",
    )
    app = create_app(settings, Empathica(settings, repository=repo, analyzer=analyzer))
    with live_server(app) as url:
        yield url


def test_health_over_http(base_url: str) -> None:
    r = httpx.get(f"{base_url}/api/v1/health", timeout=10)
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_analyze_store_and_list_over_http(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as http:
        one = http.post("/api/v1/analyze", json={"text": "Thank you so much!", "id": "q1"})
        assert one.status_code == 200
        assert one.json()["ekman"]["labels"] == ["joy"] and one.json()["model_version"] == "server-test"

        stored = http.post(
            "/api/v1/feedback",
            json={
                "source": "web",
                "items": [
                    {
                        "id": "w1",
                        "text": "Thanks for fixing it",
                        "channel": "chat",
                        "created_at": "2026-03-03",
                    },
                    {
                        "id": "w2",
                        "text": "Where is my order?",
                        "channel": "email",
                        "created_at": "2026-03-04",
                    },
                ],
            },
        )
        assert stored.status_code == 201 and stored.json()["stored"] == 2

        listed = http.get("/api/v1/feedback", params={"emotion": "joy"}).json()
        assert listed["total"] == 1 and listed["items"][0]["external_id"] == "w1"

        bad = http.post("/api/v1/analyze", content=b"{not json", headers={"content-type": "application/json"})
        assert bad.status_code == 422

        page = http.get("/feedback")
        assert page.status_code == 200 and "Thanks for fixing it" in page.text
