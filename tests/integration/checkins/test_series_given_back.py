"""The calendar job and a check-in's series, on SQLite and PostgreSQL: a feed served over
HTTP is synced by the job as composed (bot/jobs.py), and the attendee-hours the series gave
back are recorded once when the sync shows it cancelled, ended or shortened; a series moved
to another time, or one occurrence cancelled, gives nothing back; a round open when its
series is cancelled still runs to its wrap-up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.checkins import repo, service
from bot.checkins.service_rounds import WRAP_EVENT
from bot.connect.crypto import TokenCipher
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.jobs import calendar_sweepers
from bot.meetings.feeds.fetcher import HttpFeedFetcher
from bot.meetings.service import Calendars, connect_feed
from bot.meetings.tables import Meeting
from bot.retry import Retries
from bot.slack.gateway import SlackGateway
from tests.integration.checkins.building import MEMBERS, ORGANIZER, PLAN
from tests.integration.meetings.feed_kit import KEY
from tests.support.feeds import FeedServer, Route
from tests.unit.meetings.ics_helpers import calendar

# Monday 23 November 2026; the stand-up is on Tuesdays and Thursdays at 09:30 UTC, with
# six people (the organizer and five attendees), 30 minutes: 6 attendee-hours a week.
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)  # past the feed's next poll
PEOPLE = [f"mailto:p{i}@acme.test" for i in range(1, 6)]


def standup(*, start: str = "093000", end: str = "100000", extra: str = "") -> str:
    attendees = "\n".join(f"ATTENDEE;PARTSTAT=ACCEPTED:{p}" for p in PEOPLE)
    return (
        f"UID:standup@acme\nDTSTART:20261124T{start}Z\nDTEND:20261124T{end}Z\n"
        f"RRULE:FREQ=WEEKLY;BYDAY=TU,TH{extra}\nSUMMARY:Standup\n"
        f"ORGANIZER:mailto:p0@acme.test\n{attendees}\n"
    )


OTHER = (
    "UID:other@acme\nDTSTART:20261125T130000Z\nDTEND:20261125T140000Z\nSUMMARY:Planning\n"
    "ORGANIZER:mailto:p0@acme.test\nATTENDEE;PARTSTAT=ACCEPTED:mailto:p1@acme.test\n"
)


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """The team of conftest.py, in UTC."""
    for user in MEMBERS:
        fake_slack.add_user(user, name=user.lower(), tz="UTC")
    return fake_slack


@pytest.fixture
def cal(uow: UnitOfWork, slack: SlackGateway) -> Iterator[Calendars]:
    fetcher = HttpFeedFetcher(allow_private=True)
    yield Calendars(uow=uow, cipher=TokenCipher(KEY), fetcher=fetcher, slack=slack)
    fetcher.close()


def serve(feeds: FeedServer, *events: str) -> str:
    feeds.routes["/organizer.ics"] = Route(body=calendar(*events).encode())
    return feeds.url("/organizer.ics")


def made_async(cal: Calendars, feeds: FeedServer) -> int:
    """The organizer's feed with the stand-up, and a check-in that replaces it; its id."""
    connect_feed(cal, ORGANIZER, serve(feeds, standup(), OTHER), NOW)
    with cal.uow() as session:
        key = session.scalar(select(Meeting.series_key).where(Meeting.title == "Standup"))
        people = session.scalar(select(Meeting.people).where(Meeting.title == "Standup"))
        assert key is not None
        assert people == 6
        return repo.create(session, ORGANIZER, PLAN, NOW, series_key=key)


def run_calendar_job(cal: Calendars, at: datetime) -> None:
    (job,) = calendar_sweepers(cal)
    job.run(cal.uow, at)


def given_back(uow: UnitOfWork, checkin_id: int) -> tuple[float | None, datetime | None]:
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        return row.hours_given_back, row.given_back_at


