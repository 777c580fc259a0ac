"""Corpus-level synthesis over analysed feedback: themes of pains and gains (personas and maps later).

Like the pipeline, this layer imports only the domain (and numpy) and takes its options as
arguments; services hand it embeddings, texts and analyses.
"""

from empathica.insights.clustering import ClusterOptions
from empathica.insights.metrics import adjusted_rand_index, normalized_mutual_info, purity
from empathica.insights.themes import MIN_ITEMS, NotEnoughData, ThemeResult, assign, build_themes, update

__all__ = [
    "MIN_ITEMS",
    "ClusterOptions",
    "NotEnoughData",
    "ThemeResult",
    "adjusted_rand_index",
    "assign",
    "build_themes",
    "normalized_mutual_info",
    "purity",
    "update",
]
