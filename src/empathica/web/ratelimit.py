"""A token-bucket rate limiter, in memory, one per process.

Each caller (an API key, a user, a client address) has a bucket of ``limit`` tokens that refills
continuously at ``limit`` per ``period``: short bursts up to the limit pass, a steady stream over
the rate is slowed to it. Buckets live in this process only, so with several server processes
each one counts on its own; that is enough to stop a runaway script or password guessing on one
server, and needs no shared store. The clock is passed in so tests can move time by hand.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from empathica.config import Rate

Clock = Callable[[], float]

#: Past this many callers, buckets that have refilled completely are forgotten (they hold no state).
PRUNE_AT = 10_000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``acquire(key)`` answers 0 when the call may go ahead, else the seconds until it may."""

    def __init__(self, rate: Rate, clock: Clock = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._per_second = rate.limit / rate.period
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float:
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= PRUNE_AT:
                    self._prune(now)
                bucket = self._buckets[key] = _Bucket(float(self.rate.limit), now)
            else:
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(float(self.rate.limit), bucket.tokens + elapsed * self._per_second)
                bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self._per_second

    def _prune(self, now: float) -> None:
        full = self.rate.period  # a bucket untouched for a whole period is full again
        for key in [k for k, b in self._buckets.items() if now - b.updated >= full]:
            del self._buckets[key]


def retry_after(seconds: float) -> str:
    """The ``Retry-After`` header: whole seconds, rounded up, never 0 (0 would invite a busy loop)."""
    return str(max(1, math.ceil(seconds)))
