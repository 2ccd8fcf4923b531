"""Wording: schedules, days, times, durations and the status sentence."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings

from bot.focus.grammar import AddBlocks, parse_focus_command
from bot.focus.model import FocusSession, FocusState, Schedule
from bot.focus.schedule import add_windows, weekly_specs, windows_for
from bot.focus.text import (
    describe_schedule,
    describe_status,
    focus_until_text,
    format_clock,
    format_days,
    format_duration,
    format_spec,
    format_when,
    help_text,
)
from tests.unit.focus.strategies import schedules

H = 60
AMS = ZoneInfo("Europe/Amsterdam")
WORKDAYS = (0, 1, 2, 3, 4)


def ams(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in Amsterdam in the week of Monday 23 November 2026."""
    monday = datetime(2026, 11, 23, tzinfo=AMS)
    return (monday + timedelta(days=day, hours=hour, minutes=minute)).astimezone(UTC)


@pytest.mark.parametrize(
    ("minute", "text"), [(0, "00:00"), (9 * H, "09:00"), (11 * H + 30, "11:30"), (1440, "24:00")]
)
def test_format_clock(minute: int, text: str) -> None:
    assert format_clock(minute) == text


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (WORKDAYS, "Mon–Fri"),
        ((5, 6), "Sat, Sun"),
        ((0, 2, 4), "Mon, Wed, Fri"),
        ((0, 1, 3), "Mon, Tue, Thu"),
        ((4, 5, 6, 0), "Fri–Mon"),
        (tuple(range(7)), "Daily"),
        ((3,), "Thu"),
    ],
)
def test_format_days(days: tuple[int, ...], text: str) -> None:
    assert format_days(days) == text


def test_describe_schedule_groups_days_with_equal_times() -> None:
    schedule = windows_for(WORKDAYS, 9 * H, 11 * H)
    schedule = add_windows(schedule, [5], 10 * H, 12 * H)
    assert describe_schedule(schedule) == "Mon–Fri 09:00–11:00, Sat 10:00–12:00"


def test_describe_schedule_with_several_windows_a_day() -> None:
    schedule = windows_for(WORKDAYS, 9 * H, 11 * H)
    schedule = add_windows(schedule, [0, 2], 14 * H, 15 * H + 30)
    assert describe_schedule(schedule) == "Mon–Fri 09:00–11:00, Mon, Wed 14:00–15:30"


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (windows_for([6], 22 * H, 2 * H), "Sun 22:00–02:00"),
        (windows_for([4], 20 * H, 24 * H), "Fri 20:00–24:00"),
        (windows_for(range(7), 0, 24 * H), "Daily 00:00–24:00"),
        ((), "none"),
    ],
)
def test_describe_schedule_edges(schedule: Schedule, text: str) -> None:
    assert describe_schedule(schedule) == text


def test_describe_empty_schedule_in_the_caller_s_words() -> None:
    assert describe_schedule((), empty="no focus blocks yet") == "no focus blocks yet"


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (timedelta(minutes=90), "1h 30m"),
        (timedelta(minutes=45), "45m"),
        (timedelta(hours=2), "2h"),
        (timedelta(hours=27, minutes=5), "1d 3h 5m"),
        (timedelta(seconds=20), "0m"),
        (timedelta(seconds=31), "1m"),
        (timedelta(0), "0m"),
        (timedelta(minutes=-5), "0m"),
    ],
)
def test_format_duration(duration: timedelta, text: str) -> None:
    assert format_duration(duration) == text


@pytest.mark.parametrize(
    ("instant", "text"),
    [
        (ams(0, 11, 30), "11:30"),
        (ams(1, 9), "tomorrow 09:00"),
        (ams(3, 9), "Thu 09:00"),
        (ams(6, 23, 59), "Sun 23:59"),
        (ams(7, 9), "Mon 30 Nov 09:00"),
    ],
)
def test_format_when_is_relative_to_the_person_s_today(instant: datetime, text: str) -> None:
    assert format_when(instant, AMS, ams(0, 8)) == text


def test_format_when_uses_the_person_s_zone_not_utc() -> None:
    # 23:30 UTC on Monday is already Tuesday 00:30 in Amsterdam: Tuesday 09:00 is today.
    now = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert format_when(datetime(2026, 11, 24, 8, 0, tzinfo=UTC), AMS, now) == "09:00"
    # Anything already past is shown with its date.
    assert format_when(datetime(2026, 11, 23, 22, 30, tzinfo=UTC), AMS, now) == "Mon 23 Nov 23:30"


def test_focus_until_text() -> None:
    assert focus_until_text(ams(0, 11, 30), AMS, ams(0, 10)) == "in focus until 11:30"


MORNINGS = windows_for(WORKDAYS, 9 * H, 11 * H)
OFFICE = windows_for(WORKDAYS, 9 * H, 17 * H)


@pytest.mark.parametrize(
    ("state", "at", "text"),
    [
        (
            FocusState(MORNINGS, OFFICE),
            ams(0, 10),
            "You're in focus until 11:00. Mentions wait until then.",
        ),
        (
            FocusState(windows_for(WORKDAYS, 15 * H, 17 * H), OFFICE),
            ams(4, 16),
            "You're in focus until 17:00. Mentions wait until Mon 09:00.",
        ),
        (
            FocusState(MORNINGS, OFFICE),
            ams(5, 12),
            "You're outside your working hours. Mentions wait until Mon 11:00.",
        ),
        (
            FocusState(MORNINGS, OFFICE),
            ams(0, 12),
            "You're not in focus. Next focus: tomorrow 09:00.",
        ),
        (FocusState(), ams(0, 12), "You're not in focus, and no focus is planned."),
        (
            FocusState(session=FocusSession(ams(0, 12), ams(0, 13, 30))),
            ams(0, 12, 15),
            "You're in focus until 13:30. Mentions wait until then.",
        ),
        (
            FocusState(windows_for(range(7), 0, 24 * H)),
            ams(2, 12),
            "You're in focus all week. Mentions wait: you have no free working time in the "
            "next week.",
        ),
        (
            FocusState(MORNINGS, windows_for(WORKDAYS, 9 * H, 10 * H)),
            ams(5, 12),
            "You're outside your working hours, with no free working time this week.",
        ),
    ],
)
def test_describe_status(state: FocusState, at: datetime, text: str) -> None:
    assert describe_status(state.status(AMS, at), AMS) == text


@settings(max_examples=100, deadline=None)
@given(schedules(max_specs=5))
def test_each_described_spec_parses_back_to_the_schedule(schedule: Schedule) -> None:
    rebuilt: Schedule = ()
    for spec in weekly_specs(schedule):
        command = parse_focus_command(format_spec(spec))
        assert isinstance(command, AddBlocks)
        rebuilt = add_windows(rebuilt, command.days, command.start, command.end)
    assert rebuilt == schedule


def test_every_command_in_the_help_text_works() -> None:
    commands = re.findall(r"`/focus([^`]*)`", help_text())
    assert len(commands) >= 8
    for command in commands:
        assert parse_focus_command(command)
