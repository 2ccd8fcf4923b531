"""The summary's statistics: dedupe, attendee-hours, trends, ranking, privacy, schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.cleanup.answers import AsyncTally, tallies
from bot.cleanup.model import (
    Direction,
    MeetingRow,
    Reason,
    SummarySchedule,
    Trend,
    between,
    candidates,
    dedupe,
    is_quarterly,
    series_review,
    sparkline,
    week_figures,
)

AMS = ZoneInfo("Europe/Amsterdam")
MON = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday


def row(
    meeting_id: int,
    *,
    series: str | None = None,
    title: str = "Sync",
    start: datetime = MON,
    minutes: int = 25,
    people: int = 4,
    recurring: bool = False,
    private: bool = False,
    agenda: bool = True,
    flags: frozenset[str] = frozenset(),
    organizer: str | None = "UORG",
) -> MeetingRow:
    return MeetingRow(
        meeting_id=meeting_id,
        series_key=series or f"single-{meeting_id}",
        title=title,
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        people=people,
        is_recurring=recurring,
        is_private=private,
        has_agenda=agenda,
        flags=flags,
        organizer_id=organizer,
    )


def test_a_meeting_in_several_members_calendars_counts_once() -> None:
    first, second = row(1), row(2, start=MON + timedelta(hours=1))
    rows = dedupe([second, first, first, second, first])
    assert [r.meeting_id for r in rows] == [1, 2]
    assert week_figures(rows).meetings == 2


def test_attendee_hours_are_length_times_people() -> None:
    rows = [row(1, minutes=60, people=8), row(2, minutes=30, people=3)]
    figures = week_figures(rows)
    assert figures.hours == pytest.approx(1.5)
    assert figures.attendee_hours == pytest.approx(8 + 1.5)
    assert figures.cost(100.0) == pytest.approx(950.0)
    assert figures.cost(None) is None


def test_private_meetings_count_as_busy_time_but_not_in_the_agenda_share() -> None:
    rows = [row(1, agenda=True), row(2, agenda=False), row(3, private=True, agenda=False)]
    figures = week_figures(rows)
    assert figures.meetings == 3
    assert figures.agenda_share == pytest.approx(0.5)
    assert week_figures([row(1, private=True)]).agenda_share is None


def test_between_is_start_inclusive_end_exclusive() -> None:
    rows = [row(1, start=MON), row(2, start=MON + timedelta(days=7))]
    assert [r.meeting_id for r in between(rows, MON, MON + timedelta(days=7))] == [1]


@pytest.mark.parametrize(
    ("now", "before", "direction", "percent"),
    [(10, 20, Direction.DOWN, -50), (30, 20, Direction.UP, 50), (20, 20, Direction.FLAT, 0),
     (5, 0, Direction.UP, None), (0, 0, Direction.FLAT, None)],
)  # fmt: skip
def test_trends(now: float, before: float, direction: Direction, percent: int | None) -> None:
    trend = Trend(now, before)
    assert trend.direction is direction
    assert trend.percent == percent


def test_candidates_are_series_ranked_by_attendee_hours_with_reasons_and_an_action() -> None:
    standup = [
        row(i, series="standup", title="Standup", recurring=True, agenda=False, people=6,
            start=MON + timedelta(days=i), minutes=15)
        for i in range(1, 4)
    ]  # fmt: skip
    allhands = row(10, title="All hands", minutes=60, people=40)
    fine = row(11, title="Pairing", minutes=25, people=2)
    found = candidates([*standup, allhands, fine], focus_day=None, tz=AMS)
    assert [c.title for c in found] == ["All hands", "Standup"]
    assert found[0].reasons == (Reason.NOT_SPEEDY, Reason.LARGE)
    assert found[0].action.startswith("Invite only")
    assert found[1].occurrences == 3
    assert found[1].attendee_hours == pytest.approx(3 * 6 * 15 / 60)
    assert found[1].reasons == (Reason.RECURRING_NO_AGENDA,)
    assert "agenda" in found[1].action


def test_thirty_minutes_is_not_speedy_and_the_action_says_25() -> None:
    (found,) = candidates([row(1, minutes=30)], focus_day=None, tz=AMS)
    assert found.reasons == (Reason.NOT_SPEEDY,)
    assert "25" in found.action


def test_the_focus_day_is_judged_on_the_teams_wall_clock() -> None:
    # Friday 23:30 UTC is Saturday 00:30 in Amsterdam: not on a Friday focus day there.
    late_friday = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    assert candidates([row(1, start=late_friday)], focus_day=4, tz=AMS) == []
    (found,) = candidates([row(1, start=late_friday)], focus_day=5, tz=AMS)
    assert found.reasons == (Reason.FOCUS_DAY,)
    assert found.action == "Move it off Saturday"


def test_flags_from_the_calendar_become_reasons() -> None:
    flagged = row(1, recurring=True, flags=frozenset({"overlaps_focus", "recurring_without_end"}))
    (found,) = candidates([flagged], focus_day=None, tz=AMS)
    assert found.reasons == (Reason.OVERLAPS_FOCUS, Reason.NO_END)


def test_private_meetings_are_never_candidates() -> None:
    secret = row(1, private=True, title="", minutes=120, people=30, recurring=True, agenda=False)
    assert candidates([secret], focus_day=0, tz=AMS) == []
    assert series_review([secret], weeks=5) == []


def test_async_answers_show_only_with_three_people_and_count_each_person_once() -> None:
    titles = {"standup": "Standup", "retro": "Retro"}
    answers = [
        ("standup", "UA", "no"), ("standup", "UA", "yes"),  # UA changed their mind
        ("standup", "UB", "yes"), ("standup", "UC", "partly"),
        ("retro", "UA", "yes"), ("retro", "UB", "yes"),
        ("secret", "UA", "yes"), ("secret", "UB", "yes"), ("secret", "UC", "yes"),
    ]  # fmt: skip
    assert tallies(answers, titles) == [AsyncTally("standup", "Standup", yes=2, partly=1, no=0)]


def test_series_review_lists_each_recurring_series_per_week() -> None:
    weekly = [row(i, series="w", recurring=True, minutes=50, people=5,
                  start=MON + timedelta(days=7 * i)) for i in range(5)]  # fmt: skip
    (review,) = series_review([*weekly, row(99)], weeks=5)
    assert review.per_week == pytest.approx(1.0)
    assert review.attendee_hours_per_week == pytest.approx(5 * 50 / 60)


def test_schedule_due_only_on_its_day_after_its_time() -> None:
    friday_three = SummarySchedule(weekday=4, minute=15 * 60, tz="Europe/Amsterdam")
    due = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # 15:00 CET
    assert friday_three.due_in_week_of(MON) == due
    assert friday_three.due_now(due - timedelta(minutes=1)) is None
    assert friday_three.due_now(due) == due
    assert friday_three.due_now(due + timedelta(hours=8)) == due  # 23:00 the same day
    assert friday_three.due_now(due + timedelta(hours=10)) is None  # Saturday: missed
    assert friday_three.local_day(due) == date(2026, 11, 27)


def test_schedule_across_the_dst_change() -> None:
    # Sunday 2026-10-25 02:30 happens twice in Amsterdam; a summary then is due once.
    sunday = SummarySchedule(weekday=6, minute=2 * 60 + 30, tz="Europe/Amsterdam")
    due = sunday.due_in_week_of(datetime(2026, 10, 22, tzinfo=UTC))
    assert due == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first 02:30 (CEST)


@pytest.mark.parametrize(
    ("day", "quarterly"),
    [(date(2026, 1, 2), True), (date(2026, 4, 7), True), (date(2026, 4, 8), False),
     (date(2026, 12, 4), False), (date(2026, 10, 1), True)],
)  # fmt: skip
def test_first_summary_of_a_quarter(day: date, quarterly: bool) -> None:
    assert is_quarterly(day) is quarterly


def test_sparkline() -> None:
    assert sparkline([1, 2, 3]) == "▁▅█"
    assert sparkline([2, 2]) == "▄▄"
    assert sparkline([]) == ""
