"""Use cases: the one place where pipeline, storage and sources meet.

CLI, API and dashboard call ``Empathica`` and nothing below it, so each use case is
written once. The model and the database are opened lazily: ``empathica analyze`` on a
file never touches the database unless a row has to be quarantined, and listing stored
feedback never loads the model.
"""

from empathica.services.access import Access
from empathica.services.changes import Changes
from empathica.services.core import (
    INGEST_CHUNK,
    MAX_BATCH,
    FileResult,
    InputError,
    ReplayOutcome,
    StoreResult,
    build_overview,
    load_analyzer,
)
from empathica.services.insights import MAP_STAGES, ThemeFileReport, themes_of_file
from empathica.services.replies import REPLY_CHANNELS, REPLY_TONES, Replies, read_macros, reply_channel
from empathica.services.theme_views import SEGMENT_FIELDS, ThemeViews, parse_segment

__all__ = [
    "INGEST_CHUNK",
    "MAP_STAGES",
    "MAX_BATCH",
    "REPLY_CHANNELS",
    "REPLY_TONES",
    "SEGMENT_FIELDS",
    "Empathica",
    "FileResult",
    "InputError",
    "ReplayOutcome",
    "StoreResult",
    "ThemeFileReport",
    "build_overview",
    "load_analyzer",
    "parse_segment",
    "read_macros",
    "reply_channel",
    "themes_of_file",
]


class Empathica(Replies, ThemeViews, Changes, Access):
    """Entry point for every use case, built from settings by the outer layers."""
