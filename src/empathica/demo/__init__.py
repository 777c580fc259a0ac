"""The bundled demo data: fictional feedback for "Kettleby Home", written by the project.

The files ship inside the package so ``empathica demo`` and the quickstart work offline, straight
after ``pip install``. Callers get a real filesystem path because the importers and the CLI open
files by path; when the package is imported from a zip, the file is extracted once and kept until
the interpreter exits.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["DEMO_FILE", "MESSY_FILE", "demo_path", "messy_path"]

DEMO_FILE = "feedback.jsonl"
MESSY_FILE = "messy.csv"

_extracted = ExitStack()
atexit.register(_extracted.close)


def _resource_path(name: str) -> Path:
    resource = files(__name__) / name
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(as_file(resource))


def demo_path() -> Path:
    """About 300 realistic feedback items (JSON Lines) that every new user sees first."""
    return _resource_path(DEMO_FILE)


def messy_path() -> Path:
    """A small CSV whose rows are broken on purpose, to show how bad input is rejected."""
    return _resource_path(MESSY_FILE)
