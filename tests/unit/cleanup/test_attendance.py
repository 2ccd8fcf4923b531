"""Attendees off on a meeting's day, in their own zone, are not counted among its people."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cleanup.attendance import without_absent
from bot.cleanup.model import MeetingRow, week_figures
from bot.focus.absence import DaysOff, Leave

AMS, TOKYO = ZoneInfo("Europe/Amsterdam"), ZoneInfo("Asia/Tokyo")
# Tuesday 24 November 2026, 09:00 UTC: still Tuesday in Amsterdam and in Tokyo (18:00).
TUESDAY_0900 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
LATE_MONDAY = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # Monday in Amsterdam, Tuesday in Tokyo


def row(meeting_id: int, starts_at: datetime, people: int = 4, minutes: int = 60) -> MeetingRow:
    return MeetingRow(
        meeting_id=meeting_id,
        series_key=f"s{meeting_id}",
        title=f"Meeting {meeting_id}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        people=people,
        is_recurring=False,
        is_private=False,
        has_agenda=True,
    )


ON_LEAVE_TUESDAY = DaysOff((Leave(date(2026, 11, 24), date(2026, 11, 24)),))
HOLIDAY_TUESDAY = DaysOff(holidays=frozenset({date(2026, 11, 24)}))


def test_attendees_on_leave_or_a_holiday_that_day_are_not_counted() -> None:
    rows = [row(1, TUESDAY_0900), row(2, TUESDAY_0900 + timedelta(days=1))]
    attendees = [(1, "U0ANN"), (1, "U0BEA"), (1, "U0CAS"), (2, "U0ANN"), (2, "U0BEA")]
    days_off = {"U0ANN": (AMS, ON_LEAVE_TUESDAY), "U0BEA": (AMS, HOLIDAY_TUESDAY)}
    tuesday, wednesday = without_absent(rows, attendees, days_off)
    assert tuesday.people == 2  # Ann on leave, Bea on a holiday; Cas has no days off
    assert wednesday.people == 4  # both back
    assert week_figures([tuesday, wednesday]).attendee_hours == 6


def test_the_day_is_the_attendees_own() -> None:
    days_off = {"U0ANN": (TOKYO, ON_LEAVE_TUESDAY), "U0BEA": (AMS, ON_LEAVE_TUESDAY)}
    (late,) = without_absent([row(1, LATE_MONDAY)], [(1, "U0ANN"), (1, "U0BEA")], days_off)
    assert late.people == 3  # Tuesday in Tokyo: Ann is off; Monday evening for Bea


def test_unknown_meetings_repeats_and_people_without_days_off_change_nothing() -> None:
    rows = [row(1, TUESDAY_0900, people=1)]
    attendees = [(1, "U0ANN"), (1, "U0ANN"), (9, "U0BEA"), (1, "U0CAS")]
    days_off = {"U0ANN": (AMS, ON_LEAVE_TUESDAY), "U0BEA": (AMS, ON_LEAVE_TUESDAY)}
    (only,) = without_absent(rows, attendees, days_off)
    assert only.people == 0  # Ann counted once, and never below nobody
    assert without_absent(rows, [(1, "U0CAS")], days_off) == rows
