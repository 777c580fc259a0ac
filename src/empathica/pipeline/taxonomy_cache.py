"""Analyzers for taxonomies sent with a request, fitted once per distinct YAML text.

Fitting a taxonomy means one encoder call over its examples (a few hundred milliseconds for
a hundred examples on two cores): cheap once, wasteful on every request of a client that
sends the same file each time. So variants are kept in a small LRU keyed by the SHA-256 of
the YAML text; an exact repeat costs a hash, and a server flooded with distinct files holds
at most ``max_size`` of them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from empathica.pipeline.analyzer import Analyzer
from empathica.pipeline.factory import with_taxonomy
from empathica.taxonomy import Taxonomy, parse_taxonomy, with_sections

#: Fitted variants kept by default; each holds only its small heads (the encoder is shared).
DEFAULT_CACHE_SIZE = 16


def taxonomy_key(text: str) -> str:
    """The cache key of a YAML text: its SHA-256, so the key is small whatever the file's size."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TaxonomyVariants:
    """``get(yaml_text)`` -> the base analyzer refitted on that taxonomy (over the base taxonomy).

    ``base_taxonomy`` is called once, at the first miss: the server's own taxonomy (defaults and
    configured files), which each request's sections replace section by section.
    """

    def __init__(
        self,
        base: Analyzer,
        base_taxonomy: Callable[[], Taxonomy],
        *,
        max_size: int = DEFAULT_CACHE_SIZE,
        source: str = "taxonomy",
    ) -> None:
        if max_size < 1:
            raise ValueError(f"max_size must be at least 1, got {max_size}")
        self.base = base
        self.max_size = max_size
        self.source = source
        self._base_taxonomy = base_taxonomy
        self._taxonomy: Taxonomy | None = None
        self._cache: OrderedDict[str, Analyzer] = OrderedDict()
        # One lock for lookups and fits: two requests with the same new file fit it once, and
        # fits are short enough that serialising them costs less than doing one twice.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._cache)

    def get(self, text: str) -> Analyzer:
        """Raises ``TaxonomyError`` naming the line (as ``taxonomy, line N: ...``) for a bad text."""
        key = taxonomy_key(text)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            sections = parse_taxonomy(text, self.source)
            if self._taxonomy is None:
                self._taxonomy = self._base_taxonomy()
            analyzer = with_taxonomy(self.base, with_sections(self._taxonomy, sections, self.source))
            self._cache[key] = analyzer
            while len(self._cache) > self.max_size:
                self._cache.popitem(last=False)
            return analyzer
