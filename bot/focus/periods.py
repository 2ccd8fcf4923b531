"""From local wall-time schedules to UTC periods, correct across DST (pure).

The DST rules, applied to every schedule (focus blocks and working hours alike):

* Gap (spring forward; Europe/Amsterdam 2026-03-29 02:30 never happens): a boundary in the
  gap moves to the first instant after it, the transition itself (03:00 CEST). A window lying
  wholly inside the gap is empty that day.
* Fold (fall back; 2026-10-25 02:30 happens twice): a window *starts* at the first
  occurrence and *ends* at the second, so a window is never shorter than on a normal day.
  The same rule for working hours means a person is, if anything, reachable a little longer.

The zone's rules are read only through `zoneinfo`, so half-hour shifts (Australia/Lord_Howe)
and whole skipped days (Pacific/Apia, 2011-12-30) need no special cases.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.focus.schedule import DAYS_PER_WEEK, Schedule
from bot.zones import local_to_utc


@dataclass(frozen=True, order=True)
class Period:
    """A stretch of time between two aware UTC instants (end exclusive)."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        require_aware(self.start)
        require_aware(self.end)
        if not self.start < self.end:
            raise ValueError(f"a period must end after it starts: {self.start} .. {self.end}")

    def __contains__(self, instant: object) -> bool:
        return isinstance(instant, datetime) and self.start <= instant < self.end

    @property
    def length(self) -> timedelta:
        """How long the period lasts."""
        return self.end - self.start


def require_aware(instant: datetime) -> None:
    """Raise ValueError for a naive datetime: every instant in the model is aware."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"expected an aware datetime, got {instant!r}")


def utc_to_local(instant: datetime, tz: ZoneInfo) -> datetime:
    """The naive local wall time at an aware instant."""
    require_aware(instant)
    return instant.astimezone(tz).replace(tzinfo=None)


def week_start(day: date) -> date:
    """The Monday on or before a date."""
    return day - timedelta(days=day.weekday())


@lru_cache(maxsize=4096)
def _week_periods(schedule: Schedule, tz: ZoneInfo, monday: date) -> tuple[Period, ...]:
    # Cached because status checks, digest sweeps and `available_at` ask about the same
    # few weeks of the same schedules over and over; the result depends on nothing else.
    midnight = datetime.combine(monday, time())
    periods = []
    for window in schedule:
        start = local_to_utc(midnight + timedelta(minutes=window.start), tz, end=False)
        end = local_to_utc(midnight + timedelta(minutes=window.end), tz, end=True)
        if start < end:  # a window inside a DST gap does not happen that week
            periods.append(Period(start, end))
    return tuple(periods)


def schedule_periods(
    schedule: Schedule, tz: ZoneInfo, start: datetime, end: datetime
) -> tuple[Period, ...]:
    """The schedule's occurrences overlapping start..end, in UTC, merged and sorted."""
    require_aware(start)
    require_aware(end)
    if not schedule or start >= end:
        return ()
    # One week of margin on each side: a window lasts at most a week, and a zone's offset
    # can move the local date of `start` and `end` by up to a day.
    first = week_start(utc_to_local(start, tz).date()) - timedelta(days=DAYS_PER_WEEK)
    last = week_start(utc_to_local(end, tz).date()) + timedelta(days=DAYS_PER_WEEK)
    found: list[Period] = []
    monday = first
    while monday <= last:
        found.extend(p for p in _week_periods(schedule, tz, monday) if p.end > start)
        monday += timedelta(days=DAYS_PER_WEEK)
    return merge_periods(p for p in found if p.start < end)


class PeriodSet:
    """Merged, sorted periods that answer "does start..end overlap one?" by binary search:
    for asking it of many spans (every meeting of a feed) against one schedule_periods."""

    def __init__(self, periods: tuple[Period, ...]) -> None:
        self._starts = [period.start for period in periods]
        self._ends = [period.end for period in periods]

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether start..end overlaps one of the periods (an empty span overlaps none)."""
        if start >= end:
            return False
        # Merged periods are disjoint, so their ends are sorted too: the first that ends
        # after `start` is the only one that can overlap without starting after `end`.
        index = bisect_right(self._ends, start)
        return index < len(self._starts) and self._starts[index] < end


def merge_periods(periods: Iterable[Period]) -> tuple[Period, ...]:
    """Sort periods and join those that overlap or touch."""
    result: list[Period] = []
    for period in sorted(periods):
        if result and period.start <= result[-1].end:
            if period.end > result[-1].end:
                result[-1] = Period(result[-1].start, period.end)
        else:
            result.append(period)
    return tuple(result)


def period_at(periods: Iterable[Period], instant: datetime) -> Period | None:
    """The period containing the instant, if any."""
    return next((p for p in periods if instant in p), None)
