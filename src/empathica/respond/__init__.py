"""Respond well: offline reply drafts grounded in the analysis, and a coach for an agent's own draft.

This layer sits between the services and the pipeline: it reads ``Analysis`` objects and may
use the pipeline's encoder, but never reads settings or touches storage.
"""

from empathica.respond.banned import BANNED_PHRASES, find_banned
from empathica.respond.composer import CHANNELS, MAX_CHARS, TONES, compose
from empathica.respond.llm import FakeLLM, LLMClient, LLMError, OpenAIChatClient, draft_with_llm
from empathica.respond.phrasebook import (
    Phrasebook,
    PhrasebookError,
    default_phrases_path,
    load_phrasebook,
    parse_phrasebook,
)
from empathica.respond.playbook import (
    Playbook,
    PlaybookEntry,
    PlaybookError,
    default_playbook_path,
    load_playbook,
    parse_playbook,
)

__all__ = [
    "BANNED_PHRASES",
    "CHANNELS",
    "MAX_CHARS",
    "TONES",
    "FakeLLM",
    "LLMClient",
    "LLMError",
    "OpenAIChatClient",
    "Phrasebook",
    "PhrasebookError",
    "Playbook",
    "PlaybookEntry",
    "PlaybookError",
    "compose",
    "default_phrases_path",
    "default_playbook_path",
    "draft_with_llm",
    "find_banned",
    "load_phrasebook",
    "load_playbook",
    "parse_phrasebook",
    "parse_playbook",
]
