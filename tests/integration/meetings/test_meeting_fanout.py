"""Many agenda nudges and "could it have been async?" questions due at once: sent side by
side at Slack's pace (bot/fanout.py), each once, through 429s, and a sweep out of time says
more are due and leaves the rest to the next run (SQLite and PostgreSQL).

The real gateway and client against the fake Slack over HTTP; the client's pacer runs on a
clock of the test's own (as in tests/integration/focus/test_digest_fanout.py).
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.cleanup.questions import ask_due_questions
from bot.cleanup.tables import AsyncQuestion
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.fanout import Budget
from bot.focus import repo as focus_repo
from bot.meetings.nudges import send_due_nudges
from bot.meetings.tables import AgendaNudge, Meeting, MeetingAttendee
from bot.retry import MAX_RETRY, Retries
from bot.scheduler import Outcome
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.slack.pacing import Pacer
from tests.integration.focus.test_digest_fanout import PacerTime, Ticks

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Amsterdam
GUEST = "U0GUEST"


def organizers(n: int) -> list[str]:
    return [f"U0ORG{k:03d}" for k in range(n)]


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    fake_slack.add_user(GUEST, name="guest", tz="UTC")
    for user in organizers(30):
        fake_slack.add_user(user, name=user.lower(), tz="UTC")
    return fake_slack


@pytest.fixture
def gateway(fake_slack: FakeSlack) -> SlackGateway:
    clock = PacerTime()
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    return SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url, pacer=pacer))


def _meeting(uow: UnitOfWork, organizer: str, starts: datetime, *, recurring: bool) -> None:
    """A meeting without an agenda that `organizer` organizes with the guest and a third."""
    with uow() as session:
        meeting = Meeting(
            series_key=f"series-{organizer}", slot=starts, title=f"Sync of {organizer}",
            starts_at=starts, ends_at=starts + timedelta(minutes=30), organizer_id=organizer,
            people=3, is_recurring=recurring, is_private=False, has_agenda=False,
            agenda_reason="empty", minutes=30, flags="", updated_at=NOW,
        )  # fmt: skip
        session.add(meeting)
        session.flush()
        session.add_all(
            MeetingAttendee(meeting_id=meeting.id, user_id=u) for u in (organizer, GUEST)
        )


def _dms_by_person(fake: FakeSlack, users: list[str]) -> Counter[str]:
    """How many messages Kairos posted in each person's DM."""
    channels = {fake.open_dm(user): user for user in users}
    return Counter(
        channels[c.args["channel"]]
        for c in fake.calls_to("chat.postMessage")
        if c.ok and c.args.get("channel") in channels
    )


def test_thirty_nudges_due_at_once_go_out_once_each_through_a_burst_of_429s(
    uow: UnitOfWork, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    users = organizers(30)
    for user in users:
        _meeting(uow, user, NOW + timedelta(days=2), recurring=False)
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1, times=5)
    retries = Retries("agenda nudges")
    sent = 0
    now, deadline = NOW, time.monotonic() + 60
    while True:
        outcome = send_due_nudges(uow, gateway, now, retries)
        assert isinstance(outcome, int)
        sent += outcome
        with uow() as session:
            if len(list(session.scalars(select(AgendaNudge)))) == len(users):
                break
        assert time.monotonic() < deadline, "the nudges were not all sent"
        now += MAX_RETRY  # a nudge whose every try met a 429 goes after its backoff

    assert [c.status for c in fake_slack.calls_to("chat.postMessage")].count(429) == 5
    assert sent == len(users)
    assert sorted(_dms_by_person(fake_slack, users).values()) == [1] * len(users)
    assert send_due_nudges(uow, gateway, now + timedelta(minutes=1), retries) == 0


def test_nudges_out_of_time_say_more_are_due_and_the_next_run_sends_the_rest(
    uow: UnitOfWork, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    users = organizers(10)
    for user in users:
        _meeting(uow, user, NOW + timedelta(days=2), recurring=False)
    # Made at 0 with 3 s; read before each start at 1 and 2: two nudges start, then no more.
    budget = Budget(3, monotonic=Ticks())
    assert send_due_nudges(uow, gateway, NOW, budget=budget) is Outcome.MORE_DUE
    assert sum(_dms_by_person(fake_slack, users).values()) == 2
    assert send_due_nudges(uow, gateway, NOW) == 8
    assert sorted(_dms_by_person(fake_slack, users).values()) == [1] * 10


def test_questions_out_of_time_say_more_are_due_and_each_person_is_asked_once(
    uow: UnitOfWork, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    users = organizers(12)
    with uow() as session:  # people who use Kairos are asked
        for user in users:
            focus_repo.add_person(session, user, "UTC", NOW)
    for user in users:
        _meeting(uow, user, NOW - timedelta(minutes=40), recurring=True)
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1, times=2)
    budget = Budget(4, monotonic=Ticks())  # three start
    assert ask_due_questions(uow, gateway, NOW, budget=budget) is Outcome.MORE_DUE
    retries = Retries("ask could-it-be-async")
    asked, now = 0, NOW
    for _ in range(5):
        outcome = ask_due_questions(uow, gateway, now, retries)
        assert isinstance(outcome, int)
        asked += outcome
        now += MAX_RETRY
    with uow() as session:
        rows = list(session.scalars(select(AsyncQuestion)))
    assert sorted(Counter(q.user_id for q in rows).values()) == [1] * len(users)
    assert sorted(_dms_by_person(fake_slack, users).values()) == [1] * len(users)
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")].count(429) == 2
