"""The kept results of the insight use cases: most recently used first, and cut-off ranges."""

from datetime import UTC, datetime, timedelta

import pytest

from empathica.services.cache import Cut, ResultCache

DAY = datetime(2026, 3, 16, 10, tzinfo=UTC)


def test_the_least_recently_used_result_goes_first() -> None:
    cache = ResultCache(size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)
    cache.put("a", 4)
    assert cache.get("a") == 4 and len(cache) == 2
    with pytest.raises(ValueError, match="at least 1"):
        ResultCache(size=0)


def test_a_cut_holds_until_the_moment_passes_an_item() -> None:
    dates = [DAY - timedelta(days=2), DAY, None, DAY + timedelta(hours=5)]
    cut = Cut.around(DAY + timedelta(hours=1), dates)
    assert (cut.low, cut.high) == (DAY, DAY + timedelta(hours=5))
    assert cut.holds(DAY) and cut.holds(DAY + timedelta(hours=4, minutes=59))
    assert not cut.holds(DAY - timedelta(seconds=1))  # the 10:00 item would be after the cut-off
    assert not cut.holds(DAY + timedelta(hours=5))  # the 15:00 item would be before it
    before_all = Cut.around(DAY - timedelta(days=3), dates)
    assert before_all.low is None and before_all.holds(datetime(2000, 1, 1, tzinfo=UTC))
    after_all = Cut.around(DAY + timedelta(days=1), dates)
    assert after_all.high is None and after_all.holds(datetime(2100, 1, 1, tzinfo=UTC))
    assert Cut.around(DAY, [None]).holds(DAY - timedelta(days=999))  # undated items never move
