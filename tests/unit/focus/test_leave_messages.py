"""What `/focus status` says about leave from the calendar, and its buttons (pure)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import UnreadableValue
from bot.focus.leave_messages import (
    MAX_SHOWN,
    CalendarLeaveItem,
    calendar_leave_buttons,
    calendar_leave_line,
    parse_calendar_leave_value,
)
from bot.ids import Action
from bot.meetings.absence import absence_key

TODAY = date(2026, 12, 4)  # a Friday
KEY = absence_key("4k2lq3n8v0p1a9d7e6s5c4b3a2@google.com", None)


def item(
    title: str = "Vacation in Spain", *, ignored: bool = False, key: str = KEY
) -> CalendarLeaveItem:
    return CalendarLeaveItem(date(2026, 12, 14), date(2026, 12, 18), title, key, ignored)


def test_the_line_names_the_event_and_its_days() -> None:
    line = calendar_leave_line([item()], TODAY)
    assert line == "*Leave from your calendar*: “Vacation in Spain”, Mon 14 Dec – Fri 18 Dec"


def test_an_ignored_event_says_so_and_a_day_is_named_once() -> None:
    one_day = CalendarLeaveItem(TODAY, TODAY, "PTO", KEY, ignored=True)
    assert calendar_leave_line([one_day], TODAY) == (
        "*Leave from your calendar*: “PTO”, today (ignored: it does not count as leave)"
    )
    assert calendar_leave_line([], TODAY) is None


def test_each_event_gets_its_button_and_pressing_it_reads_back() -> None:
    (actions,) = calendar_leave_buttons([item(), item("Away", ignored=True)])
    ignore, count = actions["elements"]
    assert ignore["action_id"] == count["action_id"] == Action.FOCUS_CALENDAR_LEAVE
    assert ignore["text"]["text"] == "Ignore “Vacation in Spain”"
    assert count["text"]["text"] == "Count “Away” again"
    assert parse_calendar_leave_value(ignore["value"]) == (KEY, True)
    assert parse_calendar_leave_value(count["value"]) == (KEY, False)


def test_a_long_title_is_cut_to_fit_a_button_and_many_events_to_a_few() -> None:
    many = [item("A very long title " * 10, key=f"{n:032x}") for n in range(MAX_SHOWN + 3)]
    (actions,) = calendar_leave_buttons(many)
    assert len(actions["elements"]) == MAX_SHOWN
    assert all(len(b["text"]["text"]) <= 75 for b in actions["elements"])
    assert calendar_leave_buttons([]) == []


@pytest.mark.parametrize(
    "value", ["", "ignore:", f"drop:{KEY}", f"ignore:{KEY}x", f"ignore:{KEY.upper()}", KEY]
)
def test_a_value_kairos_did_not_make_is_refused(value: str) -> None:
    with pytest.raises(UnreadableValue):
        parse_calendar_leave_value(value)


@given(st.text(max_size=80))
def test_any_text_is_read_or_refused_never_anything_else(value: str) -> None:
    try:
        key, _ignore = parse_calendar_leave_value(value)
    except UnreadableValue:
        return
    assert len(key) == 32
    assert value.endswith(key)
