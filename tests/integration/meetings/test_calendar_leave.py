"""Leave from the calendar on both backends: a feed served over HTTP is synced, its
out-of-office events become the owner's leave, an event can be ignored (and counted again)
across syncs, and disconnecting takes the calendar's leave away, never leave by command."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus import repo as focus_repo
from bot.focus.absence import FROM_CALENDAR, FROM_COMMAND, Leave, day_end
from bot.focus.commands import EndLeave
from bot.focus.model import zone_named
from bot.focus.service import count_calendar_leave, run_command
from bot.focus.tables import LeavePeriod
from bot.meetings.absence import absence_key
from bot.meetings.service import Calendars, connect_feed, remove_feed, sync_feed
from tests.integration.meetings.feed_kit import ALICE, BOB
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)  # Friday; the fake Slack puts both in Amsterdam
VACATION_UID = "4k2lq3n8v0p1a9d7e6s5c4b3a2@google.com"
VACATION = (
    "DTSTART;VALUE=DATE:20261214\nDTEND;VALUE=DATE:20261219\n"
    f"UID:{VACATION_UID}\nSUMMARY:Vacation in Spain\nTRANSP:TRANSPARENT"
)
MOVED = VACATION.replace("20261214", "20261215").replace("Spain", "Portugal")
OFFSITE = (
    "UID:offsite-1\nSUMMARY:Offsite\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\n"
    "DTSTART;TZID=Europe/Amsterdam:20261209T000000\nDTEND;TZID=Europe/Amsterdam:20261211T000000"
)
MEETING = (
    "UID:sync-1\nDTSTART:20261207T100000Z\nDTEND:20261207T103000Z\nSUMMARY:Sync\n"
    "ORGANIZER:mailto:p0@acme.test\nATTENDEE:mailto:p0@acme.test\nATTENDEE:mailto:p1@acme.test"
)
KEY = absence_key(VACATION_UID, None)


def _serve(feeds: FeedServer, path: str, *events: str) -> str:
    feeds.routes[path] = Route(body=calendar(*events).encode())
    return feeds.url(path)


def _leave(uow: UnitOfWork, user_id: str) -> tuple[Leave, ...]:
    """The person's leave as everything that uses it reads it: their state, and the hot
    path's query (which must agree)."""
    with uow() as session:
        person = focus_repo.get_person(session, user_id)
        if person is None:
            return ()
        state = focus_repo.state_of(person).days_off.leave
        (hot,) = focus_repo.reachability(session, [user_id], now=NOW)
    assert hot.state.days_off.leave == state
    return state


def _add_command_leave(uow: UnitOfWork, user_id: str, day: date) -> None:
    with uow() as session:
        zone = zone_named(focus_repo.get_person(session, user_id).tz)  # type: ignore[union-attr]
        session.add(
            LeavePeriod(
                user_id=user_id,
                starts_on=day,
                ends_on=day,
                ends_at=day_end(day, zone),
                source=FROM_COMMAND,
                created_at=NOW,
            )
        )


