"""The weekly summary does not count attendees who were on leave, or on a public holiday,
on the day of a meeting (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select

from bot.cleanup.model import Summary
from bot.cleanup.service import SummaryOptions, build_summary
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.absence import day_end
from bot.focus.model import zone_named
from bot.focus.tables import LeavePeriod
from bot.meetings.tables import Meeting, MeetingAttendee
from tests.integration.cleanup.summary_setup import ALICE, BOB, MONDAY, TEAM, add_meeting

ANN, BEA, CAS = "U0ANN", "U0BEA", "U0CAS"  # Kairos users; Cas has no days off
DAN = "U0DAN"  # an attendee with no Kairos person row: counted as the calendar says
NOW = MONDAY + timedelta(days=4)  # Friday 27 November 2026
WEDNESDAY = MONDAY + timedelta(days=2)  # 10:00 in Amsterdam


def _person(uow: UnitOfWork, user_id: str, *, leave: date | None = None, region: str = "") -> None:
    with uow() as session:
        person = focus_repo.add_person(session, user_id, "Europe/Amsterdam", MONDAY)
        person.holiday_region = region or None
        if leave is not None:
            person.leave.append(
                LeavePeriod(
                    user_id=user_id, starts_on=leave, ends_on=leave,
                    ends_at=day_end(leave, zone_named("Europe/Amsterdam")), source="command",
                    created_at=MONDAY,
                )
            )  # fmt: skip


def _attend(uow: UnitOfWork, title: str, people: list[str]) -> None:
    with uow() as session:
        meeting_id = session.scalar(select(Meeting.id).where(Meeting.title == title))
        session.add_all(MeetingAttendee(meeting_id=meeting_id, user_id=u) for u in people)


def _summary(uow: UnitOfWork, *, quarterly: bool = False) -> Summary:
    with uow() as session:
        return build_summary(
            session, TEAM, [ALICE, BOB], now=NOW, tz="Europe/Amsterdam",
            options=SummaryOptions(), quarterly=quarterly,
        )  # fmt: skip


def test_attendees_on_leave_that_day_are_not_counted(uow: UnitOfWork) -> None:
    _person(uow, ANN, leave=WEDNESDAY.date())
    _person(uow, CAS)
    # Wednesday: Ann is on leave. Thursday: everyone is there. Both an hour, 5 people.
    add_meeting(uow, "Planning", WEDNESDAY, [ALICE], minutes=60, people=5)
    add_meeting(uow, "Retro", WEDNESDAY + timedelta(days=1), [ALICE], minutes=60, people=5)
    _attend(uow, "Planning", [ANN, CAS, DAN])
    _attend(uow, "Retro", [ANN, CAS, DAN])
    figures = _summary(uow).last_week
    assert figures.meetings == 2
    assert figures.attendee_hours == 9  # 4 on Wednesday, 5 on Thursday


def test_attendees_on_a_public_holiday_are_not_counted(uow: UnitOfWork) -> None:
    # Thursday 26 November 2026 is Thanksgiving in the United States, not in the Netherlands.
    _person(uow, ANN, region="US")
    _person(uow, BEA, region="NL")
    add_meeting(uow, "Sync", WEDNESDAY + timedelta(days=1), [ALICE], minutes=30, people=4)
    _attend(uow, "Sync", [ANN, BEA])
    assert _summary(uow).last_week.attendee_hours == 1.5  # 3 people for half an hour


def test_the_coming_weeks_candidates_count_who_can_come(uow: UnitOfWork) -> None:
    # Eight people make a meeting "large"; with one on leave that day it is not.
    monday_next = NOW + timedelta(days=3)
    _person(uow, ANN, leave=monday_next.date())
    add_meeting(uow, "All hands", monday_next, [BOB], minutes=25, people=8)
    _attend(uow, "All hands", [ANN])
    assert "All hands" not in [c.title for c in _summary(uow).candidates]
    with uow() as session:
        session.execute(delete(MeetingAttendee))  # Ann is no longer invited
    (large,) = [c for c in _summary(uow).candidates if c.title == "All hands"]
    assert large.people == 8
