"""One channel's or one feed's failure never holds up the others: weekly summaries, joining
public channels and calendar feeds, through the real scheduler and the fake Slack.

As in test_sweep_isolation.py: Slack fails for one item only; everything else goes out in
that same sweep; the failing item is logged once, is not tried again before its backoff
(one minute, then two), and goes through exactly once when Slack answers again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.cleanup.config import Admins, summary_here
from bot.cleanup.service import SummaryOptions
from bot.cleanup.tables import SummaryPost
from bot.clock import FakeClock
from bot.connect.crypto import TokenCipher
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.jobs import all_sweepers, calendar_sweepers
from bot.meetings.feeds.fetcher import HttpFeedFetcher
from bot.meetings.service import Calendars
from bot.meetings.tables import CalendarFeed, MeetingSighting
from bot.scheduler import CALENDAR_LEASE, SweepRunner
from bot.slack.gateway import SlackGateway
from bot.workspace import repo as settings
from bot.workspace.model import JOIN_ALL, ON
from tests.support.feeds import FeedServer, Route
from tests.support.sweeps import retried_with_backoff, sweep_at, warnings_about
from tests.unit.meetings.ics_helpers import calendar

ADMIN, ALICE, BOB = "U0ADMIN", "U0ALICE", "U0BOB"
TEAM, OPS, LOBBY = "C0TEAM", "C0OPS", "C0LOBBY"
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# The default summary is due Friday 27th 15:00 Amsterdam (14:00 UTC).
DUE = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """The emptied fake Slack, with an admin and two members who have email addresses."""
    fake_slack.add_user(ADMIN, name="admin", is_admin=True)
    fake_slack.add_user(ALICE, name="alice", email="alice@acme.test")
    fake_slack.add_user(BOB, name="bob", email="bob@acme.test")
    return fake_slack


# ---- weekly summaries


def test_one_channel_slack_refuses_holds_up_no_other_summary(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    slack: SlackGateway,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for channel in (TEAM, OPS):
        fake_slack.add_channel(channel, name=channel.lower(), members=[ADMIN, ALICE, BOB])
        summary_here(
            uow, slack, Admins(frozenset()), user_id=ADMIN, channel_id=channel, when=None,
            now=MONDAY,
        )  # fmt: skip
    runner = SweepRunner(
        uow,
        clock,
        all_sweepers(slack, summary_options=SummaryOptions()),
        interval=timedelta(seconds=20),
    )
    fake_slack.fail_next("chat.postMessage", "internal_error", times=2, only={"channel": TEAM})
    caplog.set_level(logging.INFO)

    def posts(channel: str) -> int:
        return sum(1 for m in fake_slack.messages_in(channel) if m.get("bot_id"))

    def tries() -> int:
        return sum(1 for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == TEAM)

    sweep_at(runner, clock, DUE)

    assert (posts(TEAM), posts(OPS)) == (0, 1)
    logged = warnings_about(caplog, TEAM)

    retried_with_backoff(runner, clock, tries, DUE)
    (line,) = logged
    assert "internal_error" in line
    assert "post weekly summaries" in line
    assert (posts(TEAM), posts(OPS)) == (1, 1)
    sweep_at(runner, clock, DUE + timedelta(hours=2))
    assert (posts(TEAM), posts(OPS)) == (1, 1)
    with uow() as session:
        assert session.scalar(select(func.count()).where(SummaryPost.posted_at.is_(None))) == 0


# ---- joining every public channel


def test_one_channel_slack_fails_to_join_holds_up_no_other_join(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    slack: SlackGateway,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for channel in (LOBBY, OPS, TEAM):
        fake_slack.add_channel(channel, name=channel.lower(), members=[ALICE], bot_is_member=False)
    with uow() as session:
        settings.put(session, JOIN_ALL, ON, ADMIN, MONDAY)
    runner = SweepRunner(uow, clock, all_sweepers(slack), interval=timedelta(seconds=20))
    fake_slack.fail_next("conversations.join", "internal_error", times=2, only={"channel": LOBBY})
    caplog.set_level(logging.INFO)

    def joined(channel: str) -> bool:
        return fake_slack.bot_user_id in fake_slack.members(channel)

    def tries() -> int:
        calls = fake_slack.calls_to("conversations.join")
        return sum(1 for c in calls if c.args["channel"] == LOBBY)

    sweep_at(runner, clock, MONDAY)

    assert [joined(c) for c in (LOBBY, OPS, TEAM)] == [False, True, True]
    (line,) = warnings_about(caplog, LOBBY)
    assert "internal_error" in line
    retried_with_backoff(runner, clock, tries, MONDAY)
    assert joined(LOBBY)
    sweep_at(runner, clock, MONDAY + timedelta(hours=2))
    assert tries() == 3


# ---- calendar feeds


def test_one_feed_failing_holds_up_no_other_and_waits_its_backoff(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    slack: SlackGateway,
    caplog: pytest.LogCaptureFixture,
) -> None:
    event = (
        "UID:review@acme\nDTSTART:20261125T100000Z\nDTEND:20261125T103000Z\nSUMMARY:Review\n"
        "ORGANIZER:mailto:alice@acme.test\nATTENDEE:mailto:alice@acme.test\n"
        "ATTENDEE:mailto:bob@acme.test\n"
    )
    server = FeedServer()
    server.start()
    fetcher = HttpFeedFetcher(allow_private=True)
    cipher = TokenCipher(Fernet.generate_key().decode())
    cal = Calendars(uow=uow, cipher=cipher, fetcher=fetcher, slack=slack)
    try:
        with uow() as session:
            for user in (ALICE, BOB):
                server.routes[f"/{user}.ics"] = Route(body=calendar(event).encode())
                session.add(
                    CalendarFeed(
                        user_id=user, url_encrypted=cipher.encrypt(server.url(f"/{user}.ics")),
                        host="127.0.0.1", created_at=MONDAY, next_poll_at=MONDAY,
                    )
                )  # fmt: skip
        runner = SweepRunner(
            uow, clock, calendar_sweepers(cal), interval=timedelta(seconds=20), lease=CALENDAR_LEASE
        )
        # Alice's time zone can't be read: her feed fails, Bob's is synced all the same.
        fake_slack.fail_next("users.info", "internal_error", times=2, only={"user": ALICE})
        caplog.set_level(logging.INFO)

        def synced(user: str) -> bool:
            with uow() as session:
                seen = select(func.count()).where(MeetingSighting.user_id == user)
                return bool(session.scalar(seen))

        def tries() -> int:
            return sum(1 for c in fake_slack.calls_to("users.info") if c.args["user"] == ALICE)

        sweep_at(runner, clock, MONDAY)

        assert (synced(ALICE), synced(BOB)) == (False, True)
        logged = warnings_about(caplog, ALICE)
        retried_with_backoff(runner, clock, tries, MONDAY)
        assert synced(ALICE)
        (line,) = logged
        assert "internal_error" in line
        assert server.url("/") not in caplog.text  # never a feed's address
    finally:
        fetcher.close()
        server.stop()
