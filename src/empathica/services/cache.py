"""Insight results kept while the store they were built from is unchanged.

An empathy map or a "what changed" report takes seconds at 100k items, and the dashboard asks
for them on every load of the Personas and Map pages while the store rarely changes between two
loads. Each result is kept under the store's fingerprint (``Repository.map_state`` or
``insight_state``) and what was asked for: a new item or analysis changes the key, so a stale
result is never served and never has to be removed; it just ages out of the few kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from typing import Any

#: Results kept: a handful of segments and personas per kind; each can hold thousands of ids.
RESULTS_KEPT = 16


class ResultCache:
    """The most recently used results by key; safe to share between the server's threads."""

    def __init__(self, size: int = RESULTS_KEPT) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1 (got {size})")
        self._size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            if key not in self._data:
                return None
            self._data.move_to_end(key)
            return self._data[key]

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


@dataclass(frozen=True, slots=True)
class Cut:
    """The cut-off times that split a set of items the same way as one cut-off did.

    "Now" moves on every request, and so does "a week ago", but the items on each side of
    them change only when the cut-off passes an item's date: any time from the newest date at
    or before the cut-off (``low``) up to the next date after it (``high``, excluded) gives
    the same comparison. None means unbounded.
    """

    low: datetime | None
    high: datetime | None

    @classmethod
    def around(cls, moment: datetime, dates: Iterable[datetime | None]) -> Cut:
        low: datetime | None = None
        high: datetime | None = None
        for d in dates:
            if d is None:  # undated items count on both sides of every cut-off
                continue
            if d <= moment:
                low = d if low is None or d > low else low
            elif high is None or d < high:
                high = d
        return cls(low, high)

    def holds(self, moment: datetime) -> bool:
        return (self.low is None or self.low <= moment) and (self.high is None or moment < self.high)
