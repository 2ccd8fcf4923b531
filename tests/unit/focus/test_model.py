"""In focus, off hours, available: the questions the digest and the status reply ask."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.focus.grammar import parse_focus_command
from bot.focus.model import (
    HORIZON,
    FocusSession,
    FocusState,
    Period,
    Schedule,
    available_at,
    current_block_end,
    focus_period_at,
    in_focus,
    next_focus_start,
    off_hours,
    session_for,
    session_until,
    status_at,
    windows_for,
)
from bot.focus.schedule import add_windows
from tests.unit.focus.strategies import ZONES, instants_for, schedules

H = 60
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
AMS = ZoneInfo("Europe/Amsterdam")
WORKDAYS = (MON, TUE, WED, THU, FRI)
OFFICE_HOURS = windows_for(WORKDAYS, 9 * H, 17 * H)
MORNINGS = windows_for(WORKDAYS, 9 * H, 11 * H)


def ams(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in Amsterdam in the week of Monday 23 November 2026 (CET, UTC+1)."""
    monday = datetime(2026, 11, 23, tzinfo=AMS)
    return (monday + timedelta(days=day, hours=hour, minutes=minute)).astimezone(UTC)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (ams(MON, 8, 59), False),
        (ams(MON, 9), True),  # a block includes its start ...
        (ams(WED, 10, 30), True),
        (ams(WED, 11), False),  # ... and not its end
        (ams(SAT, 10), False),
    ],
)
def test_in_focus_during_blocks(at: datetime, expected: bool) -> None:
    assert in_focus(MORNINGS, None, AMS, at) is expected


def test_a_session_is_focus_until_it_ends() -> None:
    session = session_for(ams(TUE, 14), timedelta(minutes=90))
    assert in_focus((), session, AMS, ams(TUE, 15, 29))
    assert not in_focus((), session, AMS, ams(TUE, 15, 30))
    assert not in_focus((), session, AMS, ams(TUE, 13, 59))


def test_focus_period_chains_a_block_and_an_overlapping_session() -> None:
    session = FocusSession(ams(MON, 10, 30), ams(MON, 12))
    assert focus_period_at(MORNINGS, session, AMS, ams(MON, 9, 30)) == Period(
        ams(MON, 9), ams(MON, 12)
    )
    assert focus_period_at(MORNINGS, session, AMS, ams(MON, 12)) is None


def test_focus_period_over_the_end_of_the_week() -> None:
    blocks = windows_for([SUN], 22 * H, 2 * H)
    period = focus_period_at(blocks, None, AMS, ams(SUN, 23))
    assert period == Period(ams(SUN, 22), ams(SUN, 24 + 2))


def test_without_working_hours_nobody_is_off_hours() -> None:
    assert not off_hours((), AMS, ams(SAT, 3))


@pytest.mark.parametrize(
    ("at", "expected"),
    [(ams(MON, 8, 59), True), (ams(MON, 9), False), (ams(FRI, 16, 59), False),
     (ams(FRI, 17), True), (ams(SAT, 12), True)],
)  # fmt: skip
def test_off_hours_outside_working_hours(at: datetime, expected: bool) -> None:
    assert off_hours(OFFICE_HOURS, AMS, at) is expected


def test_available_now_when_nothing_holds_mentions() -> None:
    assert available_at(MORNINGS, None, OFFICE_HOURS, AMS, ams(MON, 14)) == ams(MON, 14)


def test_available_when_the_block_ends() -> None:
    assert available_at(MORNINGS, None, OFFICE_HOURS, AMS, ams(TUE, 9, 15)) == ams(TUE, 11)


def test_block_ending_with_the_working_day_resolves_to_the_next_working_morning() -> None:
    blocks = windows_for([FRI], 15 * H, 17 * H)
    assert available_at(blocks, None, OFFICE_HOURS, AMS, ams(FRI, 16)) == ams(MON + 7, 9)


def test_next_morning_starting_with_focus_waits_for_that_block_too() -> None:
    blocks = add_windows(MORNINGS, WORKDAYS, 16 * H, 17 * H)
    assert available_at(blocks, None, OFFICE_HOURS, AMS, ams(MON, 16, 30)) == ams(TUE, 11)


def test_adjacent_blocks_chain() -> None:
    blocks = add_windows(MORNINGS, [MON], 11 * H, 12 * H)
    blocks = add_windows(blocks, [MON], 12 * H, 12 * H + 30)
    assert available_at(blocks, None, (), AMS, ams(MON, 9)) == ams(MON, 12, 30)


