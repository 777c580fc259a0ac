"""The composer on real analyses from the bundled model: grounded, safe and channel-fit drafts."""

from __future__ import annotations

import pytest

from empathica.pipeline.factory import build_analyzer
from empathica.respond import CHANNELS, compose, find_banned, load_playbook
from empathica.taxonomy import load_taxonomy

pytestmark = pytest.mark.model

COMPLAINTS = [
    "My parcel still hasn't arrived after two weeks and nobody answers the phone.",
    "You charged me twice for the same order and I want my money back.",
    "The agent hung up on me in the middle of a sentence. Really rude.",
    "The app crashes every time I try to upload a photo, it's useless for my work.",
]


def test_drafts_for_real_complaints() -> None:
    analyses = build_analyzer().analyze(COMPLAINTS)
    playbook = load_playbook(None, [label.name for label in load_taxonomy().causes])
    texts = set()
    for analysis in analyses:
        for channel in CHANNELS:
            draft = compose(analysis, playbook, channel=channel, agent_name="Sam", company="Acme")
            assert draft.grounding.cause is not None and draft.grounding.evidence
            assert find_banned(draft.text) == []
            assert "next_step" in [p.role for p in draft.parts]
            if channel == "social":
                assert len(draft.text) <= 280
            texts.add(draft.text)
        email = compose(analysis, playbook)
        assert (
            "apologise" in [p.role for p in email.parts] or not playbook.entry(email.grounding.cause).at_fault
        )
    assert len(texts) == len(COMPLAINTS) * len(CHANNELS)
