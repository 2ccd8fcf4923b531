"""The notes rules: which ended meetings get a prompt, when and to whom (the rotation among
attendees holds its order across restarts), "not this time" and "never", when an action's
reminder goes, and what makes submitted notes wrong."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.focus.absence import DaysOff, Leave
from bot.focus.model import FocusState
from bot.focus.schedule import WEEKDAYS, add_windows
from bot.notes.model import (
    CHANNEL,
    LINK,
    MAX_ACTIONS,
    PROMPT_STALE,
    PROMPT_WITHIN,
    SUMMARY,
    ActionRow,
    Answer,
    EndedMeeting,
    NoPrompt,
    NotesInputError,
    NoteTaker,
    Problem,
    SeriesNotes,
    action_field,
    after_answer,
    after_prompt,
    check_notes,
    next_in_rotation,
    note_taker,
    prompt_due_at,
    reminder_at,
    rotation_order,
    why_no_prompt,
)

ENDS = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
ANA, BOB, CAROL, DAN = "U0ANA", "U0BOB", "U0CAROL", "U0DAN"
KEY = "standup@example.com"
AMS = ZoneInfo("Europe/Amsterdam")
OFFICE = add_windows((), WEEKDAYS, 9 * 60, 17 * 60)
TODAY = date(2026, 11, 23)


def meeting(**changes: object) -> EndedMeeting:
    base = EndedMeeting(
        meeting_id=7, series_key=KEY, ends_at=ENDS, people=3, is_private=False,
        exemption=None, organizer_id=ANA, attendees=(CAROL, ANA, BOB),
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


# --- which meetings, and when ---------------------------------------------------------------


def test_an_ended_meeting_of_three_is_prompted_as_it_ends() -> None:
    assert why_no_prompt(meeting(), None, prompted=False, now=ENDS) is None
    assert prompt_due_at(meeting()) == ENDS
    assert why_no_prompt(meeting(), None, prompted=False, now=ENDS + PROMPT_WITHIN) is None


@pytest.mark.parametrize(
    ("changes", "series", "prompted", "now", "reason"),
    [
        ({}, None, False, ENDS - timedelta(minutes=1), NoPrompt.NOT_ENDED),
        ({}, None, False, ENDS + PROMPT_STALE + timedelta(minutes=1), NoPrompt.STALE),
        ({"people": 1}, None, False, ENDS, NoPrompt.TOO_FEW_PEOPLE),
        ({"is_private": True}, None, False, ENDS, NoPrompt.PRIVATE),
        ({"exemption": "title:lunch"}, None, False, ENDS, NoPrompt.EXEMPT),
        ({}, SeriesNotes(KEY, never=True), False, ENDS, NoPrompt.NEVER),
        ({}, None, True, ENDS, NoPrompt.PROMPTED),
        ({"organizer_id": None, "attendees": ()}, None, False, ENDS, NoPrompt.NOBODY),
    ],
)
def test_meetings_that_get_no_prompt(
    changes: dict[str, object],
    series: SeriesNotes | None,
    prompted: bool,
    now: datetime,
    reason: NoPrompt,
) -> None:
    assert why_no_prompt(meeting(**changes), series, prompted=prompted, now=now) is reason


# --- to whom ----------------------------------------------------------------------------------


def test_the_organizer_by_default() -> None:
    assert note_taker(meeting(), None) == ANA
    assert note_taker(meeting(), SeriesNotes(KEY)) == ANA


def test_the_note_taker_chosen_for_the_series() -> None:
    chosen = SeriesNotes(KEY, note_taker=NoteTaker.FIXED, fixed_user_id=DAN)
    assert note_taker(meeting(), chosen) == DAN


def test_a_fixed_mode_without_a_person_falls_back_to_the_organizer() -> None:
    assert note_taker(meeting(), SeriesNotes(KEY, note_taker=NoteTaker.FIXED)) == ANA


def test_an_organizer_not_on_slack_hands_the_turn_to_the_attendees() -> None:
    assert note_taker(meeting(organizer_id=None), None) == ANA  # first by id
    assert note_taker(meeting(organizer_id=None, attendees=(CAROL, BOB)), None) == BOB


def test_rotation_goes_through_the_attendees_in_turn_and_wraps() -> None:
    series = SeriesNotes(KEY, note_taker=NoteTaker.ROTATING)
    takers = []
    for _ in range(4):
        taker = note_taker(meeting(), series)
        assert taker is not None
        takers.append(taker)
        series = after_prompt(series, KEY, taker)
    assert takers == [ANA, BOB, CAROL, ANA]


def test_a_rotation_without_attendees_on_slack_asks_the_organizer() -> None:
    rotating = SeriesNotes(KEY, note_taker=NoteTaker.ROTATING)
    assert note_taker(meeting(attendees=()), rotating) == ANA


def test_rotation_goes_on_after_someone_who_left_the_meeting() -> None:
    # BOB took notes last and has left: the next after him by id is CAROL.
    assert next_in_rotation((ANA, CAROL, DAN), BOB) == CAROL
    assert next_in_rotation((ANA, CAROL), "U0ZED") == ANA
    assert next_in_rotation((), ANA) is None


@given(st.lists(st.sampled_from([ANA, BOB, CAROL, DAN, "W0EVE"]), min_size=1))
def test_the_rotation_order_is_the_same_however_the_feed_lists_them(attendees: list[str]) -> None:
    # A restart reads the attendees in whatever order the database returns them.
    assert rotation_order(attendees) == rotation_order(reversed(attendees))
    assert rotation_order(attendees) == tuple(sorted(set(attendees)))
    last = attendees[0]
    assert next_in_rotation(attendees, last) == next_in_rotation(list(reversed(attendees)), last)


@given(st.sets(st.sampled_from([ANA, BOB, CAROL, DAN, "W0EVE"]), min_size=1))
def test_everyone_takes_a_turn_before_anyone_takes_two(attendees: set[str]) -> None:
    series = SeriesNotes(KEY, note_taker=NoteTaker.ROTATING)
    ended = meeting(attendees=tuple(attendees))
    seen = []
    for _ in range(len(attendees)):
        taker = note_taker(ended, series)
        assert taker is not None
        seen.append(taker)
        series = after_prompt(series, KEY, taker)
    assert sorted(seen) == sorted(attendees)


# --- not this time, never ---------------------------------------------------------------------


def test_not_this_time_changes_nothing_for_the_series() -> None:
    before = SeriesNotes(KEY, channel_id="C0TEAM")
    after = after_answer(before, KEY, Answer.NOT_THIS_TIME)
    assert after == before
    assert why_no_prompt(meeting(meeting_id=8), after, prompted=False, now=ENDS) is None


def test_never_stops_prompts_for_the_whole_series() -> None:
    after = after_answer(None, KEY, Answer.NEVER)
    assert after.never
    assert why_no_prompt(meeting(meeting_id=9), after, prompted=False, now=ENDS) is NoPrompt.NEVER


# --- the action's reminder ---------------------------------------------------------------------


def test_the_reminder_goes_at_the_start_of_the_owners_working_day() -> None:
    owner = FocusState(working_hours=OFFICE)
    at = reminder_at(date(2026, 11, 25), AMS, owner)
    assert at == datetime(2026, 11, 25, 9, 0, tzinfo=AMS)


def test_the_reminder_waits_out_focus_in_the_owners_zone() -> None:
    owner = FocusState(blocks=add_windows((), WEEKDAYS, 9 * 60, 11 * 60), working_hours=OFFICE)
    at = reminder_at(date(2026, 11, 25), ZoneInfo("America/New_York"), owner)
    assert at == datetime(2026, 11, 25, 11, 0, tzinfo=ZoneInfo("America/New_York"))


def test_a_due_date_on_a_weekend_or_leave_is_reminded_the_next_working_morning() -> None:
    saturday = date(2026, 11, 28)
    assert reminder_at(saturday, AMS, FocusState(working_hours=OFFICE)) == datetime(
        2026, 11, 30, 9, 0, tzinfo=AMS
    )
    away = FocusState(
        working_hours=OFFICE,
        days_off=DaysOff(leave=(Leave(date(2026, 11, 25), date(2026, 11, 26)),)),
    )
    assert reminder_at(date(2026, 11, 25), AMS, away) == datetime(2026, 11, 27, 9, 0, tzinfo=AMS)


def test_the_reminder_day_is_the_owners_across_a_dst_change() -> None:
    # Amsterdam leaves summer time on Sunday 25 October 2026: Monday 09:00 is 08:00 UTC.
    at = reminder_at(date(2026, 10, 26), AMS, FocusState(working_hours=OFFICE))
    assert at == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)


# --- the submitted notes -----------------------------------------------------------------------


def notes(**changes: object):  # type: ignore[no-untyped-def]
    given_ = {
        "summary": "", "decisions": "", "actions": (), "link": "", "channel_id": "C0TEAM",
        "today": TODAY,
    }  # fmt: skip
    return check_notes(**{**given_, **changes})  # type: ignore[arg-type]


def problems(**changes: object) -> dict[str, Problem]:
    with pytest.raises(NotesInputError) as raised:
        notes(**changes)
    return raised.value.problems


def test_full_notes_are_read_back() -> None:
    read = notes(
        summary=" We shipped. ",
        decisions="Release on Friday",
        actions=(
            ActionRow("Write  the\nrelease note", BOB, TODAY),
            ActionRow(),
            ActionRow("Tell support", CAROL, None),
        ),
        link="https://docs.example.com/notes",
    )
    assert read.summary == "We shipped."
    assert [(a.text, a.owner_id, a.due_on) for a in read.actions] == [
        ("Write the release note", BOB, TODAY),
        ("Tell support", CAROL, None),
    ]
    assert read.link == "https://docs.example.com/notes"
    assert read.channel_id == "C0TEAM"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, {SUMMARY: Problem.EMPTY}),
        ({"actions": (ActionRow("Write it"),)}, {action_field(0, "owner"): Problem.NO_OWNER}),
        (
            {"actions": (ActionRow(), ActionRow("Do it", BOB, TODAY - timedelta(days=1)))},
            {action_field(1, "due"): Problem.PAST_DUE},
        ),
        ({"actions": (ActionRow("", BOB),)}, {action_field(0, "text"): Problem.NO_TEXT}),
        ({"summary": "x", "link": "ftp://files.example.com"}, {LINK: Problem.BAD_LINK}),
        ({"summary": "x", "link": "javascript:alert(1)"}, {LINK: Problem.BAD_LINK}),
        ({"summary": "x", "channel_id": None}, {CHANNEL: Problem.NO_CHANNEL}),
        ({"summary": "x", "channel_id": "D0DIRECT"}, {CHANNEL: Problem.NO_CHANNEL}),
        ({"summary": "x" * 3000}, {SUMMARY: Problem.TOO_LONG}),
        ({"actions": (ActionRow("y" * 301, BOB),)}, {action_field(0, "text"): Problem.TOO_LONG}),
    ],
)
def test_what_is_wrong_is_said_input_by_input(
    changes: dict[str, object], expected: dict[str, Problem]
) -> None:
    assert problems(**changes) == expected


def test_every_problem_at_once() -> None:
    found = problems(
        actions=(ActionRow("a"), ActionRow("b", BOB, TODAY - timedelta(days=3))),
        link="not a link",
        channel_id=None,
    )
    assert found == {
        action_field(0, "owner"): Problem.NO_OWNER,
        action_field(1, "due"): Problem.PAST_DUE,
        LINK: Problem.BAD_LINK,
        CHANNEL: Problem.NO_CHANNEL,
    }


def test_due_today_is_fine_and_rows_past_the_tenth_are_ignored() -> None:
    rows = tuple(ActionRow(f"Action {n}", BOB, TODAY) for n in range(MAX_ACTIONS + 2))
    assert len(notes(actions=rows).actions) == MAX_ACTIONS
