"""Empathica: read what people write and learn how they feel, why, and how to answer them.

The library API is deliberately small; everything else goes through ``empathica.services``.
Heavy imports (the model runtime, the database) happen on first use, not on import.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from empathica.domain import Analysis, LabelScores

if TYPE_CHECKING:
    from empathica.config import Settings
    from empathica.services import Empathica

__version__ = "0.1.0"
__all__ = ["Analysis", "LabelScores", "__version__", "analyze"]


@lru_cache(maxsize=4)
def _service(settings: Settings) -> Empathica:
    from empathica.services import Empathica

    return Empathica(settings)


def analyze(
    texts: str | Sequence[str],
    *,
    ids: Sequence[str | None] | None = None,
    metadata: Sequence[dict[str, Any]] | None = None,
    settings: Settings | None = None,
) -> list[Analysis]:
    """Analyse texts with the bundled model; the model is loaded once per process and settings.

    >>> [a.sentiment for a in analyze(["Thank you, that was quick!"])]  # doctest: +SKIP
    ['positive']
    """
    from empathica.config import Settings

    batch = [texts] if isinstance(texts, str) else list(texts)
    return _service(settings or Settings.from_env()).analyze(batch, ids, metadata)
