"""Corpus-level synthesis over analysed feedback: themes of pains and gains, personas, empathy maps.

Like the pipeline, this layer imports only the domain (and numpy) and takes its options as
arguments; services hand it embeddings, texts and analyses.
"""

from empathica.insights.clustering import ClusterOptions
from empathica.insights.edits import EditError, carry_over, merge, rename, split
from empathica.insights.empathy_map import blank_map, build_empathy_map
from empathica.insights.metrics import adjusted_rand_index, normalized_mutual_info, purity
from empathica.insights.personas import PersonaItem, PersonaOptions, build_personas
from empathica.insights.theme_changes import PolarityFlip, ThemeChanges, ThemeMove, theme_changes
from empathica.insights.theme_segments import SegmentThemes, ThemeMember, segment_themes
from empathica.insights.themes import MIN_ITEMS, NotEnoughData, ThemeResult, assign, build_themes, update

__all__ = [
    "MIN_ITEMS",
    "ClusterOptions",
    "EditError",
    "NotEnoughData",
    "PersonaItem",
    "PersonaOptions",
    "PolarityFlip",
    "SegmentThemes",
    "ThemeChanges",
    "ThemeMember",
    "ThemeMove",
    "ThemeResult",
    "adjusted_rand_index",
    "assign",
    "blank_map",
    "build_empathy_map",
    "build_personas",
    "build_themes",
    "carry_over",
    "merge",
    "normalized_mutual_info",
    "purity",
    "rename",
    "segment_themes",
    "split",
    "theme_changes",
    "update",
]
