"""A business's own phrase banks (EMPATHICA_PHRASES) reach the drafts of the API and the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from empathica.api import create_app
from empathica.config import Settings
from empathica.respond import PhrasebookError
from empathica.services import Empathica
from empathica.storage import Repository
from helpers.keyword_analyzer import keyword_analyzer

VOICE = """\
greeting:
  warm: ["Good day {name},"]
  neutral: ["Good day {name},"]
  formal: ["Good day {name},"]
sign_off:
  warm: ["With best regards from all of us,"]
  neutral: ["With best regards from all of us,"]
  formal: ["With best regards from all of us,"]
"""
BROKEN = 'greeting:\n  warm: ["Good day {nmae},"]\n  neutral: [x]\n  formal: [x]\n'
DRAFT = {
    "text": "The parcel arrived broken.",
    "channel": "email",
    "customer_name": "Alex",
    "agent_name": "Sam",
}


def _draft(settings: Settings, repo: Repository) -> dict[str, str]:
    service = Empathica(settings, repository=repo, analyzer=keyword_analyzer())
    with TestClient(create_app(settings, service)) as client:
        response = client.post("/api/v1/replies/draft", json=DRAFT)
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


def test_configured_phrases_change_the_greeting_and_sign_off(
    settings: Settings, repo: Repository, tmp_path: Path
) -> None:
    voice = tmp_path / "voice.yaml"
    voice.write_text(VOICE, encoding="utf-8")
    ours = _draft(settings.with_(phrases=str(voice)), repo)["text"]
    shipped = _draft(settings, repo)["text"]
    assert ours.startswith("Good day Alex,\n\n")
    assert "With best regards from all of us,\nSam" in ours
    assert not shipped.startswith("Good day") and "With best regards from all of us" not in shipped
    # The body between greeting and sign-off is the bundled wording, picked the same way.
    assert ours.split("\n\n")[1:-1] == shipped.split("\n\n")[1:-1]


def test_phrases_given_to_a_call_win_over_the_setting(
    tmp_path: Path, settings: Settings, repo: Repository
) -> None:
    configured, given = tmp_path / "configured.yaml", tmp_path / "given.yaml"
    configured.write_text(VOICE, encoding="utf-8")
    given.write_text(VOICE.replace("Good day", "Greetings"), encoding="utf-8")
    service = Empathica(settings.with_(phrases=str(configured)), repository=repo, analyzer=keyword_analyzer())
    analysis = service.analyze([DRAFT["text"]])[0]
    by_setting = service.draft_for(analysis, customer_name="Alex", use_llm=False)
    by_call = service.draft_for(analysis, customer_name="Alex", phrases=given, use_llm=False)
    assert by_setting.text.startswith("Good day Alex,")
    assert by_call.text.startswith("Greetings Alex,")


def test_a_broken_phrases_file_names_its_line(tmp_path: Path, settings: Settings, repo: Repository) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    service = Empathica(settings.with_(phrases=str(broken)), repository=repo, analyzer=keyword_analyzer())
    with pytest.raises(PhrasebookError, match=r"broken\.yaml, line 2: .*unknown placeholder \{nmae\}"):
        service.phrasebook()
