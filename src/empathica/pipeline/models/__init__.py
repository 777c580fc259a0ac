"""Bundled model files, shipped inside the package so nothing is downloaded at run time."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: Folder name of the default emotion model bundle under this package.
DEFAULT_MODEL = "emotion-minilm"


def bundled_model_dir(name: str = DEFAULT_MODEL) -> Path:
    """Filesystem path of a bundled model folder (the package is installed unzipped)."""
    return Path(str(files(__name__).joinpath(name)))
