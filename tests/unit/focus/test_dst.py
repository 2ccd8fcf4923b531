"""Local wall time to UTC across DST gaps and folds, and what that does to focus blocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.focus.model import available_at, focus_period_at, in_focus, off_hours
from bot.focus.periods import Period, PeriodSet, schedule_periods
from bot.focus.schedule import MINUTES_PER_DAY, Schedule, windows_for
from bot.zones import local_to_utc
from tests.unit.focus.strategies import ZONES, instants_for, minute_set, schedules, transitions

H = 60
SUN = 6
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KOLKATA = ZoneInfo("Asia/Kolkata")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "wall", "expected"),
    [
        # Spring forward: the wall time does not exist; both sides move to the transition.
        (AMSTERDAM, datetime(2026, 3, 29, 2, 30), utc(2026, 3, 29, 1, 0)),
        (AMSTERDAM, datetime(2026, 3, 29, 2, 0), utc(2026, 3, 29, 1, 0)),
        (NEW_YORK, datetime(2026, 3, 8, 2, 30), utc(2026, 3, 8, 7, 0)),
        # Lord Howe moves 30 minutes: 02:00 -> 02:30.
        (LORD_HOWE, datetime(2026, 10, 4, 2, 15), utc(2026, 10, 3, 15, 30)),
        # Apia skipped 30 December 2011 altogether.
        (ZoneInfo("Pacific/Apia"), datetime(2011, 12, 30, 12, 0), utc(2011, 12, 30, 10, 0)),
    ],
)
def test_a_wall_time_in_a_gap_moves_to_the_end_of_the_gap(
    tz: ZoneInfo, wall: datetime, expected: datetime
) -> None:
    assert local_to_utc(wall, tz, end=False) == expected
    assert local_to_utc(wall, tz, end=True) == expected


@pytest.mark.parametrize(
    ("tz", "wall", "first", "second"),
    [
        (
            AMSTERDAM,
            datetime(2026, 10, 25, 2, 30),
            utc(2026, 10, 25, 0, 30),
            utc(2026, 10, 25, 1, 30),
        ),
        (NEW_YORK, datetime(2026, 11, 1, 1, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)),
        # Lord Howe falls back 30 minutes: 02:00 -> 01:30, so 01:45 happens at +11 and +10:30.
        (LORD_HOWE, datetime(2026, 4, 5, 1, 45), utc(2026, 4, 4, 14, 45), utc(2026, 4, 4, 15, 15)),
    ],
)
def test_a_wall_time_in_a_fold_starts_at_the_first_and_ends_at_the_second(
    tz: ZoneInfo, wall: datetime, first: datetime, second: datetime
) -> None:
    assert local_to_utc(wall, tz, end=False) == first
    assert local_to_utc(wall, tz, end=True) == second


def test_a_zone_without_dst_is_a_fixed_offset() -> None:
    for wall in (datetime(2026, 3, 29, 2, 30), datetime(2026, 10, 25, 2, 30)):
        assert local_to_utc(wall, KOLKATA, end=False) == wall.replace(tzinfo=UTC) - timedelta(
            hours=5, minutes=30
        )
        assert local_to_utc(wall, KOLKATA, end=True) == local_to_utc(wall, KOLKATA, end=False)


def test_local_to_utc_refuses_aware_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_to_utc(utc(2026, 1, 1), AMSTERDAM, end=False)


def sunday(start: tuple[int, int], end: tuple[int, int]) -> Schedule:
    return windows_for([SUN], start[0] * H + start[1], end[0] * H + end[1])


def periods_on(schedule: Schedule, tz: ZoneInfo, day: datetime) -> tuple[Period, ...]:
    return schedule_periods(schedule, tz, day - timedelta(hours=12), day + timedelta(hours=36))


def test_block_ending_in_the_spring_gap_ends_when_the_gap_ends() -> None:
    # Sunday 29 March 2026, Amsterdam: 01:00 CET .. "02:30" = 03:00 CEST, one real hour.
    [period] = periods_on(sunday((1, 0), (2, 30)), AMSTERDAM, utc(2026, 3, 29))
    assert period == Period(utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 1, 0))


def test_block_starting_in_the_spring_gap_starts_when_the_gap_ends() -> None:
    [period] = periods_on(sunday((2, 30), (4, 0)), AMSTERDAM, utc(2026, 3, 29))
    assert period == Period(utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 2, 0))


def test_block_inside_the_spring_gap_does_not_happen_that_day() -> None:
    assert periods_on(sunday((2, 10), (2, 50)), AMSTERDAM, utc(2026, 3, 29)) == ()
    # ... but it does the next week.
    assert len(periods_on(sunday((2, 10), (2, 50)), AMSTERDAM, utc(2026, 4, 5))) == 1


def test_block_in_the_autumn_fold_never_shrinks() -> None:
    # 02:00-03:00 on 25 October 2026 runs from the first 02:00 (CEST) to the second 03:00
    # (well, 03:00 CET): two real hours instead of one.
    [period] = periods_on(sunday((2, 0), (3, 0)), AMSTERDAM, utc(2026, 10, 25))
    assert period == Period(utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 2, 0))
    second_half_past_two = utc(2026, 10, 25, 1, 30)
    assert in_focus(sunday((2, 0), (3, 0)), None, AMSTERDAM, second_half_past_two)


def test_block_ending_in_the_autumn_fold_ends_at_the_second_occurrence() -> None:
    schedule = sunday((1, 0), (2, 30))
    [period] = periods_on(schedule, AMSTERDAM, utc(2026, 10, 25))
    assert period == Period(utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 1, 30))


def test_new_york_fold_one_to_two_am() -> None:
    # 1 November 2026: 01:00-02:00 EDT, then 01:00-02:00 EST again.
    schedule = sunday((1, 0), (1, 30))
    [period] = periods_on(schedule, NEW_YORK, utc(2026, 11, 1))
    assert period == Period(utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 6, 30))


def test_lord_howe_half_hour_gap() -> None:
    # 4 October 2026: 02:00 (+10:30) jumps to 02:30 (+11).
    schedule = sunday((1, 0), (2, 15))
    [period] = periods_on(schedule, LORD_HOWE, utc(2026, 10, 3, 12))
    assert period == Period(utc(2026, 10, 3, 14, 30), utc(2026, 10, 3, 15, 30))


def test_a_night_block_across_the_spring_change_is_an_hour_shorter_in_real_time() -> None:
    schedule = windows_for([5], 22 * H, 6 * H)  # Saturday 22:00 - Sunday 06:00
    [period] = periods_on(schedule, AMSTERDAM, utc(2026, 3, 28, 12))
    assert period.length == timedelta(hours=7)
    [period] = periods_on(schedule, AMSTERDAM, utc(2026, 10, 24, 12))
    assert period.length == timedelta(hours=9)


def test_working_day_after_a_block_ending_in_the_gap() -> None:
    # Focus until "02:30" on the night of the change: mentions arrive at 03:00 CEST.
    blocks = sunday((0, 0), (2, 30))
    at = utc(2026, 3, 28, 23, 30)  # Sunday 00:30 CET
    assert available_at(blocks, None, (), AMSTERDAM, at) == utc(2026, 3, 29, 1, 0)


def test_focus_period_during_the_fold_reports_the_second_end() -> None:
    blocks = sunday((1, 0), (2, 30))
    period = focus_period_at(blocks, None, AMSTERDAM, utc(2026, 10, 25, 1, 0))
    assert period is not None
    assert period.end == utc(2026, 10, 25, 1, 30)


# Properties over real zones and instants near their DST changes.


@st.composite
def zone_and_instant(draw: st.DrawFn) -> tuple[ZoneInfo, datetime]:
    zone = draw(st.sampled_from(ZONES))
    return ZoneInfo(zone), draw(instants_for(zone))


def steady(tz: ZoneInfo, at: datetime) -> bool:
    """No offset change within 8 days of `at`: wall-clock arithmetic is exact there."""
    offsets = {(at + timedelta(hours=h)).astimezone(tz).utcoffset() for h in range(-192, 193, 6)}
    return len(offsets) == 1


@settings(max_examples=100, deadline=None)
@given(schedules(), zone_and_instant())
def test_away_from_dst_changes_focus_is_just_the_wall_clock(
    blocks: Schedule, zone_instant: tuple[ZoneInfo, datetime]
) -> None:
    tz, at = zone_instant
    assume(steady(tz, at))
    local = at.astimezone(tz)
    minute = local.weekday() * MINUTES_PER_DAY + local.hour * H + local.minute
    assert in_focus(blocks, None, tz, at) == (minute in minute_set(blocks))
    assert off_hours(blocks, tz, at) == bool(blocks and minute not in minute_set(blocks))


@settings(max_examples=100, deadline=None)
@given(schedules(), zone_and_instant())
def test_focus_periods_are_sorted_apart_and_never_inverted(
    blocks: Schedule, zone_instant: tuple[ZoneInfo, datetime]
) -> None:
    tz, at = zone_instant
    periods = schedule_periods(blocks, tz, at - timedelta(days=3), at + timedelta(days=3))
    for earlier, later in pairwise(periods):
        assert earlier.end < later.start
    period = focus_period_at(blocks, None, tz, at)
    assert (period is not None) == in_focus(blocks, None, tz, at)
    if period is not None:
        assert period.start <= at < period.end


def test_transitions_helper_finds_the_known_changes() -> None:
    assert transitions("Europe/Amsterdam") == (utc(2026, 3, 29, 1), utc(2026, 10, 25, 1))
    assert transitions("Asia/Kolkata") == ()


@given(
    schedule=schedules(),
    zone=st.sampled_from(ZONES),
    start=st.datetimes(datetime(2026, 1, 1), datetime(2027, 1, 1), timezones=st.just(UTC)),
    spans=st.lists(st.tuples(st.integers(0, 20 * 1440), st.integers(-30, 3 * 1440)), max_size=8),
)
def test_a_period_set_overlaps_a_span_where_schedule_periods_finds_one(
    schedule: Schedule, zone: str, start: datetime, spans: list[tuple[int, int]]
) -> None:
    tz = ZoneInfo(zone)
    end = start + timedelta(days=24)
    periods = PeriodSet(schedule_periods(schedule, tz, start, end))
    for offset, minutes in spans:
        low = start + timedelta(minutes=offset)
        high = min(low + timedelta(minutes=minutes), end)
        assert periods.overlaps(low, high) == bool(schedule_periods(schedule, tz, low, high))


def test_a_meeting_touching_a_block_does_not_overlap_it() -> None:
    nine_to_eleven = windows_for([0], 9 * H, 11 * H)  # Mondays 9:00-11:00
    monday = utc(2026, 3, 2, 8)  # 9:00 in Amsterdam
    week = PeriodSet(
        schedule_periods(
            nine_to_eleven, AMSTERDAM, monday - timedelta(days=1), monday + timedelta(days=6)
        )
    )
    assert week.overlaps(monday, monday + timedelta(minutes=1))
    assert not week.overlaps(monday - timedelta(minutes=30), monday)
    after = monday + timedelta(hours=2)
    assert not week.overlaps(after, after + timedelta(hours=1))
    assert week.overlaps(after - timedelta(minutes=1), after)
    assert not week.overlaps(monday + timedelta(minutes=5), monday + timedelta(minutes=5))