def test_a_session_overlapping_a_block_chains_with_it() -> None:
    session = FocusSession(ams(MON, 10, 30), ams(MON, 12))
    assert available_at(MORNINGS, session, OFFICE_HOURS, AMS, ams(MON, 9, 30)) == ams(MON, 12)
    early = FocusSession(ams(MON, 8), ams(MON, 9))
    assert available_at(MORNINGS, early, (), AMS, ams(MON, 8)) == ams(MON, 11)


def test_off_hours_then_focus_then_available() -> None:
    # Saturday: off hours until Monday 09:00, then the Monday block until 11:00.
    assert available_at(MORNINGS, None, OFFICE_HOURS, AMS, ams(SAT, 12)) == ams(MON + 7, 11)


def test_working_hours_once_a_week_are_found() -> None:
    hours = windows_for([MON], 9 * H, 10 * H)
    assert available_at((), None, hours, AMS, ams(TUE, 12)) == ams(MON + 7, 9)


@pytest.mark.parametrize(
    ("blocks", "hours"),
    [
        (windows_for(range(7), 0, 24 * H), ()),  # always in focus
        (MORNINGS, windows_for(WORKDAYS, 9 * H, 10 * H)),  # every working hour is focus
    ],
)
def test_never_available_is_none(blocks: Schedule, hours: Schedule) -> None:
    assert available_at(blocks, None, hours, AMS, ams(WED, 10)) is None
    status = status_at(blocks, None, hours, AMS, ams(WED, 10))
    assert status.available_at is None
    assert not status.reachable


def test_next_focus_start() -> None:
    assert next_focus_start(MORNINGS, None, AMS, ams(MON, 8)) == ams(MON, 9)
    assert next_focus_start(MORNINGS, None, AMS, ams(MON, 9)) == ams(TUE, 9)
    assert next_focus_start(MORNINGS, None, AMS, ams(FRI, 12)) == ams(MON + 7, 9)
    assert next_focus_start((), None, AMS, ams(FRI, 12)) is None
    later = FocusSession(ams(MON, 13), ams(MON, 14))
    assert next_focus_start((), later, AMS, ams(MON, 12)) == ams(MON, 13)


def test_session_for_a_duration() -> None:
    assert session_for(ams(MON, 10), timedelta(hours=2)) == FocusSession(ams(MON, 10), ams(MON, 12))


@pytest.mark.parametrize(
    ("at", "minute", "ends_at"),
    [
        (ams(MON, 10), 17 * H, ams(MON, 17)),
        (ams(MON, 22), 1 * H, ams(TUE, 1)),  # past midnight
        (ams(MON, 16, 59), 17 * H, ams(MON, 17)),
    ],
)
def test_session_until_the_next_occurrence(at: datetime, minute: int, ends_at: datetime) -> None:
    assert session_until(at, AMS, minute) == FocusSession(at, ends_at)


@pytest.mark.parametrize(("at", "minute"), [(ams(MON, 10), 9 * H), (ams(MON, 17), 17 * H)])
def test_session_until_more_than_twelve_hours_ahead_is_refused(at: datetime, minute: int) -> None:
    with pytest.raises(KairosUserError, match="at most 12 hours") as caught:
        session_until(at, AMS, minute)
    example = caught.value.example
    assert example is not None
    assert parse_focus_command(example.removeprefix("/focus"))


def test_session_until_on_dst_nights() -> None:
    # Autumn: at 02:45 CEST (first pass), 02:30 next comes 45 minutes later, in CET.
    at = datetime(2026, 10, 25, 0, 45, tzinfo=UTC)
    assert session_until(at, AMS, 2 * H + 30).ends_at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    # Spring: 02:30 does not exist; the session ends when the gap does, at 03:00 CEST.
    at = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert session_until(at, AMS, 2 * H + 30).ends_at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "make",
    [
        lambda: FocusSession(datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 11)),
        lambda: FocusSession(ams(MON, 11), ams(MON, 10)),
        lambda: in_focus((), None, AMS, datetime(2026, 1, 1)),
    ],
)
def test_naive_or_inverted_times_are_programming_errors(make: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match=r"aware|after"):
        make()


def test_sessions_are_kept_in_utc() -> None:
    session = FocusSession(
        datetime(2026, 1, 1, 10, tzinfo=AMS), datetime(2026, 1, 1, 11, tzinfo=AMS)
    )
    assert session.starts_at == datetime(2026, 1, 1, 9, tzinfo=UTC)
    assert session.starts_at.tzinfo is UTC