def test_a_series_deleted_from_the_calendar_gives_back_all_its_hours_once(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    checkin_id = made_async(cal, feeds)
    run_calendar_job(cal, LATER)  # the same calendar: nothing given back
    assert given_back(uow, checkin_id) == (None, None)
    serve(feeds, OTHER)
    run_calendar_job(cal, LATER + timedelta(hours=1))
    assert given_back(uow, checkin_id) == (6.0, LATER + timedelta(hours=1))
    run_calendar_job(cal, LATER + timedelta(hours=2))  # seen again: recorded once
    assert given_back(uow, checkin_id) == (6.0, LATER + timedelta(hours=1))
    with uow() as session:
        assert repo.given_back(session, NOW, NOW + timedelta(days=7)) == repo.GivenBack(6.0, 6.0)


def test_a_series_given_an_end_date_has_ended(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    checkin_id = made_async(cal, feeds)
    # It ends after next week's Thursday: still in the coming two weeks, but ended.
    serve(feeds, standup(extra=";UNTIL=20261204T000000Z"), OTHER)
    run_calendar_job(cal, LATER)
    assert given_back(uow, checkin_id) == (6.0, LATER)


def test_a_shortened_series_gives_back_the_difference(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    checkin_id = made_async(cal, feeds)
    serve(feeds, standup(end="094500"), OTHER)  # 15 minutes instead of 30
    run_calendar_job(cal, LATER)
    assert given_back(uow, checkin_id) == (3.0, LATER)


def test_one_day_a_week_less_gives_back_that_day(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork
) -> None:
    checkin_id = made_async(cal, feeds)
    serve(feeds, standup().replace("BYDAY=TU,TH", "BYDAY=TU"), OTHER)
    run_calendar_job(cal, LATER)
    assert given_back(uow, checkin_id) == (3.0, LATER)


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param(standup(start="110000", end="113000"), id="moved to 11:00"),
        pytest.param(standup(extra="\nEXDATE:20261126T093000Z"), id="one occurrence cancelled"),
        pytest.param(standup().replace("ACCEPTED:mailto:p5", "DECLINED:mailto:p5"),
                     id="someone declined"),
    ],
)  # fmt: skip
def test_a_moved_series_or_one_cancelled_occurrence_gives_nothing_back(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork, changed: str
) -> None:
    checkin_id = made_async(cal, feeds)
    cadence = PLAN.cadence
    serve(feeds, changed, OTHER)
    run_calendar_job(cal, LATER)
    assert given_back(uow, checkin_id) == (None, None)
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        assert repo.cadence_of_row(row) == cadence  # the check-in keeps its own schedule


def test_a_round_open_when_its_series_is_cancelled_runs_to_its_wrap_up(
    cal: Calendars, feeds: FeedServer, uow: UnitOfWork, slack: SlackGateway, fake_slack: FakeSlack
) -> None:
    checkin_id = made_async(cal, feeds)
    # The plan's first round: Wednesday 25 November 09:30 in Amsterdam.
    opens = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)

    def sweep(at: datetime) -> object:
        return service.run_checkins(uow, slack, at, Retries("check-ins"), budget=None,
                                    language="en")  # fmt: skip

    sweep(opens)  # plans from then on, and opens the round
    serve(feeds, OTHER)
    run_calendar_job(cal, opens + timedelta(minutes=30))
    assert given_back(uow, checkin_id)[0] is not None
    sweep(opens + timedelta(hours=4))
    wraps = [
        call
        for call in fake_slack.calls_to("chat.postMessage")
        if (call.args.get("metadata") or {}).get("event_type") == WRAP_EVENT
    ]
    assert len(wraps) == 1
    with uow() as session:
        later = [r.opens_at for r in repo.rounds_of(session, checkin_id) if r.opens_at > opens]
        row = repo.get(session, checkin_id)
    assert later  # the check-in goes on: it replaces the meeting
    assert row is not None
    assert row.status == "active"
