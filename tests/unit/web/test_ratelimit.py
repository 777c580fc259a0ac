"""The token bucket: with a clock moved by hand, and once with the real clock."""

from __future__ import annotations

import time

import pytest

from empathica.config import Rate
from empathica.web.ratelimit import PRUNE_AT, RateLimiter, retry_after


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
