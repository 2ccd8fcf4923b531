"""The App Home editor's lines."""

from __future__ import annotations

import pytest

from bot.errors import KairosUserError
from bot.focus.editor import FOCUS_FIELD, parse_schedule_lines, schedule_lines
from bot.focus.schedule import add_windows


def test_lines_round_trip() -> None:
    schedule = add_windows((), (0, 1, 2, 3, 4), 540, 690)
    schedule = add_windows(schedule, (5,), 600, 720)
    text = schedule_lines(schedule)
    assert text.splitlines() == ["mon-fri 09:00-11:30", "sat 10:00-12:00"]
    assert parse_schedule_lines(text, field=FOCUS_FIELD) == schedule


def test_blank_lines_and_empty_input() -> None:
    assert parse_schedule_lines(None, field=FOCUS_FIELD) == ()
    assert parse_schedule_lines("\n  \n", field=FOCUS_FIELD) == ()


def test_bad_line_names_its_number_and_field() -> None:
    with pytest.raises(KairosUserError) as caught:
        parse_schedule_lines("mon 9:00-10:00\nmon 25:00-26:00", field=FOCUS_FIELD)
    assert caught.value.message.startswith("Line 2:")
    assert caught.value.field == FOCUS_FIELD


def test_a_command_is_not_a_schedule_line() -> None:
    with pytest.raises(KairosUserError, match="Line 1 should look like"):
        parse_schedule_lines("now 90m", field=FOCUS_FIELD)
