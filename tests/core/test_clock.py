"""The learner's day: local midnight in a configurable IANA zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from trainer.core.clock import (
    FixedClock,
    TimeZoneError,
    as_utc,
    day_bounds,
    day_start,
    from_epoch,
    get_zone,
    local_day,
    to_epoch,
    utc_now,
)


def test_utc_now_is_aware_utc() -> None:
    now = utc_now()
    assert now.tzinfo is UTC


def test_fixed_clock_stands_still_until_moved() -> None:
    clock = FixedClock(datetime(2026, 3, 1, 12, 0))
    assert clock() == datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert clock() == clock()
    clock.advance(hours=13)
    assert clock() == datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_local_day_changes_at_local_midnight_not_utc() -> None:
    shanghai = get_zone("Asia/Shanghai")  # UTC+8
    before = datetime(2026, 3, 1, 15, 59, tzinfo=UTC)  # 23:59 in Shanghai
    after = datetime(2026, 3, 1, 16, 1, tzinfo=UTC)  # 00:01 next day in Shanghai
    assert local_day(before, shanghai) == date(2026, 3, 1)
    assert local_day(after, shanghai) == date(2026, 3, 2)
    start, end = day_bounds(before, shanghai)
    assert start == datetime(2026, 2, 28, 16, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 1, 16, 0, tzinfo=UTC)


def test_a_dst_day_is_23_hours_long() -> None:
    berlin = get_zone("Europe/Berlin")
    start, end = day_bounds(datetime(2026, 3, 29, 12, 0, tzinfo=UTC), berlin)
    assert end - start == timedelta(hours=23)
    assert day_start(date(2026, 3, 29), berlin) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)


def test_unknown_zone_is_a_clear_error() -> None:
    with pytest.raises(TimeZoneError, match="Mars/Olympus"):
        get_zone("Mars/Olympus")


def test_empty_zone_means_the_system_zone() -> None:
    zone = get_zone(None)
    assert datetime(2026, 1, 1, tzinfo=zone).utcoffset() is not None
    assert get_zone("") is not None and get_zone("UTC") is UTC


def test_epoch_round_trip() -> None:
    moment = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)
    assert from_epoch(to_epoch(moment)) == moment
    assert as_utc(datetime(2026, 1, 1)) == datetime(2026, 1, 1, tzinfo=UTC)
