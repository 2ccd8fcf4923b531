"""Occurrence values, meeting identity and the per-meeting flags."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.meetings.model import (
    Attendee,
    MeetingFlags,
    Occurrence,
    is_speedy,
    meeting_flags,
    meeting_key,
)

MONDAY_9 = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


def occurrence(
    start: datetime = MONDAY_9,
    minutes: int = 25,
    *,
    people: int = 3,
    **changes: Any,
) -> Occurrence:
    base = Occurrence(
        uid="abc@google.com",
        series_key="abc@google.com",
        start=start,
        end=start + timedelta(minutes=minutes),
        attendees=tuple(Attendee(f"p{i}@example.com") for i in range(people)),
    )
    return replace(base, **changes)


def flags(
    occ: Occurrence,
    tz: str | tzinfo = "Europe/Amsterdam",
    *,
    focus_day: int | None = None,
    attendee_focus_overlap: bool = False,
) -> MeetingFlags:
    return meeting_flags(
        occ, user_tz=tz, focus_day=focus_day, attendee_focus_overlap=attendee_focus_overlap
    )


# --- Occurrence ----------------------------------------------------------------------------


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrence(start=datetime(2026, 1, 12, 9, 0))


def test_aware_times_are_stored_in_utc() -> None:
    amsterdam = datetime(2026, 1, 12, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    occ = occurrence(start=amsterdam)
    assert occ.start == MONDAY_9
    assert occ.start.tzinfo is UTC
    assert occ.end.tzinfo is UTC


def test_minutes() -> None:
    assert occurrence(minutes=50).minutes == 50
    assert occurrence(minutes=0).minutes == 0


def test_human_participants_leave_out_rooms_and_people_who_declined() -> None:
    occ = occurrence(
        people=0,
        organizer="org@example.com",
        attendees=(
            Attendee("org@example.com", partstat="ACCEPTED"),
            Attendee("yes@example.com", partstat="ACCEPTED"),
            Attendee("no@example.com", partstat="DECLINED"),
            Attendee("room@example.com", is_resource=True),
            Attendee("", name="Guest Without Email"),
        ),
    )
    assert occ.human_participants == {
        "org@example.com",
        "yes@example.com",
        "name:guest without email",
    }


def test_organizer_counts_even_when_not_listed_as_attendee() -> None:
    # Outlook does not list the organiser among the attendees.
    occ = occurrence(people=1, organizer="boss@example.com")
    assert len(occ.human_participants) == 2


# --- identity ------------------------------------------------------------------------------


def test_same_meeting_in_two_feeds_has_one_key() -> None:
    mine = occurrence(
        title="Planning", attendees=(Attendee("me@example.com", partstat="ACCEPTED"),)
    )
    theirs = occurrence(title="Planning (copy)", sequence=3)
    assert meeting_key(mine) == meeting_key(theirs)


def test_split_series_halves_share_the_series_part_of_the_key() -> None:
    a = occurrence(uid="x@google.com", series_key="x@google.com")
    b = occurrence(uid="x_R20260115T143000@google.com", series_key="x@google.com")
    assert meeting_key(a) == meeting_key(b)


def test_a_moved_instance_keeps_its_slot() -> None:
    slot = MONDAY_9
    moved = occurrence(start=slot + timedelta(hours=5), is_recurring=True, recurrence_id=slot)
    not_yet_moved = occurrence(start=slot, is_recurring=True, recurrence_id=slot)
    assert meeting_key(moved) == meeting_key(not_yet_moved) == ("abc@google.com", slot)


def test_single_events_are_keyed_by_start() -> None:
    assert meeting_key(occurrence()) == ("abc@google.com", MONDAY_9)
    assert meeting_key(occurrence()) != meeting_key(occurrence(start=MONDAY_9 + timedelta(days=1)))


# --- speedy meetings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "speedy"),
    [
        (15, True),
        (25, True),
        (26, False),
        (30, False),
        (31, True),
        (45, True),
        (50, True),
        (51, False),
        (60, False),
        (90, False),
        (120, False),
    ],
)
def test_speedy_is_at_most_25_or_50_minutes(minutes: int, speedy: bool) -> None:
    assert is_speedy(minutes) is speedy
    assert flags(occurrence(minutes=minutes)).not_speedy is not speedy


@given(st.integers(min_value=0, max_value=24 * 60))
def test_speedy_rule_as_a_property(minutes: int) -> None:
    assert is_speedy(minutes) == (minutes <= 25 or 30 < minutes <= 50)


# --- on the grid, in the user's zone ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "tz", "off_grid"),
    [
        (datetime(2026, 1, 12, 9, 0, tzinfo=UTC), "Europe/Amsterdam", False),
        (datetime(2026, 1, 12, 9, 30, tzinfo=UTC), "Europe/Amsterdam", False),
        (datetime(2026, 1, 12, 9, 15, tzinfo=UTC), "Europe/Amsterdam", True),
        (datetime(2026, 1, 12, 9, 5, tzinfo=UTC), "America/New_York", True),
        # India is UTC+05:30: 09:00Z is 14:30 there, on the grid; 09:30Z is 15:00.
        (datetime(2026, 1, 12, 9, 0, tzinfo=UTC), "Asia/Kolkata", False),
        # Nepal is UTC+05:45: a meeting on the UTC hour is off the grid on their wall.
        (datetime(2026, 1, 12, 9, 0, tzinfo=UTC), "Asia/Kathmandu", True),
        (datetime(2026, 1, 12, 9, 0, 30, tzinfo=UTC), "UTC", True),
    ],
)
def test_off_grid_start_is_judged_on_the_users_clock(
    start: datetime, tz: str, off_grid: bool
) -> None:
    assert flags(occurrence(start=start), tz).off_grid_start is off_grid


def test_user_zone_may_be_a_tzinfo() -> None:
    plus_quarter = timezone(timedelta(minutes=15))
    assert flags(occurrence(), plus_quarter).off_grid_start


# --- focus day -------------------------------------------------------------------------------


def test_focus_day_uses_the_users_date() -> None:
    # Sunday 23:30 UTC is already Monday in Amsterdam.
    sunday_night = datetime(2026, 1, 11, 23, 30, tzinfo=UTC)
    assert flags(occurrence(start=sunday_night), focus_day=0).on_focus_day
    assert not flags(occurrence(start=sunday_night), "UTC", focus_day=0).on_focus_day


def test_no_focus_day_means_never_on_it() -> None:
    assert not flags(occurrence(), focus_day=None).on_focus_day


def test_focus_overlap_is_passed_through() -> None:
    assert flags(occurrence(), attendee_focus_overlap=True).overlaps_focus
    assert not flags(occurrence(), attendee_focus_overlap=False).overlaps_focus


# --- size and series -------------------------------------------------------------------------


def test_eight_humans_make_a_large_meeting() -> None:
    assert not flags(occurrence(people=7)).large
    assert flags(occurrence(people=8)).large


def test_rooms_do_not_make_a_meeting_large() -> None:
    rooms = tuple(Attendee(f"room{i}@example.com", is_resource=True) for i in range(5))
    occ = occurrence(people=4)
    assert not flags(replace(occ, attendees=occ.attendees + rooms)).large


def test_recurring_without_end() -> None:
    assert flags(occurrence(is_recurring=True, recurrence_has_end=False)).recurring_without_end
    assert not flags(occurrence(is_recurring=True, recurrence_has_end=True)).recurring_without_end
    assert not flags(occurrence(is_recurring=False, recurrence_has_end=False)).recurring_without_end


def test_flag_names_list_what_is_set() -> None:
    occ = occurrence(
        start=datetime(2026, 1, 16, 9, 10, tzinfo=UTC),
        minutes=60,
        people=9,
        is_recurring=True,
        recurrence_has_end=False,
    )
    result = flags(occ, focus_day=4, attendee_focus_overlap=True)
    assert result.minutes == 60
    assert result.names == (
        "not_speedy",
        "off_grid_start",
        "on_focus_day",
        "overlaps_focus",
        "large",
        "recurring_without_end",
    )
    assert flags(occurrence()).names == ()


def test_an_occurrence_crosses_a_pipe_whole() -> None:
    # Parse workers pickle occurrences to the syncing process; every field must survive.
    occ = Occurrence(
        uid="u1@x",
        series_key="u1@x",
        start=MONDAY_9,
        end=MONDAY_9 + timedelta(minutes=50),
        title="Roadmap",
        description="<b>Agenda</b>",
        description_is_html=True,
        location="Room 4",
        organizer="ana@x.test",
        attendees=(
            Attendee("ana@x.test", "Ana", "ACCEPTED"),
            Attendee("room@x.test", None, "NEEDS-ACTION", is_resource=True),
        ),
        recurrence_id=MONDAY_9 - timedelta(days=1),
        is_recurring=True,
        recurrence_has_end=False,
        is_private=True,
        has_attachment=True,
        sequence=3,
        status="TENTATIVE",
    )
    back = pickle.loads(pickle.dumps(occ, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == occ
    assert back.attendees[1].is_resource
    assert back.recurrence_id == MONDAY_9 - timedelta(days=1)
    assert back.start.tzinfo is UTC
