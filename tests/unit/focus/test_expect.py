"""When a sender may expect an answer: response times counted from the next reachable
instant, across focus, weekends, leave and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.absence import DaysOff, Leave
from bot.focus.expect import expected_answer, working_day_end
from bot.focus.model import FocusState
from bot.focus.schedule import WEEKDAYS, add_windows
from bot.norms.model import ResponseKind, ResponseTime
from tests.unit.focus.reach_support import reachable, situations

AMS = ZoneInfo("Europe/Amsterdam")
OFFICE = add_windows((), WEEKDAYS, 9 * 60, 17 * 60)
WORKER = FocusState(blocks=(), working_hours=OFFICE)
kinds = st.sampled_from(list(ResponseKind))


def ams(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMS).astimezone(UTC)


def _response(kind: ResponseKind, amount: int) -> ResponseTime:
    if kind is ResponseKind.SAME_DAY:
        return ResponseTime(kind)
    if kind is ResponseKind.NEXT_WORKING_DAY:
        return ResponseTime(kind, max(1, amount % 5))
    return ResponseTime(kind, amount)


@settings(max_examples=150, deadline=None)
@given(situations(), kinds, st.integers(1, 2000))
def test_never_before_the_next_reachable_instant(
    situation: tuple[FocusState, ZoneInfo, datetime], kind: ResponseKind, amount: int
) -> None:
    state, tz, at = situation
    due = expected_answer(state, tz, at, _response(kind, amount))
    first = state.available_at(tz, at)
    if first is None:
        assert due is None
        return
    if due is not None:
        assert due > first
        # The answer is due at the end of reachable time, never inside a gap after it.
        assert reachable(state, tz, due - timedelta(microseconds=1))


@settings(max_examples=120, deadline=None)
@given(situations(), st.integers(1, 1200), st.integers(1, 1200))
def test_monotonic_in_working_minutes(
    situation: tuple[FocusState, ZoneInfo, datetime], first: int, more: int
) -> None:
    state, tz, at = situation
    shorter = expected_answer(state, tz, at, ResponseTime(ResponseKind.WORKING_MINUTES, first))
    longer = expected_answer(
        state, tz, at, ResponseTime(ResponseKind.WORKING_MINUTES, first + more)
    )
    if shorter is not None and longer is not None:
        assert shorter < longer


@settings(max_examples=80, deadline=None)
@given(situations(), st.integers(1, 4))
def test_monotonic_in_working_days(
    situation: tuple[FocusState, ZoneInfo, datetime], days: int
) -> None:
    state, tz, at = situation
    sooner = expected_answer(state, tz, at, ResponseTime(ResponseKind.NEXT_WORKING_DAY, days))
    later = expected_answer(state, tz, at, ResponseTime(ResponseKind.NEXT_WORKING_DAY, days + 1))
    if sooner is not None and later is not None:
        assert sooner < later


def test_four_working_hours_skip_the_night() -> None:
    response = ResponseTime(ResponseKind.WORKING_MINUTES, 4 * 60)
    # Thursday 15:00: two hours today, two tomorrow morning.
    assert expected_answer(WORKER, AMS, ams(2026, 3, 5, 15), response) == ams(2026, 3, 6, 11)


def test_a_focus_block_delays_the_answer() -> None:
    state = FocusState(blocks=add_windows((), WEEKDAYS, 9 * 60, 11 * 60), working_hours=OFFICE)
    response = ResponseTime(ResponseKind.WORKING_MINUTES, 30)
    assert expected_answer(state, AMS, ams(2026, 3, 5, 9, 30), response) == ams(2026, 3, 5, 11, 30)


def test_next_working_day_is_the_end_of_it_after_a_weekend() -> None:
    response = ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1)
    # Friday afternoon: by the end of Monday.
    assert expected_answer(WORKER, AMS, ams(2026, 3, 6, 14), response) == ams(2026, 3, 9, 17)


def test_leave_is_skipped_by_the_day_count() -> None:
    leave = Leave(date(2026, 3, 9), date(2026, 3, 11))
    state = FocusState(blocks=(), working_hours=OFFICE, days_off=DaysOff(leave=(leave,)))
    response = ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1)
    # On leave Monday to Wednesday: Thursday is the next working day.
    assert expected_answer(state, AMS, ams(2026, 3, 9, 10), response) == ams(2026, 3, 12, 17)


def test_same_day_is_today_or_the_next_working_day_when_it_is_over() -> None:
    response = ResponseTime(ResponseKind.SAME_DAY)
    assert expected_answer(WORKER, AMS, ams(2026, 3, 5, 10), response) == ams(2026, 3, 5, 17)
    assert expected_answer(WORKER, AMS, ams(2026, 3, 5, 18), response) == ams(2026, 3, 6, 17)


def test_working_minutes_across_the_spring_gap() -> None:
    # Someone who works nights, 01:00-04:00, over the night Amsterdam skips 02:00-03:00.
    nights = FocusState(blocks=(), working_hours=add_windows((), range(7), 60, 4 * 60))
    response = ResponseTime(ResponseKind.WORKING_MINUTES, 90)
    # From 01:00 CET on 29 March 2026: an hour to the gap, the rest after it, in CEST.
    due = expected_answer(nights, AMS, ams(2026, 3, 29, 1), response)
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST


def test_working_day_end_in_the_autumn_fold() -> None:
    # No working hours: the day ends at midnight, and 25 October 2026 has 25 hours.
    free = FocusState(blocks=(), working_hours=())
    start = ams(2026, 10, 25, 0, 30)
    assert working_day_end(free, AMS, start) - start == timedelta(hours=24, minutes=30)


def test_no_free_time_means_no_promise() -> None:
    always = FocusState(blocks=add_windows((), range(7), 0, 24 * 60), working_hours=())
    for kind in ResponseKind:
        assert expected_answer(always, AMS, ams(2026, 3, 5, 10), _response(kind, 60)) is None
