"""Hypothesis strategies and helpers shared by the focus unit tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from bot.focus.schedule import MINUTES_PER_DAY, Schedule, WeeklySpec, add_windows

# Real zones with the traps: 1 h DST both hemispheres, 30-minute DST (Lord_Howe), no DST
# with a half-hour offset (Kolkata), 45-minute offsets (Chatham, Kathmandu), DST at midnight
# (Santiago, Havana), a whole skipped day in 2011 (Apia), and plain UTC.
ZONES = (
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "America/Santiago",
    "America/Havana",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Europe/London",
    "Pacific/Apia",
    "UTC",
)


@cache
def transitions(zone: str, year: int = 2026) -> tuple[datetime, ...]:
    """The instants in a year at which the zone's UTC offset changes (to the minute)."""
    tz = ZoneInfo(zone)
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        following = day + timedelta(days=1)
        if day.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
            low, high = day, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(tz).utcoffset() == low.astimezone(tz).utcoffset():
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
        day = following
    return tuple(found)


zones = st.sampled_from(ZONES)

plain_instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@st.composite
def instants_for(draw: st.DrawFn, zone: str) -> datetime:
    """Any instant in 2025-2027, often within two days of one of the zone's DST changes."""
    changes = transitions(zone)
    near_a_change = draw(st.booleans())
    if changes and near_a_change:
        change = draw(st.sampled_from(changes))
        return change + timedelta(seconds=draw(st.integers(-2 * 86400, 2 * 86400)))
    return draw(plain_instants)


minutes_of_day = st.integers(0, MINUTES_PER_DAY - 1)
day_sets = st.sets(st.integers(0, 6), min_size=1, max_size=7).map(lambda d: tuple(sorted(d)))


@st.composite
def specs(draw: st.DrawFn) -> WeeklySpec:
    """A valid `<days> <start>-<end>`: any days, start 00:00..23:59, end ≠ start up to 24:00."""
    days = draw(day_sets)
    start = draw(minutes_of_day)
    end = draw(st.integers(0, MINUTES_PER_DAY).filter(lambda e: e != start))
    return WeeklySpec(days, start, end)


@st.composite
def schedules(draw: st.DrawFn, max_specs: int = 4) -> Schedule:
    """A schedule built the way people build one: a few specs added together."""
    schedule: Schedule = ()
    for spec in draw(st.lists(specs(), max_size=max_specs)):
        schedule = add_windows(schedule, spec.days, spec.start, spec.end)
    return schedule


def minute_set(schedule: Schedule) -> set[int]:
    """The schedule as a set of minutes of the week: the obvious model to check against."""
    return {minute for window in schedule for minute in range(window.start, window.end)}
