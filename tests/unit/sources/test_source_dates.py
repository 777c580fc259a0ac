"""Every accepted date shape, and the refusals that must explain themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from empathica.sources.dates import DateError, parse_date

MARCH_5 = datetime(2026, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-05", MARCH_5),
        ("2026-03-05T14:30:00", MARCH_5.replace(hour=14, minute=30)),
        ("2026-03-05T14:30:00Z", MARCH_5.replace(hour=14, minute=30)),
        ("2026-03-05T14:30:00+02:00", MARCH_5.replace(hour=12, minute=30)),
        ("2026-03-05T14:30:00.250-05:00", MARCH_5.replace(hour=19, minute=30, microsecond=250_000)),
        ("2026-03-05 14:30", MARCH_5.replace(hour=14, minute=30)),
        ("2026-03-05 14:30:15", MARCH_5.replace(hour=14, minute=30, second=15)),
        ("2026/03/05", MARCH_5),
        ("2026/3/5 08:05", MARCH_5.replace(hour=8, minute=5)),
        ("5 Mar 2026", MARCH_5),
        ("5 March 2026", MARCH_5),
        ("Thu, 5 Mar 2026 14:30:00", MARCH_5.replace(hour=14, minute=30)),
        ("Mar 5, 2026", MARCH_5),
        ("March 5, 2026", MARCH_5),
        ("september 5th, 2026", datetime(2026, 9, 5, tzinfo=UTC)),
        ("1772668800", MARCH_5),
        ("1772668800000", MARCH_5),
        ("1772668800.5", MARCH_5 + timedelta(milliseconds=500)),
        (1772668800, MARCH_5),
        (1772668800000, MARCH_5),
        ("  2026-03-05  ", MARCH_5),
        ("25/12/2026", datetime(2026, 12, 25, tzinfo=UTC)),
        ("12/25/2026", datetime(2026, 12, 25, tzinfo=UTC)),
        ("04/04/2026", datetime(2026, 4, 4, tzinfo=UTC)),
        (datetime(2026, 3, 5, 9, 0), MARCH_5.replace(hour=9)),
        (datetime(2026, 3, 5, 9, 0, tzinfo=timezone(timedelta(hours=9))), MARCH_5),
    ],
)
def test_accepted_dates_come_back_in_utc(value: object, expected: datetime) -> None:
    parsed = parse_date(value)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


def test_ambiguous_day_month_is_refused_with_both_readings_and_the_fix() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("03/04/2026")
    message = str(caught.value)
    assert "ambiguous" in message
    assert "3 April 2026" in message
    assert "March 4, 2026" in message
    assert "YYYY-MM-DD" in message


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("03/04/26", "two-digit year"),
        ("2026-02-30", "cannot be read"),
        ("2026/02/30", "not a real date"),
        ("31 Foo 2026", "not a month name"),
        ("next tuesday", "not a date format"),
        ("12345", "not a unix time"),
        (123456789012, "not a unix time"),
        (float("nan"), "not a unix time"),
        (True, "not a date"),
        ([2026, 3, 5], "not a date"),
        ("   ", "empty"),
        ("13/14/2026", "neither"),
    ],
)
def test_unreadable_dates_say_why(value: object, words: str) -> None:
    with pytest.raises(DateError, match=words):
        parse_date(value)