def test_off_during_a_block_releases_only_that_block() -> None:
    state = FocusState(blocks=MORNINGS, working_hours=OFFICE_HOURS)
    assert current_block_end(MORNINGS, AMS, ams(MON, 10)) == ams(MON, 11)
    ended = state.end_focus(AMS, ams(MON, 10))
    assert ended.released_until == ams(MON, 11)
    assert not ended.in_focus(AMS, ams(MON, 10, 30))
    assert ended.available_at(AMS, ams(MON, 10)) == ams(MON, 10)
    assert ended.in_focus(AMS, ams(TUE, 10))


def test_off_ends_the_session_and_keeps_later_blocks() -> None:
    state = FocusState(blocks=MORNINGS, session=FocusSession(ams(MON, 13), ams(MON, 15)))
    ended = state.end_focus(AMS, ams(MON, 14))
    assert ended.session is None
    assert ended.released_until is None
    assert not ended.in_focus(AMS, ams(MON, 14))
    assert ended.status(AMS, ams(MON, 14)).next_focus_start == ams(TUE, 9)


def test_status_in_one_value() -> None:
    state = FocusState(blocks=MORNINGS, working_hours=OFFICE_HOURS)
    status = state.status(AMS, ams(MON, 10))
    assert status.in_focus
    assert status.focus == Period(ams(MON, 9), ams(MON, 11))
    assert status.available_at == ams(MON, 11)
    assert not status.off_hours
    assert state.status(AMS, ams(MON, 12)).reachable
    assert state.status(AMS, ams(SUN, 12)).off_hours


def test_whole_week_focus_period_is_cut_at_the_horizon() -> None:
    at = ams(WED, 10)
    period = focus_period_at(windows_for(range(7), 0, 24 * H), None, AMS, at)
    assert period == Period(at - HORIZON, at + HORIZON)


# The invariants of `available_at`, over real zones and instants near DST changes.

sessions_near = st.tuples(st.integers(-12 * 60, 60), st.integers(5, 12 * 60))


@st.composite
def situations(
    draw: st.DrawFn,
) -> tuple[Schedule, FocusSession | None, Schedule, ZoneInfo, datetime]:
    zone = draw(st.sampled_from(ZONES))
    at = draw(instants_for(zone))
    blocks = draw(schedules(max_specs=3))
    hours = draw(st.one_of(st.just(()), schedules(max_specs=3)))
    session = None
    if draw(st.booleans()):
        offset, length = draw(sessions_near)
        start = at + timedelta(minutes=offset)
        session = FocusSession(start, start + timedelta(minutes=length))
    return blocks, session, hours, ZoneInfo(zone), at


def held(blocks: Schedule, session: FocusSession | None, hours: Schedule, tz: ZoneInfo,
         at: datetime) -> bool:  # fmt: skip
    return in_focus(blocks, session, tz, at) or off_hours(hours, tz, at)


@settings(max_examples=50, deadline=None)
@given(situations())
def test_available_at_is_the_first_free_instant(
    situation: tuple[Schedule, FocusSession | None, Schedule, ZoneInfo, datetime],
) -> None:
    blocks, session, hours, tz, at = situation
    found = available_at(blocks, session, hours, tz, at)
    if found is None:
        # Every checked instant in the horizon is held (sampled; the horizon is 11,520 minutes).
        for minute in range(0, int(HORIZON / timedelta(minutes=1)), 37):
            assert held(blocks, session, hours, tz, at + timedelta(minutes=minute))
        return
    assert at <= found < at + HORIZON
    assert not in_focus(blocks, session, tz, found)
    assert not off_hours(hours, tz, found)
    if found > at:
        assert held(blocks, session, hours, tz, at)
    # No earlier whole minute is free.
    boundary = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    while boundary < found:
        assert held(blocks, session, hours, tz, boundary), boundary
        boundary += timedelta(minutes=1)


@settings(max_examples=60, deadline=None)
@given(situations())
def test_next_focus_start_is_a_start(
    situation: tuple[Schedule, FocusSession | None, Schedule, ZoneInfo, datetime],
) -> None:
    blocks, session, _hours, tz, at = situation
    start = next_focus_start(blocks, session, tz, at)
    if start is None:
        return
    assert at < start < at + HORIZON
    assert in_focus(blocks, session, tz, start)
    assert (
        not in_focus(blocks, session, tz, start - timedelta(seconds=1))
        or start - timedelta(seconds=1) <= at
    )
