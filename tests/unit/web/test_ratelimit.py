"""The token bucket: with a clock moved by hand, and once with the real clock."""

from __future__ import annotations

import time

import pytest

from empathica.config import Rate
from empathica.web.ratelimit import PRUNE_AT, RateLimiter, address_key, retry_after


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_up_to_the_limit_passes_then_the_wait_is_one_token() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(3, 60.0), clock)
    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("a") == pytest.approx(20.0)  # one token per 20 s
    clock.now += 5
    assert limiter.acquire("a") == pytest.approx(15.0)  # refused calls spend nothing
    clock.now += 15
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") == pytest.approx(20.0)


def test_callers_have_their_own_buckets_and_a_bucket_never_overfills() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(2, 10.0), clock)
    assert limiter.acquire("a") == limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0
    assert limiter.acquire("b") == 0.0  # a's burst costs b nothing
    clock.now += 3600  # an hour idle refills to the limit, not to 720 calls
    assert [limiter.acquire("a") for _ in range(3)][2] > 0


def test_a_clock_going_backwards_gives_no_free_tokens() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(1, 10.0), clock)
    assert limiter.acquire("a") == 0.0
    clock.now -= 100
    assert limiter.acquire("a") == pytest.approx(10.0)


def test_idle_full_buckets_are_forgotten_when_there_are_many_callers() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(1, 1.0), clock)
    for i in range(PRUNE_AT):
        limiter.acquire(f"ip:{i}")
    clock.now += 2
    limiter.acquire("newcomer")
    assert len(limiter._buckets) == 1


def test_memory_stays_bounded_while_every_caller_is_busy() -> None:
    """Many addresses each guessing once within the period: none is idle, yet memory must not grow."""
    clock = FakeClock()
    limiter = RateLimiter(Rate(10, 3600.0), clock)
    started = time.perf_counter()
    for i in range(PRUNE_AT + 2000):
        limiter.acquire(f"ip:{i}")
        clock.now += 0.001
    assert len(limiter) == PRUNE_AT
    assert time.perf_counter() - started < 5.0  # no scan of every bucket for each newcomer


def test_when_full_the_least_recently_seen_caller_is_forgotten() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(1, 3600.0), clock, max_callers=3)
    assert limiter.acquire("guesser") == 0.0
    for key in ("b", "c"):
        clock.now += 1
        limiter.acquire(key)
    clock.now += 1
    assert limiter.acquire("guesser") > 0  # still limited, and now the most recently seen
    clock.now += 1
    limiter.acquire("d")  # full: "b" goes, not the guesser
    assert len(limiter) == 3
    assert limiter.acquire("guesser") > 0
    assert limiter.acquire("b") == 0.0  # forgotten, so it starts afresh


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("192.0.2.7", "ip:192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "ip:2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "ip:2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "ip:2001:db8:1:3::/64"),
        ("::ffff:192.0.2.7", "ip:192.0.2.7"),
        ("testclient", "ip:testclient"),
    ],
)
def test_ipv6_addresses_count_per_64_network(host: str, key: str) -> None:
    assert address_key(host) == key


def test_retry_after_is_whole_seconds_never_zero() -> None:
    assert retry_after(0.01) == "1"
    assert retry_after(1.0) == "1"
    assert retry_after(1.2) == "2"


def test_with_the_real_clock() -> None:
    limiter = RateLimiter(Rate(2, 0.2))  # time.monotonic
    assert limiter.acquire("a") == limiter.acquire("a") == 0.0
    wait = limiter.acquire("a")
    assert 0 < wait <= 0.1
    time.sleep(wait + 0.02)
    assert limiter.acquire("a") == 0.0