def test_a_synced_feed_makes_its_owner_s_leave_with_where_it_came_from(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/alice.ics", VACATION, OFFSITE, MEETING), NOW)
    # Alice never used /focus: the leave made her known, in her Slack zone.
    assert _leave(uow, ALICE) == (
        Leave(date(2026, 12, 9), date(2026, 12, 10), FROM_CALENDAR),
        Leave(date(2026, 12, 14), date(2026, 12, 18), FROM_CALENDAR),
    )
    with uow() as session:
        rows = session.scalars(select(LeavePeriod).order_by(LeavePeriod.starts_on)).all()
        assert [(r.title, r.event_key) for r in rows] == [
            ("Offsite", absence_key("offsite-1", None)),
            ("Vacation in Spain", KEY),
        ]
        assert rows[1].ends_at == datetime(2026, 12, 18, 23, 0, tzinfo=UTC)  # Amsterdam midnight


def test_a_feed_without_absences_adds_no_one(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/alice.ics", MEETING), NOW)
    with uow() as session:
        assert focus_repo.get_person(session, ALICE) is None


def test_each_sync_replaces_calendar_leave_and_never_touches_command_leave(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/alice.ics", VACATION, OFFSITE), NOW)
    _add_command_leave(uow, ALICE, date(2026, 12, 21))
    _serve(feeds, "/alice.ics", MOVED)  # the offsite is gone, the vacation moved a day
    assert sync_feed(cal, ALICE, NOW + timedelta(hours=1)) is not None
    assert _leave(uow, ALICE) == (
        Leave(date(2026, 12, 15), date(2026, 12, 18), FROM_CALENDAR),
        Leave(date(2026, 12, 21), date(2026, 12, 21), FROM_COMMAND),
    )
    with uow() as session:
        titles = session.scalars(select(LeavePeriod.title).where(LeavePeriod.event_key == KEY))
        assert list(titles) == ["Vacation in Portugal"]


def test_an_ignored_event_stays_ignored_across_syncs_until_counted_again(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/alice.ics", VACATION), NOW)
    result = count_calendar_leave(uow, ALICE, KEY, ignore=True, now=NOW)
    assert result.text.startswith("Ignored")
    assert [(i.key, i.ignored) for i in result.calendar_leave] == [(KEY, True)]
    assert _leave(uow, ALICE) == ()

    _serve(feeds, "/alice.ics", MOVED)  # a changed feed is parsed and stored again
    assert sync_feed(cal, ALICE, NOW + timedelta(hours=1)) is not None
    assert _leave(uow, ALICE) == ()
    with uow() as session:
        (row,) = session.scalars(select(LeavePeriod)).all()
        assert (row.starts_on, row.ignored_at) == (date(2026, 12, 15), NOW)

    count_calendar_leave(uow, ALICE, KEY, ignore=False, now=NOW)
    assert _leave(uow, ALICE) == (Leave(date(2026, 12, 15), date(2026, 12, 18), FROM_CALENDAR),)


def test_ignoring_an_event_no_longer_in_the_calendar_changes_nothing(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/alice.ics", VACATION), NOW)
    other = absence_key("somebody-else", None)
    for user_id, key in ((ALICE, other), (BOB, KEY)):  # Bob cannot touch Alice's leave
        with pytest.raises(KairosUserError, match="no longer in your calendar"):
            count_calendar_leave(uow, user_id, key, ignore=True, now=NOW)
    assert _leave(uow, ALICE) == (Leave(date(2026, 12, 14), date(2026, 12, 18), FROM_CALENDAR),)


def test_disconnecting_takes_the_calendar_s_leave_and_keeps_command_leave(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/alice.ics", VACATION, OFFSITE), NOW)
    _add_command_leave(uow, ALICE, date(2026, 12, 21))
    assert remove_feed(uow, ALICE, NOW)
    assert _leave(uow, ALICE) == (Leave(date(2026, 12, 21), date(2026, 12, 21), FROM_COMMAND),)


def test_another_person_s_feed_never_makes_anyone_else_s_leave(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    # Bob's calendar shows Alice's vacation invite and his own offsite: only his is leave.
    invite = VACATION + (
        "\nORGANIZER:mailto:alice@acme.test\nATTENDEE:mailto:alice@acme.test"
        "\nATTENDEE:mailto:bob@acme.test"
    )
    connect_feed(cal, BOB, _serve(feeds, "/bob.ics", invite, OFFSITE), NOW)
    assert _leave(uow, BOB) == (Leave(date(2026, 12, 9), date(2026, 12, 10), FROM_CALENDAR),)
    assert _leave(uow, ALICE) == ()


def test_focus_back_on_calendar_leave_points_to_its_ignore_button(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    today = VACATION.replace("20261214", "20261204")  # Friday 4 to Friday 18 December
    connect_feed(cal, ALICE, _serve(feeds, "/alice.ics", today), NOW)
    with uow() as session:
        person = focus_repo.get_person(session, ALICE)
        assert person is not None
        result = run_command(session, person, EndLeave(), NOW)
    assert result.text.startswith(
        "Your calendar says you're away today (“Vacation in Spain”), so I can't end it here."
    )
    assert [(i.key, i.ignored) for i in result.calendar_leave] == [(KEY, False)]
    assert _leave(uow, ALICE) == (Leave(date(2026, 12, 4), date(2026, 12, 18), FROM_CALENDAR),)
