"""Editable label sets (causes, needs, journey stages) with example phrases, and their loader.

This package is data plus a validating loader; it imports only the standard library and PyYAML,
so any layer may read a taxonomy.
"""

from empathica.taxonomy.loader import (
    DEFAULT_FILES,
    POLARITIES,
    SECTIONS,
    Label,
    Taxonomy,
    default_taxonomy_dir,
    load_taxonomy,
    load_taxonomy_file,
    parse_taxonomy,
    with_sections,
    with_thresholds,
)
from empathica.taxonomy.yaml_nodes import TaxonomyError

__all__ = [
    "DEFAULT_FILES",
    "POLARITIES",
    "SECTIONS",
    "Label",
    "Taxonomy",
    "TaxonomyError",
    "default_taxonomy_dir",
    "load_taxonomy",
    "load_taxonomy_file",
    "parse_taxonomy",
    "with_sections",
    "with_thresholds",
]
