"""A token-bucket rate limiter, in memory, one per process.

Each caller (an API key, a user, a client address) has a bucket of ``limit`` tokens that refills
continuously at ``limit`` per ``period``: short bursts up to the limit pass, a steady stream over
the rate is slowed to it. Buckets live in this process only, so with several server processes
each one counts on its own; that is enough to stop a runaway script or password guessing on one
server, and needs no shared store. The clock is passed in so tests can move time by hand.

The login limiter is keyed by client address, which anyone with many addresses can multiply:
so the limiter remembers at most ``max_callers`` buckets, forgetting the least recently seen
first (an idle bucket is full again and forgetting it loses nothing; a busy one forgotten only
gives that caller a fresh bucket), and IPv6 addresses are counted per /64 network, the block one
host is usually given, rather than per address.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from empathica.config import Rate

Clock = Callable[[], float]

#: The most callers one limiter remembers; about 100 bytes each, so memory stays near a megabyte.
PRUNE_AT = 10_000
#: IPv6 addresses sharing this many leading bits are one caller.
IPV6_PREFIX = 64


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``acquire(key)`` answers 0 when the call may go ahead, else the seconds until it may."""

    def __init__(self, rate: Rate, clock: Clock = time.monotonic, max_callers: int = PRUNE_AT) -> None:
        if max_callers < 1:
            raise ValueError(f"max_callers must be at least 1, not {max_callers}")
        self.rate = rate
        self._clock = clock
        self._per_second = rate.limit / rate.period
        self._max_callers = max_callers
        # Least recently seen first: eviction pops from the front, each call moves its bucket to the end.
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many callers are remembered now."""
        return len(self._buckets)

    def acquire(self, key: str) -> float:
        with self._lock:
            now = self._clock()
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self._max_callers:
                    self._evict(now)
                bucket = self._buckets[key] = _Bucket(float(self.rate.limit), now)
            else:
                self._buckets.move_to_end(key)
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(float(self.rate.limit), bucket.tokens + elapsed * self._per_second)
                bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self._per_second

    def _evict(self, now: float) -> None:
        """Forget every bucket idle for a whole period (full again), and at least the oldest one.

        Buckets are kept in the order they were last used, so the idle ones are all at the front:
        each call pops only what it forgets, never scans the rest.
        """
        full = self.rate.period
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if now - oldest.updated < full and len(self._buckets) < self._max_callers:
                break
            self._buckets.popitem(last=False)


def address_key(host: str) -> str:
    """The rate-limit key of a client address: IPv4 as is, IPv6 by its /64 network.

    One host on IPv6 usually holds a whole /64 and can pick a new address for every request;
    counting per address would give it 2**64 buckets. An IPv4 address mapped into IPv6
    (``::ffff:192.0.2.1``) counts as the IPv4 address it is.
    """
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return f"ip:{host}"  # not an address (a test client's name, "unknown"): used as given
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"ip:{address.ipv4_mapped}"
        return f"ip:{ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False)}"
    return f"ip:{address}"


def retry_after(seconds: float) -> str:
    """The ``Retry-After`` header: whole seconds, rounded up, never 0 (0 would invite a busy loop)."""
    return str(max(1, math.ceil(seconds)))
