"""When is this person next reachable: focus, working hours, leave and public holidays,
answered by one function (model.available_at), checked against an independent reference."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings

from bot.focus.absence import (
    HOLIDAY,
    LEAVE,
    DaysOff,
    Leave,
    day_end,
    day_start,
    days_off_end,
)
from bot.focus.model import HORIZON, FocusState, available_at
from bot.focus.schedule import WEEKDAYS, add_windows
from tests.unit.focus.reach_support import boundaries, reachable, situations

AMS = ZoneInfo("Europe/Amsterdam")
OFFICE = add_windows((), WEEKDAYS, 9 * 60, 17 * 60)  # mon-fri 09:00-17:00


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


@settings(max_examples=300, deadline=None)
@given(situations())
def test_the_answer_is_reachable_and_nothing_reachable_comes_before_it(
    situation: tuple[FocusState, ZoneInfo, datetime],
) -> None:
    state, tz, at = situation
    answer = state.available_at(tz, at)
    if answer is None:
        # Nothing free: not within a horizon past the last day off of the few drawn.
        last_off = max((leave.ends_on for leave in state.days_off.leave), default=None)
        end = at + HORIZON
        if last_off is not None:
            end = max(end, day_end(last_off, tz) + HORIZON)
        assert not any(reachable(state, tz, t) for t in boundaries(state, tz, at, end))
        return
    assert answer >= at
    assert reachable(state, tz, answer)  # never in leave, a holiday, focus or off hours
    assert not any(reachable(state, tz, t) for t in boundaries(state, tz, at, answer))


@settings(max_examples=200, deadline=None)
@given(situations())
def test_asking_again_from_any_moment_before_the_answer_gives_the_same_answer(
    situation: tuple[FocusState, ZoneInfo, datetime],
) -> None:
    state, tz, at = situation
    answer = state.available_at(tz, at)
    if answer is None:
        return
    for moment in boundaries(state, tz, at, answer):
        assert state.available_at(tz, moment) == answer
    status = state.status(tz, at)
    assert status.available_at == answer
    assert status.reachable == (answer == at)


def test_leave_over_a_weekend_and_a_focus_block_gives_one_answer() -> None:
    # Leave Thu 2026-03-26 .. Mon 2026-03-30 (over the spring change), focus Tue 09:00-11:00.
    state = FocusState(
        blocks=add_windows((), (1,), 9 * 60, 11 * 60),
        working_hours=OFFICE,
        days_off=DaysOff((Leave(date(2026, 3, 26), date(2026, 3, 30)),)),
    )
    assert state.away_reason(AMS, ams(2026, 3, 27, 10)) == LEAVE
    assert state.available_at(AMS, ams(2026, 3, 26, 10)) == ams(2026, 3, 31, 11)


def test_back_to_back_leave_and_a_holiday_are_one_absence() -> None:
    days_off = DaysOff(
        (Leave(date(2026, 12, 21), date(2026, 12, 24)),),
        frozenset({date(2026, 12, 25), date(2026, 12, 26)}),
    )
    state = FocusState(working_hours=OFFICE, days_off=days_off)
    assert state.away_reason(AMS, ams(2026, 12, 25, 10)) == HOLIDAY
    # Sat 26 and Sun 27 are outside working hours anyway: back Monday 28 December.
    assert state.available_at(AMS, ams(2026, 12, 22, 10)) == ams(2026, 12, 28, 9)
    assert days_off_end(days_off, AMS, ams(2026, 12, 22, 10)) == ams(2026, 12, 27)


def test_without_working_hours_a_day_off_ends_at_local_midnight() -> None:
    state = FocusState(days_off=DaysOff((Leave(date(2026, 10, 25), date(2026, 10, 25)),)))
    assert state.available_at(AMS, ams(2026, 10, 25, 12)) == ams(2026, 10, 26)


def test_a_day_off_in_the_spring_gap_lasts_23_hours_and_in_the_autumn_fold_25() -> None:
    assert day_end(date(2026, 3, 29), AMS) - day_start(date(2026, 3, 29), AMS) == timedelta(
        hours=23
    )
    assert day_end(date(2026, 10, 25), AMS) - day_start(date(2026, 10, 25), AMS) == timedelta(
        hours=25
    )


def test_leave_on_the_dst_days_holds_until_the_next_working_morning() -> None:
    daily = add_windows((), tuple(range(7)), 1 * 60, 4 * 60)  # 01:00-04:00, over the change
    for day in (date(2026, 3, 29), date(2026, 10, 25)):
        state = FocusState(working_hours=daily, days_off=DaysOff((Leave(day, day),)))
        during = datetime(day.year, day.month, day.day, 2, 30, tzinfo=UTC)
        following = day + timedelta(days=1)
        assert state.available_at(AMS, during) == ams(
            following.year, following.month, following.day, 1
        )


def test_leave_longer_than_the_horizon_still_has_an_answer() -> None:
    leave = Leave(date(2026, 7, 1), date(2026, 8, 31))
    state = FocusState(working_hours=OFFICE, days_off=DaysOff((leave,)))
    # Tue 1 September, 09:00.
    assert state.available_at(AMS, ams(2026, 7, 1, 10)) == ams(2026, 9, 1, 9)


def test_someone_always_in_focus_has_no_answer_after_leave_either() -> None:
    always = add_windows((), tuple(range(7)), 0, 24 * 60)
    state = FocusState(
        blocks=always, days_off=DaysOff((Leave(date(2026, 7, 1), date(2026, 7, 3)),))
    )
    assert state.available_at(AMS, ams(2026, 7, 1, 10)) is None


def test_the_function_and_the_state_agree() -> None:
    days_off = DaysOff((Leave(date(2026, 7, 1), date(2026, 7, 3)),))
    state = FocusState(working_hours=OFFICE, days_off=days_off)
    at = ams(2026, 7, 2, 10)
    assert state.available_at(AMS, at) == available_at((), None, OFFICE, AMS, at, days_off=days_off)
    assert available_at((), None, OFFICE, AMS, at) == at  # the same person without leave


def test_a_fold_just_after_midnight_belongs_to_the_next_day() -> None:
    # Havana goes back from 01:00 to 00:00 on Sun 1 Nov 2026: the first 00:00-01:00 is
    # already 1 November, so leave on 31 October ends at the first midnight (04:00 UTC).
    havana = ZoneInfo("America/Havana")
    state = FocusState(days_off=DaysOff((Leave(date(2026, 10, 31), date(2026, 10, 31)),)))
    at = datetime(2026, 11, 1, 3, 59, 59, tzinfo=UTC)
    assert state.available_at(havana, at) == datetime(2026, 11, 1, 4, tzinfo=UTC)
    assert day_end(date(2026, 11, 1), havana) - day_start(date(2026, 11, 1), havana) == (
        timedelta(hours=25)
    )
