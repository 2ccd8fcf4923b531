"""The check-in round schedule: cadences across zones and DST, who is asked when, when
answers are due in the organizer's working hours, and what a plan may hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from bot.checkins.model import (
    Cadence,
    RoundTimes,
    answers_due,
    ask_at,
    cadence_of,
    next_round_opens,
    reminder_due,
    round_opens,
    round_times,
    still_worth_asking,
)
from bot.focus.absence import DaysOff, Leave
from bot.focus.model import FULL_WEEK, FocusState
from bot.focus.schedule import WEEKDAYS, add_windows
from bot.focus.worktime import Worktime

AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
OFFICE = add_windows((), WEEKDAYS, 9 * 60, 17 * 60)
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SUNDAY = 0, 1, 2, 3, 4, 6
HALF_NINE = time(9, 30)


def local(
    tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz).astimezone(UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def weekly(*days: int, at: time = HALF_NINE, zone: str = "Europe/Amsterdam") -> Cadence:
    return Cadence(frozenset(days), at, zone)


# The round schedule -----------------------------------------------------------------------


def test_a_weekly_round_stays_half_past_nine_in_amsterdam_across_both_dst_changes() -> None:
    rounds = round_opens(weekly(MONDAY), utc(2026, 3, 1), utc(2026, 11, 30))
    walls = {r.astimezone(AMS).replace(tzinfo=None).time() for r in rounds}
    assert walls == {HALF_NINE}
    assert all(r.astimezone(AMS).weekday() == MONDAY for r in rounds)
    # Mondays 2 March .. 23 November 2026.
    assert len(rounds) == 39
    # The UTC instant moves with the clocks: CET is UTC+1, CEST UTC+2.
    assert utc(2026, 3, 23, 8, 30) in rounds
    assert utc(2026, 3, 30, 7, 30) in rounds
    assert utc(2026, 10, 19, 7, 30) in rounds
    assert utc(2026, 10, 26, 8, 30) in rounds


def test_a_round_on_the_dst_sundays_themselves() -> None:
    rounds = round_opens(weekly(SUNDAY), utc(2026, 3, 28), utc(2026, 3, 30))
    assert rounds == [utc(2026, 3, 29, 7, 30)]
    rounds = round_opens(weekly(SUNDAY), utc(2026, 10, 24), utc(2026, 10, 26))
    assert rounds == [utc(2026, 10, 25, 8, 30)]


def test_a_time_in_the_spring_gap_opens_when_the_clock_jumps() -> None:
    cadence = weekly(SUNDAY, at=time(2, 30))
    assert round_opens(cadence, utc(2026, 3, 28), utc(2026, 3, 30)) == [utc(2026, 3, 29, 1, 0)]


def test_a_time_that_happens_twice_in_autumn_opens_the_first_time() -> None:
    cadence = weekly(SUNDAY, at=time(2, 30))
    # 02:30 CEST (UTC+2), not 02:30 CET an hour later.
    assert round_opens(cadence, utc(2026, 10, 24), utc(2026, 10, 26)) == [utc(2026, 10, 25, 0, 30)]


def test_the_range_includes_after_and_excludes_until() -> None:
    monday = utc(2026, 4, 13, 7, 30)
    assert round_opens(weekly(MONDAY), monday, monday + timedelta(days=7)) == [monday]
    assert round_opens(weekly(MONDAY), monday - timedelta(days=7), monday) == [
        monday - timedelta(days=7)
    ]
    assert round_opens(weekly(MONDAY), monday, monday) == []


def test_several_weekdays_come_out_sorted() -> None:
    rounds = round_opens(weekly(FRIDAY, MONDAY, WEDNESDAY), utc(2026, 4, 13), utc(2026, 4, 20))
    assert [r.astimezone(AMS).day for r in rounds] == [13, 15, 17]


def test_every_two_weeks_keeps_to_the_first_week() -> None:
    cadence = Cadence(
        frozenset({MONDAY, THURSDAY}), HALF_NINE, "Europe/Amsterdam", 2, date(2026, 3, 23)
    )
    rounds = round_opens(cadence, utc(2026, 3, 16), utc(2026, 4, 20))
    assert [r.astimezone(AMS).date() for r in rounds] == [
        date(2026, 3, 23),
        date(2026, 3, 26),
        date(2026, 4, 6),
        date(2026, 4, 9),
    ]
    # Across the DST change the local time holds: 08:30 UTC before, 07:30 after.
    assert rounds[0] == utc(2026, 3, 23, 8, 30)
    assert rounds[2] == utc(2026, 4, 6, 7, 30)


@pytest.mark.parametrize(
    "first_week",
    [date(2026, 3, 25), date(2026, 6, 1), date(2025, 12, 29)],
    ids=["a-wednesday-of-that-week", "a-later-week", "a-week-last-year"],
)
def test_every_two_weeks_counts_from_any_day_in_phase(first_week: date) -> None:
    cadence = Cadence(frozenset({MONDAY}), HALF_NINE, "Europe/Amsterdam", 2, first_week)
    rounds = round_opens(cadence, utc(2026, 3, 16), utc(2026, 4, 20))
    assert [r.astimezone(AMS).date() for r in rounds] == [date(2026, 3, 23), date(2026, 4, 6)]


def test_every_two_weeks_without_a_first_week_is_still_every_other_week() -> None:
    cadence = Cadence(frozenset({TUESDAY}), HALF_NINE, "Europe/Amsterdam", 2)
    rounds = round_opens(cadence, utc(2026, 1, 1), utc(2026, 3, 1))
    gaps = {later - earlier for earlier, later in pairwise(rounds)}
    assert gaps == {timedelta(weeks=2)}


def test_the_next_round() -> None:
    assert next_round_opens(weekly(MONDAY), utc(2026, 3, 24)) == utc(2026, 3, 30, 7, 30)
    assert next_round_opens(weekly(), utc(2026, 3, 24)) is None


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        round_opens(weekly(MONDAY), datetime(2026, 3, 1), utc(2026, 4, 1))


# The series' own time ---------------------------------------------------------------------


def test_a_series_straddling_dst_keeps_its_local_time() -> None:
    # Tuesdays 10:00 Amsterdam as a calendar feed gives them: in UTC, 09:00 then 08:00.
    starts = [local(AMS, 2026, 3, day, 10) for day in (10, 17, 24, 31)]
    starts += [local(AMS, 2026, 4, day, 10) for day in (7, 14)]
    assert {s.hour for s in starts} == {8, 9}
    assert cadence_of(starts, "Europe/Amsterdam") == weekly(TUESDAY, at=time(10))


def test_an_autumn_series_straddling_dst() -> None:
    starts = [local(AMS, 2026, 10, day, 9, 30) for day in (12, 19, 26)]
    starts.append(local(AMS, 2026, 11, 2, 9, 30))
    assert cadence_of(starts, "Europe/Amsterdam") == weekly(MONDAY)


def test_the_series_is_read_in_the_organizers_zone() -> None:
    # 15:30 in Amsterdam is 09:30 in New York for most of the year.
    starts = [local(AMS, 2026, 4, day, 15, 30) for day in (13, 20, 27)]
    assert cadence_of(starts, "America/New_York") == weekly(
        MONDAY, at=time(9, 30), zone="America/New_York"
    )


def test_a_fortnightly_series() -> None:
    # Wall-clock arithmetic in Amsterdam: every other Monday at 09:30, across DST.
    first = datetime(2026, 3, 2, 9, 30, tzinfo=AMS)
    starts = [(first + timedelta(weeks=2 * n)).astimezone(UTC) for n in range(6)]
    cadence = cadence_of(starts, "Europe/Amsterdam")
    assert cadence == Cadence(
        frozenset({MONDAY}), HALF_NINE, "Europe/Amsterdam", 2, first_week=date(2026, 3, 2)
    )
    assert round_opens(cadence, starts[0], starts[-1] + timedelta(minutes=1)) == starts


def test_a_skipped_week_keeps_a_series_weekly() -> None:
    days = (2, 9, 23, 30)  # no meeting on 16 March
    starts = [local(AMS, 2026, 3, day, 9, 30) for day in days]
    assert cadence_of(starts, "Europe/Amsterdam") == weekly(MONDAY)


def test_one_moved_occurrence_does_not_move_the_series() -> None:
    starts = [local(AMS, 2026, 4, day, 9, 30) for day in (6, 13, 27)]
    starts.append(local(AMS, 2026, 4, 23, 14))  # that week it was on Thursday afternoon
    assert cadence_of(starts, "Europe/Amsterdam") == weekly(MONDAY)


def test_a_series_on_two_days() -> None:
    starts = [local(AMS, 2026, 4, day, 9, 30) for day in (13, 15, 20, 22)]
    assert cadence_of(starts, "Europe/Amsterdam") == weekly(MONDAY, WEDNESDAY)


def test_one_occurrence_is_a_weekly_series() -> None:
    assert cadence_of([local(AMS, 2026, 4, 16, 11)], "Europe/Amsterdam") == weekly(
        THURSDAY, at=time(11)
    )


def test_no_occurrences_is_no_cadence() -> None:
    with pytest.raises(ValueError, match="at least one"):
        cadence_of([], "Europe/Amsterdam")


# Who is asked when ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "asked"),
    [
        # Amsterdam on CET, New York already on EDT: 04:30 there, asked at 09:00 EDT.
        (local(AMS, 2026, 3, 16, 9, 30), utc(2026, 3, 16, 13)),
        # Both on summer time: 03:30 there.
        (local(AMS, 2026, 4, 13, 9, 30), utc(2026, 4, 13, 13)),
        # Both on winter time: 03:30 EST, asked at 09:00 EST.
        (local(AMS, 2026, 1, 12, 9, 30), utc(2026, 1, 12, 14)),
    ],
    ids=["between-the-dst-changes", "summer", "winter"],
)
def test_new_york_is_asked_at_the_start_of_their_own_working_day(
    opens: datetime, asked: datetime
) -> None:
    assert ask_at(FocusState(working_hours=OFFICE), NYC, opens) == asked
    assert asked.astimezone(NYC).time() == time(9)


def test_someone_reachable_when_the_round_opens_is_asked_then() -> None:
    opens = local(AMS, 2026, 4, 13, 9, 30)
    assert ask_at(FocusState(working_hours=OFFICE), AMS, opens) == opens


def test_someone_in_focus_is_asked_when_focus_ends() -> None:
    focus = add_windows((), WEEKDAYS, 9 * 60, 11 * 60)
    state = FocusState(blocks=focus, working_hours=OFFICE)
    assert ask_at(state, NYC, local(AMS, 2026, 4, 13, 9, 30)) == local(NYC, 2026, 4, 13, 11)


def test_someone_on_leave_is_asked_after_it() -> None:
    leave = DaysOff(leave=(Leave(date(2026, 4, 13), date(2026, 4, 14)),))
    state = FocusState(working_hours=OFFICE, days_off=leave)
    opens = local(AMS, 2026, 4, 13, 9, 30)
    asked = ask_at(state, AMS, opens)
    assert asked == local(AMS, 2026, 4, 15, 9)
    # By then the round's four working hours are over: not worth asking any more.
    times = round_times(opens, Worktime(FocusState(working_hours=OFFICE)), AMS)
    assert not still_worth_asking(times, asked)
    assert still_worth_asking(times, opens)


def test_someone_never_reachable_is_not_asked() -> None:
    assert ask_at(FocusState(blocks=FULL_WEEK), AMS, utc(2026, 4, 13, 7, 30)) is None


# When answers are due ---------------------------------------------------------------------


def test_a_friday_afternoon_round_is_due_monday_noon() -> None:
    # One working hour on Friday, three on Monday; the clocks change that weekend.
    times = round_times(
        local(AMS, 2026, 3, 27, 16), Worktime(FocusState(working_hours=OFFICE)), AMS
    )
    assert times == RoundTimes(
        opens_at=utc(2026, 3, 27, 15),
        remind_at=local(AMS, 2026, 3, 30, 10),
        due_at=local(AMS, 2026, 3, 30, 12),
    )
    assert times.due_at == utc(2026, 3, 30, 10)


def test_a_morning_round_is_due_four_hours_later_and_reminded_halfway() -> None:
    times = round_times(
        local(AMS, 2026, 4, 13, 9, 30), Worktime(FocusState(working_hours=OFFICE)), AMS
    )
    assert times.remind_at == local(AMS, 2026, 4, 13, 11, 30)
    assert times.due_at == local(AMS, 2026, 4, 13, 13, 30)


def test_the_organizers_focus_does_not_count() -> None:
    focus = add_windows((), (MONDAY,), 10 * 60, 12 * 60)
    state = FocusState(blocks=focus, working_hours=OFFICE)
    times = round_times(local(AMS, 2026, 4, 13, 9, 30), Worktime(state), AMS)
    # Half an hour before the block, then on from noon.
    assert times.remind_at == local(AMS, 2026, 4, 13, 13, 30)
    assert times.due_at == local(AMS, 2026, 4, 13, 15, 30)


def test_a_round_opening_before_working_hours_counts_from_their_start() -> None:
    times = round_times(
        local(AMS, 2026, 4, 13, 7), Worktime(FocusState(working_hours=OFFICE)), AMS, 60
    )
    assert times.remind_at == local(AMS, 2026, 4, 13, 9, 30)
    assert times.due_at == local(AMS, 2026, 4, 13, 10)


def test_an_organizer_without_free_time_still_gets_a_due_time() -> None:
    opens = utc(2026, 4, 13, 7, 30)
    times = round_times(opens, Worktime(FocusState(blocks=FULL_WEEK)), AMS)
    assert (times.remind_at, times.due_at) == (
        opens + timedelta(hours=2),
        opens + timedelta(hours=4),
    )


def test_reminder_and_wrap_up_moments() -> None:
    times = RoundTimes(utc(2026, 4, 13, 7), utc(2026, 4, 13, 9), utc(2026, 4, 13, 11))
    assert not reminder_due(times, utc(2026, 4, 13, 8, 59))
    assert reminder_due(times, utc(2026, 4, 13, 9))
    assert not reminder_due(times, utc(2026, 4, 13, 11))
    assert not answers_due(times, utc(2026, 4, 13, 10, 59))
    assert answers_due(times, utc(2026, 4, 13, 11))
