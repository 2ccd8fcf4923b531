"""Days a person does not work at all: leave and public holidays (pure).

A day off is a whole local day in the person's zone: every instant whose local date is
that day. So it runs from the first instant of its date to the first instant of the next:
a fold just after midnight (America/Havana, 01:00 back to 00:00) makes the next day 25
hours long, not this one, and a gap at midnight (America/Santiago) moves a day's start to
the end of the gap. The property tests check the periods against that local-date rule.

Public holidays come in as any container of dates (holidays.py wraps the `holidays`
package in one, computed per year and cached), so this module stays standard library only.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.focus.periods import require_aware, utc_to_local
from bot.zones import local_to_utc

# Leave entered by the person themselves, and leave from out-of-office events in their own
# calendar feed (replaced on each sync: calendar_leave.py).
FROM_COMMAND = "command"
FROM_CALENDAR = "calendar"
# A run of days off longer than this is not looked past: "away until 2040" stays answerable.
MAX_DAYS_OFF_RUN = 400
ONE_DAY = timedelta(days=1)
# Why a day is off, as FocusState.away_reason and the sender's note say it.
LEAVE = "on leave"
HOLIDAY = "on a public holiday"


@dataclass(frozen=True, order=True)
class Leave:
    """Leave from `starts_on` to `ends_on`, both inclusive, in the person's own days."""

    starts_on: date
    ends_on: date
    source: str = FROM_COMMAND

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError(f"leave must not end before it starts: {self}")

    def covers(self, day: date) -> bool:
        """Whether the person is on this leave on `day`."""
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class DaysOff:
    """A person's leave and public holidays: the local days they are not reachable at all."""

    leave: tuple[Leave, ...] = ()
    holidays: Container[date] | None = None

    def __bool__(self) -> bool:
        return bool(self.leave) or self.holidays is not None

    def leave_on(self, day: date) -> Leave | None:
        """The leave covering `day`, if any (the one that ends last, when several do)."""
        covering = [leave for leave in self.leave if leave.covers(day)]
        return max(covering, key=lambda leave: leave.ends_on) if covering else None

    def is_holiday(self, day: date) -> bool:
        """Whether `day` is a public holiday where the person works."""
        return self.holidays is not None and day in self.holidays

    def is_off(self, day: date) -> bool:
        """Whether `day` is a day off: on leave, or a public holiday."""
        return self.leave_on(day) is not None or self.is_holiday(day)


NO_DAYS_OFF = DaysOff()


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of a local day, in UTC."""
    return local_to_utc(datetime.combine(day, time()), tz, end=False)


def day_end(day: date, tz: ZoneInfo) -> datetime:
    """The instant a local day ends: the first instant of the next local date."""
    return day_start(day + ONE_DAY, tz)


def local_day(at: datetime, tz: ZoneInfo) -> date:
    """The person's calendar day at an instant."""
    return utc_to_local(at, tz).date()


def on_day_off(days_off: DaysOff, tz: ZoneInfo, at: datetime) -> bool:
    """Whether `at` falls on one of the person's days off."""
    require_aware(at)
    return bool(days_off) and days_off.is_off(local_day(at, tz))


def day_off_reason(days_off: DaysOff, tz: ZoneInfo, at: datetime) -> str | None:
    """LEAVE or HOLIDAY when `at` falls on a day off (leave wins), else None."""
    require_aware(at)
    if not days_off:
        return None
    day = local_day(at, tz)
    if days_off.leave_on(day) is not None:
        return LEAVE
    return HOLIDAY if days_off.is_holiday(day) else None


def days_off_end(days_off: DaysOff, tz: ZoneInfo, at: datetime) -> datetime | None:
    """When the run of days off that `at` falls in ends (None: `at` is not on a day off).

    Back-to-back leave and holidays count as one run: a holiday Monday after a week of leave
    means back on Tuesday.
    """
    require_aware(at)
    if not days_off:
        return None
    first = local_day(at, tz)
    if not days_off.is_off(first):
        return None
    last = first
    while days_off.is_off(last + ONE_DAY) and (last - first).days < MAX_DAYS_OFF_RUN:
        leave = days_off.leave_on(last + ONE_DAY)
        last = leave.ends_on if leave is not None else last + ONE_DAY
    return day_end(last, tz)


def next_day_off_start(
    days_off: DaysOff, tz: ZoneInfo, at: datetime, until: datetime
) -> datetime | None:
    """The start of the first day off that begins after `at` and before `until`, if any."""
    require_aware(at)
    if not days_off:
        return None
    day = local_day(at, tz) + ONE_DAY
    while (start := day_start(day, tz)) < until:
        if start > at and days_off.is_off(day):
            return start
        day += ONE_DAY
    return None
