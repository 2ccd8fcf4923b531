"""What App Home shows of check-ins, on SQLite and PostgreSQL: the check-ins the person
organizes (not those they are only asked in, not stopped ones), and the recurring meetings
in their own feed that they organize, with two people or more, still to come and without a
check-in, soonest first, each once however many occurrences it has."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.checkins import repo, service
from bot.checkins.home import MAX_SHOWN, checkins_home
from bot.checkins.repo_home import OwnSeries
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.meetings.tables import CalendarFeed, Meeting, MeetingSighting
from tests.integration.checkins.building import ANA, MONDAY, ORGANIZER, PLAN, add_checkin

DAY = timedelta(days=1)


def _feed(uow: UnitOfWork, user_id: str) -> None:
    with uow() as session:
        session.add(
            CalendarFeed(
                user_id=user_id, url_encrypted="x", host="calendar.example", created_at=MONDAY,
                next_poll_at=MONDAY,
            )
        )  # fmt: skip


def _meeting(
    uow: UnitOfWork,
    series: str,
    starts: datetime,
    *,
    title: str = "",
    organizer: str | None = ORGANIZER,
    seen_by: tuple[str, ...] = (ORGANIZER,),
    people: int = 3,
    recurring: bool = True,
) -> None:
    with uow() as session:
        meeting = Meeting(
            series_key=series, slot=starts, title=title or series, starts_at=starts,
            ends_at=starts + timedelta(minutes=30), people=people, is_recurring=recurring,
            is_private=False, has_agenda=False, agenda_reason="none", minutes=30, flags="",
            organizer_id=organizer, updated_at=MONDAY,
        )  # fmt: skip
        session.add(meeting)
        session.flush()
        session.add_all(MeetingSighting(meeting_id=meeting.id, user_id=u) for u in seen_by)


def test_own_recurring_meetings_soonest_first_each_once(uow: UnitOfWork) -> None:
    _feed(uow, ORGANIZER)
    _feed(uow, ANA)
    for week in range(3):  # weekly: three occurrences, shown once, by the next one
        _meeting(uow, "weekly", MONDAY + (2 + 7 * week) * DAY, title=f"Weekly {week}")
    _meeting(uow, "weekly", MONDAY - 5 * DAY, title="Weekly, last week")
    _meeting(uow, "daily", MONDAY + DAY / 2, seen_by=(ORGANIZER, ANA))
    _meeting(uow, "past", MONDAY - DAY)  # over: nothing left to make async
    _meeting(uow, "single", MONDAY + DAY, recurring=False)
    _meeting(uow, "alone", MONDAY + DAY, people=1)  # a reminder, not a meeting
    _meeting(uow, "anas", MONDAY + DAY, organizer=ANA, seen_by=(ORGANIZER, ANA))
    _meeting(uow, "not-in-my-feed", MONDAY + DAY, seen_by=(ANA,))
    _meeting(uow, "made-async", MONDAY + DAY)
    add_checkin(uow, series_key="made-async")

    home = checkins_home(uow, ORGANIZER, MONDAY)
    assert home.series == (
        OwnSeries("daily", "daily", MONDAY + DAY / 2),
        OwnSeries("weekly", "Weekly 0", MONDAY + 2 * DAY),
    )
    assert home.series_total == 2
    assert [s.series_key for s in checkins_home(uow, ANA, MONDAY).series] == ["anas"]


def test_a_stopped_check_in_gives_its_meeting_back_to_the_list(uow: UnitOfWork) -> None:
    _feed(uow, ORGANIZER)
    _meeting(uow, "weekly", MONDAY + DAY)
    checkin_id = add_checkin(uow, series_key="weekly")
    assert checkins_home(uow, ORGANIZER, MONDAY).series == ()
    service.stop(uow, ORGANIZER, checkin_id, MONDAY)
    assert [s.series_key for s in checkins_home(uow, ORGANIZER, MONDAY).series] == ["weekly"]


def test_only_the_check_ins_the_person_organizes_the_first_few_counted(uow: UnitOfWork) -> None:
    ids = [add_checkin(uow) for _ in range(MAX_SHOWN + 2)]
    add_checkin(uow, organizer=ANA)  # PLAN asks Ana, Bob and Carol: not the organizer
    service.stop(uow, ORGANIZER, ids[-1], MONDAY)
    home = checkins_home(uow, ORGANIZER, MONDAY)
    assert [c.key for c in home.checkins] == [str(i) for i in ids[:MAX_SHOWN]]
    assert home.checkins_total == MAX_SHOWN + 1
    assert all(c.organizer and c.title == PLAN.title for c in home.checkins)
    # Ana is asked in all of them, and organizes one: App Home shows her own only.
    anas = checkins_home(uow, ANA, MONDAY)
    assert anas.checkins_total == 1
    with uow() as session:
        assert len(repo.of_person(session, ANA)) == MAX_SHOWN + 2  # asked in the others


def test_the_next_times_are_in_the_persons_zone(uow: UnitOfWork) -> None:
    assert checkins_home(uow, ORGANIZER, MONDAY).zone == ZoneInfo("UTC")
    with uow() as session:
        focus_repo.add_person(session, ORGANIZER, "Europe/Amsterdam", MONDAY)
    assert checkins_home(uow, ORGANIZER, MONDAY).zone == ZoneInfo("Europe/Amsterdam")
