"""Calendar feeds end to end below Slack: connect, sync, poll, disconnect, on both backends."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from bot.clock import FakeClock
from bot.connect.crypto import TokenCipher
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.meetings import service
from bot.meetings.ics.parse import ParsedFeed
from bot.meetings.ics.pool import ParsePool
from bot.meetings.model import SERIES_KEY_CHARS
from bot.meetings.service import (
    CalendarProblem,
    Calendars,
    PollRun,
    connect_feed,
    remove_feed,
    sync_due,
    sync_feed,
)
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee, MeetingSighting
from bot.privacy import retention
from bot.privacy.retention import Periods
from bot.privacy.retention_service import enforce_retention
from tests.integration.meetings.feed_kit import ALICE, BOB, KEY
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _event(uid: str, day: int, title: str, description: str = "", people: int = 3) -> str:
    attendees = "\n".join(
        f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:p{i}@acme.test" for i in range(people)
    )
    return (
        f"UID:{uid}\nDTSTART:202611{day:02d}T100000Z\nDTEND:202611{day:02d}T110000Z\n"
        f"SUMMARY:{title}\nORGANIZER:mailto:p0@acme.test\n{attendees}\n"
        + (f"DESCRIPTION:{description}\n" if description else "")
    )


SHARED = _event("shared@acme", 24, "Roadmap", "Agenda: pricing; launch; hiring plan")
ALICE_ONLY = _event("alice@acme", 25, "Sync")
LATER = _event("later@acme", 26, "Retro")


def _serve(feeds: FeedServer, path: str, *events: str) -> str:
    feeds.routes[path] = Route(body=calendar(*events).encode())
    return feeds.url(path)


def _meetings(uow: UnitOfWork) -> dict[str, Meeting]:
    with uow() as session:
        return {m.title: m for m in session.scalars(select(Meeting))}


def test_connect_counts_upcoming_meetings_and_stores_the_address_encrypted(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    url = _serve(feeds, "/alice-secret.ics", SHARED, ALICE_ONLY, LATER)
    report = connect_feed(cal, ALICE, f"<{url}>", NOW)
    assert report.upcoming == 3
    stored = _meetings(uow)
    assert stored["Roadmap"].has_agenda
    assert not stored["Sync"].has_agenda
    assert stored["Sync"].people == 3
    assert "not_speedy" in stored["Sync"].flags.split(",")  # a 60-minute meeting
    with uow() as session:
        raw = session.execute(text("SELECT url_encrypted, host FROM calendar_feeds")).one()
    assert "alice-secret" not in raw[0]
    assert raw[1] == "127.0.0.1"
    assert TokenCipher(KEY).decrypt(raw[0]) == url


def test_a_meeting_in_two_feeds_is_one_meeting_and_outlives_one_feed(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED, ALICE_ONLY), NOW)
    connect_feed(cal, BOB, _serve(feeds, "/b.ics", SHARED), NOW)
    assert sorted(_meetings(uow)) == ["Roadmap", "Sync"]
    assert remove_feed(uow, ALICE, NOW)
    assert sorted(_meetings(uow)) == ["Roadmap"]  # Bob still sees it
    with uow() as session:
        assert session.get(CalendarFeed, ALICE) is None
        sightings = list(session.scalars(select(MeetingSighting.user_id)))
    assert sightings == [BOB]
    assert not remove_feed(uow, ALICE, NOW)


def test_unchanged_feed_is_not_parsed_again_and_removed_events_go(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED, ALICE_ONLY), NOW)
    later = NOW + timedelta(minutes=20)
    unchanged = sync_feed(cal, ALICE, later)
    assert unchanged is not None
    assert not unchanged.changed
    assert feeds.requests[-1].headers.get("If-None-Match")  # a conditional GET
    _serve(feeds, "/a.ics", SHARED)
    changed = sync_feed(cal, ALICE, later)
    assert changed is not None
    assert changed.changed
    assert changed.upcoming == 1
    assert sorted(_meetings(uow)) == ["Roadmap"]


def test_bad_feed_is_refused_and_nothing_is_stored(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    feeds.routes["/page"] = Route(body=b"<html>login</html>")
    with pytest.raises(CalendarProblem) as problem:
        connect_feed(cal, ALICE, feeds.url("/page"), NOW)
    assert "Nothing was saved" in problem.value.user_text()
    with uow() as session:
        assert session.scalars(select(CalendarFeed)).all() == []


def test_broken_event_is_skipped_not_the_feed(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    broken = "UID:broken@acme\nDTSTART:2026112XT100000Z\nSUMMARY:Broken"
    report = connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED, broken), NOW)
    assert report.upcoming == 1
    assert report.reading.skipped == {"bad_time": 1}


@pytest.mark.parametrize(
    ("route", "said"),
    [(Route(status=404), "404"), (Route(body=b"<html>Sign in</html>"), "not a calendar")],
)
def test_a_feed_that_stops_working_is_reported_once_and_keeps_its_meetings(
    cal: Calendars,
    feeds: FeedServer,
    uow: UnitOfWork,
    fake_slack: FakeSlack,
    route: Route,
    said: str,
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED), NOW)
    feeds.routes["/a.ics"] = route
    first_poll = NOW + timedelta(hours=1)
    assert sync_due(cal, first_poll).synced == 1
    assert sync_due(cal, first_poll + timedelta(hours=1)).synced == 1
    dms = list(fake_slack.calls_to("chat.postMessage"))
    assert len(dms) == 1
    assert said in str(dms[0].args.get("text"))
    assert "Roadmap" in _meetings(uow)


def test_a_shared_meeting_is_stored_alike_whichever_feed_stores_it(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork, fake_slack: FakeSlack
) -> None:
    # An exempt meeting (no agenda nudges for a lunch) whose organizer and a guest use
    # Slack. Alice's feed also shows them in a meeting that may be nudged; Bob's does not.
    fake_slack.add_user("U0P0", name="p0", email="p0@acme.test")
    fake_slack.add_user("U0P1", name="p1", email="p1@acme.test")
    lunch = _event("lunch@acme", 24, "Team lunch")

    def stored_lunch() -> tuple[str | None, set[str]]:
        with uow() as session:
            meeting = session.scalars(select(Meeting).where(Meeting.title == "Team lunch")).one()
            people = session.scalars(
                select(MeetingAttendee.user_id).where(MeetingAttendee.meeting_id == meeting.id)
            )
            return meeting.organizer_id, set(people)

    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", lunch, ALICE_ONLY), NOW)
    by_alice = stored_lunch()
    connect_feed(cal, BOB, _serve(feeds, "/b.ics", lunch), NOW)
    assert stored_lunch() == by_alice == ("U0P0", {"U0P1"})


def test_a_run_stops_when_its_time_is_spent_and_the_rest_wait(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED), NOW)
    connect_feed(cal, BOB, _serve(feeds, "/b.ics", SHARED), NOW)
    later = NOW + timedelta(hours=1)
    fetched = len(feeds.requests)
    assert sync_due(cal, later, budget_seconds=-1) == PollRun(0, more_due=True)
    assert len(feeds.requests) == fetched
    assert sync_due(cal, later) == PollRun(2, more_due=False)
    assert len(feeds.requests) == fetched + 2


def test_a_run_says_more_are_due_when_it_reached_its_feed_limit(
    cal: Calendars, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED), NOW)
    connect_feed(cal, BOB, _serve(feeds, "/b.ics", SHARED), NOW)
    later = NOW + timedelta(hours=1)
    monkeypatch.setattr(service, "FEEDS_PER_RUN", 1)
    assert sync_due(cal, later) == PollRun(1, more_due=True)
    assert sync_due(cal, later) == PollRun(1, more_due=False)
    assert sync_due(cal, later) == PollRun(0, more_due=False)


def test_a_run_with_a_parse_pool_stores_what_parsing_here_stores(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED), NOW)
    connect_feed(cal, BOB, _serve(feeds, "/b.ics", SHARED), NOW)
    _serve(feeds, "/a.ics", SHARED, ALICE_ONLY, LATER)
    # A calendar the fetch accepts and the parser refuses (in the worker).
    feeds.routes["/b.ics"] = Route(body=calendar(SHARED, header="CALSCALE:JULIAN").encode())
    pool = ParsePool(1)
    try:
        assert sync_due(cal, NOW + timedelta(hours=1), pool=pool).synced == 2
    finally:
        pool.close()
    assert sorted(_meetings(uow)) == ["Retro", "Roadmap", "Sync"]
    with uow() as session:
        assert session.get(CalendarFeed, ALICE).meetings_found == 3  # type: ignore[union-attr]
        problem = session.get(CalendarFeed, BOB).problem  # type: ignore[union-attr]
    assert problem == "the address no longer answers with a calendar."


def test_polls_are_spread_and_only_due_feeds_are_fetched(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork, clock: FakeClock
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED), NOW)
    fetched = len(feeds.requests)
    assert sync_due(cal, NOW + timedelta(minutes=5)) == PollRun(0, more_due=False)
    assert len(feeds.requests) == fetched
    with uow() as session:
        feed = session.get(CalendarFeed, ALICE)
        assert feed is not None
        assert NOW + timedelta(minutes=12) <= feed.next_poll_at <= NOW + timedelta(minutes=18)


def test_meetings_are_forgotten_five_weeks_after_they_ended(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED, LATER), NOW)
    forgotten = retention.MEETINGS_ENDED.name
    assert enforce_retention(uow, NOW + timedelta(days=30), Periods())[forgotten] == 0
    late = datetime(2026, 12, 30, 12, tzinfo=UTC)
    assert enforce_retention(uow, late, Periods())[forgotten] == 1  # Roadmap
    assert sorted(_meetings(uow)) == ["Retro"]


def test_private_events_are_kept_as_busy_time_without_their_title(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    secret = _event("secret@acme", 25, "Interview with Competitor Inc") + "CLASS:PRIVATE\n"
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", secret), NOW)
    stored = _meetings(uow)
    assert list(stored) == [""]
    assert stored[""].is_private
    assert stored[""].exemption == "private"


class _CountingPool(ParsePool):
    """The real pool, counting what it was asked to parse."""

    def __init__(self) -> None:
        super().__init__(1)
        self.parsed = 0

    def parse(
        self, body: bytes, window_start: datetime, window_end: datetime, tz: str
    ) -> ParsedFeed:
        self.parsed += 1
        return super().parse(body, window_start, window_end, tz)


@pytest.mark.parametrize(("pool_from", "in_pool"), [(2, 2), (3, 0)])
def test_a_run_of_many_feeds_uses_the_calendars_parse_pool(
    cal: Calendars,
    feeds: FeedServer,
    uow: UnitOfWork,
    monkeypatch: pytest.MonkeyPatch,
    pool_from: int,
    in_pool: int,
) -> None:
    connect_feed(cal, ALICE, _serve(feeds, "/a.ics", SHARED), NOW)
    connect_feed(cal, BOB, _serve(feeds, "/b.ics", SHARED), NOW)
    _serve(feeds, "/a.ics", SHARED, ALICE_ONLY)
    _serve(feeds, "/b.ics", SHARED, LATER)  # both changed: both are parsed again
    monkeypatch.setattr(service, "POOL_FROM", pool_from)
    pool = _CountingPool()
    try:
        synced = sync_due(replace(cal, parse_pool=pool), NOW + timedelta(hours=1)).synced
    finally:
        pool.close()
    assert synced == 2
    assert pool.parsed == in_pool  # two feeds due: the pool from POOL_FROM due feeds on
    assert sorted(_meetings(uow)) == ["Retro", "Roadmap", "Sync"]


def test_a_uid_longer_than_a_series_key_is_stored_under_a_bounded_key(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    long_uid = "x" * 700 + "@acme"
    other = "y" * 700 + "@acme"
    url = _serve(feeds, "/long.ics", _event(long_uid, 24, "Long"), _event(other, 25, "Other"))
    report = connect_feed(cal, ALICE, url, NOW)
    assert report.upcoming == 2
    with uow() as session:
        keys = {m.title: m.series_key for m in session.scalars(select(Meeting))}
    assert set(keys) == {"Long", "Other"}
    assert keys["Long"] != keys["Other"]
    assert all(len(key) <= SERIES_KEY_CHARS for key in keys.values())


def test_odd_values_in_a_feed_are_stored_without_failing_the_feed(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    long_mail = "p" * 400 + "@acme.test"
    odd = _event("nul\x00uid@acme", 24, "Tit\x00le").replace(
        "ORGANIZER:mailto:p0@acme.test", f"ORGANIZER:mailto:{long_mail}"
    )
    url = _serve(feeds, "/odd.ics", odd, _event("plain@acme", 25, "Plain"))
    report = connect_feed(cal, ALICE, url, NOW)
    assert report.upcoming == 2
    with uow() as session:
        stored = {m.title: m for m in session.scalars(select(Meeting))}
    assert set(stored) == {"Title", "Plain"}
    assert "\x00" not in stored["Title"].series_key
    assert stored["Title"].organizer_email is None
