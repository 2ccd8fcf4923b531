"""Response-time arithmetic: working minutes and the next working day, across focus,
weekends, holidays, leave and DST, against the boundary reference of reach_support."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.absence import DaysOff, Leave, day_start, local_day
from bot.focus.model import FocusState
from bot.focus.schedule import WEEKDAYS, add_windows
from bot.focus.worktime import add_working_minutes, next_working_day_start
from tests.unit.focus.reach_support import (
    boundaries,
    reachable,
    reachable_minutes,
    situations,
)

AMS = ZoneInfo("Europe/Amsterdam")
OFFICE = add_windows((), WEEKDAYS, 9 * 60, 17 * 60)
minutes = st.integers(0, 3 * 8 * 60)


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


@settings(max_examples=200, deadline=None)
@given(situations(), minutes)
def test_exactly_that_many_reachable_minutes_pass(
    situation: tuple[FocusState, ZoneInfo, datetime], count: int
) -> None:
    state, tz, at = situation
    due = add_working_minutes(state, tz, at, count)
    if due is None:
        assert state.available_at(tz, at) is None or count > 0
        return
    assert reachable_minutes(state, tz, at, due) == pytest.approx(count, abs=1e-6)
    if count:
        # The last minute counted was reachable time.
        assert reachable(state, tz, due - timedelta(microseconds=1))


@settings(max_examples=150, deadline=None)
@given(situations(), minutes, st.integers(1, 600))
def test_counting_on_from_the_answer_adds_up(
    situation: tuple[FocusState, ZoneInfo, datetime], first: int, second: int
) -> None:
    state, tz, at = situation
    middle = add_working_minutes(state, tz, at, first)
    whole = add_working_minutes(state, tz, at, first + second)
    if middle is None or whole is None:
        return
    assert middle <= whole
    assert add_working_minutes(state, tz, middle, second) == whole


@settings(max_examples=200, deadline=None)
@given(situations())
def test_the_next_working_day_starts_at_its_first_reachable_instant(
    situation: tuple[FocusState, ZoneInfo, datetime],
) -> None:
    state, tz, at = situation
    start = next_working_day_start(state, tz, at)
    if start is None:
        return
    assert local_day(start, tz) > local_day(at, tz)
    assert reachable(state, tz, start)
    tomorrow = day_start(local_day(at, tz) + timedelta(days=1), tz)
    assert not any(reachable(state, tz, t) for t in boundaries(state, tz, tomorrow, start))


def test_four_working_hours_skip_the_evening_a_focus_block_and_a_holiday() -> None:
    state = FocusState(
        blocks=add_windows((), WEEKDAYS, 9 * 60, 10 * 60),  # focus 09:00-10:00
        working_hours=OFFICE,
        days_off=DaysOff(holidays=frozenset({date(2026, 12, 25)})),
    )
    # Thu 24 Dec 15:00: 2 hours that day, Fri 25 is a holiday, the weekend, then Monday
    # 28 Dec from 10:00 (after focus): 2 more hours.
    assert add_working_minutes(state, AMS, ams(2026, 12, 24, 15), 240) == ams(2026, 12, 28, 12)


def test_leave_pushes_the_next_working_day() -> None:
    state = FocusState(
        working_hours=OFFICE,
        days_off=DaysOff(
            (Leave(date(2027, 1, 4), date(2027, 1, 4)),), frozenset({date(2027, 1, 1)})
        ),
    )
    # Thu 31 Dec: Fri 1 Jan is a holiday, then the weekend, Mon 4 Jan leave: Tue 5 Jan.
    assert next_working_day_start(state, AMS, ams(2026, 12, 31, 12)) == ams(2027, 1, 5, 9)


@pytest.mark.parametrize(
    ("day", "hours"), [(date(2026, 3, 29), 5), (date(2026, 10, 25), 7), (date(2026, 3, 22), 6)]
)
def test_a_working_window_over_a_dst_change_counts_real_minutes(day: date, hours: int) -> None:
    # Sundays 00:00-06:00: 5 real hours on the spring day, 7 on the autumn day, 6 otherwise.
    state = FocusState(working_hours=add_windows((), (6,), 0, 6 * 60))
    start = day_start(day, AMS)
    assert add_working_minutes(state, AMS, start, hours * 60) == start + timedelta(hours=hours)
    spill = add_working_minutes(state, AMS, start, hours * 60 + 1)
    assert spill == day_start(day + timedelta(days=7), AMS) + timedelta(minutes=1)


def test_zero_minutes_is_when_they_are_next_reachable() -> None:
    state = FocusState(working_hours=OFFICE)
    assert add_working_minutes(state, AMS, ams(2026, 7, 4, 12), 0) == ams(2026, 7, 6, 9)


def test_a_count_without_any_free_time_has_no_end() -> None:
    always = FocusState(blocks=add_windows((), tuple(range(7)), 0, 24 * 60))
    assert add_working_minutes(always, AMS, ams(2026, 7, 4, 12), 60) is None
    assert next_working_day_start(always, AMS, ams(2026, 7, 4, 12)) is None


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="working minutes"):
        add_working_minutes(FocusState(), AMS, ams(2026, 7, 4, 12), -1)
