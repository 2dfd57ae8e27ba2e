"""Time for the study core: UTC instants, injectable clocks and the learner's local day.

Everything the core stores or compares is an aware UTC :class:`~datetime.datetime` (in SQLite:
UTC epoch seconds). Only two questions need the learner's wall clock: *which day is it*
(new-per-day limit, "done today", streaks) and *when does that day start*. Days start at local
midnight in the learner's time zone: the ``timezone`` setting (an IANA name such as
``Asia/Shanghai``), or the system's zone when it is unset.

A clock is any callable returning an aware UTC datetime; the default is :func:`utc_now`, tests
pass a :class:`FixedClock`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], datetime]
"""A function returning the current instant as an aware UTC datetime."""


class TimeZoneError(ValueError):
    """An unknown time zone name (the message says which)."""


def utc_now() -> datetime:
    """The current instant.

    Returns:
        An aware datetime in UTC.
    """
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The same instant expressed in UTC.

    Args:
        moment: an aware datetime; a naive one is taken to be UTC already.

    Returns:
        An aware UTC datetime.
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_epoch(moment: datetime) -> float:
    """UTC epoch seconds of an instant (naive datetimes are taken as UTC)."""
    return as_utc(moment).timestamp()


def from_epoch(seconds: float) -> datetime:
    """The aware UTC datetime of UTC epoch seconds."""
    return datetime.fromtimestamp(seconds, UTC)


class FixedClock:
    """A clock that stands still until moved; for tests and simulations.

    Args:
        start: the instant it shows (naive means UTC).
    """

    def __init__(self, start: datetime) -> None:
        self.now = as_utc(start)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward by ``timedelta(**delta)``.

        Returns:
            The new instant.
        """
        self.now = self.now + timedelta(**delta)
        return self.now

    def set(self, moment: datetime) -> None:
        """Show this instant from now on."""
        self.now = as_utc(moment)


def system_zone() -> tzinfo:
    """The system's local time zone (a fixed-offset zone if no IANA name can be found)."""
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC


def get_zone(name: str | None) -> tzinfo:
    """The time zone with this IANA name, or the system's for None / "" / "local".

    Args:
        name: e.g. ``Asia/Shanghai`` or ``Europe/Berlin``.

    Returns:
        A tzinfo.

    Raises:
        TimeZoneError: the name is not a known IANA zone.
    """
    if not name or name.lower() in {"local", "system"}:
        return system_zone()
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        message = f"unknown time zone '{name}' (use an IANA name like Asia/Shanghai)"
        raise TimeZoneError(message) from None


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The learner's calendar day at ``moment``.

    Args:
        moment: an instant (naive means UTC).
        zone: the learner's time zone.

    Returns:
        The local date.
    """
    return as_utc(moment).astimezone(zone).date()


def day_start(day: date, zone: tzinfo) -> datetime:
    """The UTC instant of local midnight starting ``day``.

    A midnight that does not exist (a DST jump at 00:00) resolves to the first instant of the
    day; this is what ``zoneinfo`` does with ``fold=0``.

    Args:
        day: a local calendar date.
        zone: the learner's time zone.

    Returns:
        An aware UTC datetime.
    """
    local = datetime.combine(day, time(0, 0), tzinfo=zone)
    return local.astimezone(UTC)


def day_bounds(moment: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """Start and end (exclusive) in UTC of the learner's day containing ``moment``.

    Args:
        moment: an instant.
        zone: the learner's time zone.

    Returns:
        ``(start, end)``; a day is 23, 24 or 25 hours long around DST changes.
    """
    today = local_day(moment, zone)
    return day_start(today, zone), day_start(today + timedelta(days=1), zone)


def days_between(earlier: datetime, later: datetime) -> float:
    """Elapsed days (fractional) between two instants; negative if ``later`` is earlier."""
    return (as_utc(later) - as_utc(earlier)).total_seconds() / 86400.0
