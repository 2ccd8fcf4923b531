"""One person's failure never holds up anyone else's DM: digests, agenda nudges and
"could this have been async?" questions, through the real scheduler and the fake Slack.

Each test makes Slack fail for one person only, and checks that everyone else's DM goes out
in that same sweep, that the failing one is logged once with its ids and Slack's error code,
is not tried again before its backoff (one minute, then two), and goes out exactly once
when Slack answers again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import OperationalError

from bot.cleanup.tables import AsyncQuestion
from bot.clock import FakeClock
from bot.connect.crypto import TokenCipher
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT, record_digest
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import reschedule, run_command
from bot.focus.tables import Digest, HeldMention
from bot.jobs import all_sweepers
from bot.meetings.feeds.fetcher import HttpFeedFetcher
from bot.meetings.service import Calendars
from bot.meetings.tables import AgendaNudge, CalendarFeed, Meeting, MeetingAttendee
from bot.notes import repo as notes_repo
from bot.notes.model import SeriesNotes
from bot.scheduler import SweepRunner
from bot.slack.gateway import SlackGateway
from tests.support.sweeps import retried_with_backoff, sweep_at, warnings_about

ALICE, BOB, CAROL, SENDER = "U0ALICE", "U0BOB", "U0CAROL", "U0SENDER"
ROOM = "C0ROOM"
MONDAY_0900_UTC = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SECRET_TEXT = "the launch code is 0451"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """The emptied fake Slack, with everyone in one room."""
    for user in (ALICE, BOB, CAROL, SENDER):
        fake_slack.add_user(user, name=user.lower())
    fake_slack.add_channel(ROOM, name="room", members=[ALICE, BOB, CAROL, SENDER])
    return fake_slack


@pytest.fixture
def runner(uow: UnitOfWork, clock: FakeClock, slack: SlackGateway) -> Iterator[SweepRunner]:
    """The scheduler's run with every DM sweeper, as the composition root wires it."""
    fetcher = HttpFeedFetcher(allow_private=True)
    cipher = TokenCipher(Fernet.generate_key().decode())
    calendars = Calendars(uow=uow, cipher=cipher, fetcher=fetcher, slack=slack)
    sweepers = all_sweepers(slack, calendars=calendars)
    yield SweepRunner(uow, clock, sweepers, interval=timedelta(seconds=20))
    fetcher.close()


def _calls(fake: FakeSlack, method: str, user: str) -> int:
    """Calls of a method about one person's DM conversation."""
    channel = fake.open_dm(user)
    return sum(1 for c in fake.calls_to(method) if c.args.get("channel") == channel)


def _delivered(fake: FakeSlack, user: str) -> int:
    """Messages that reached one person's DM."""
    return sum(1 for m in fake.messages_in(fake.open_dm(user)) if m.get("bot_id") == fake.bot_id)


def _assert_logged_once(caplog: pytest.LogCaptureFixture, user: str, *ids: str) -> None:
    (line,) = warnings_about(caplog, user)
    assert "internal_error" in line
    assert all(i in line for i in ids)
    assert SECRET_TEXT not in caplog.text
    assert "xoxb-" not in caplog.text
    caplog.clear()


def _alices_dm_fails_alone(
    runner: SweepRunner,
    clock: FakeClock,
    fake_slack: FakeSlack,
    caplog: pytest.LogCaptureFixture,
    now: datetime,
    item: str,
) -> None:
    """Slack refuses Alice's DM twice: Bob's and Carol's go out in the sweep at `now`; hers
    is logged once naming `item`, tried again after its backoff, and sent exactly once."""
    fake_slack.fail_next(
        "chat.postMessage", "internal_error", times=2, only={"channel": fake_slack.open_dm(ALICE)}
    )
    caplog.set_level(logging.INFO)

    sweep_at(runner, clock, now)

    assert (_delivered(fake_slack, BOB), _delivered(fake_slack, CAROL)) == (1, 1)
    assert _delivered(fake_slack, ALICE) == 0
    _assert_logged_once(caplog, ALICE, item)

    retried_with_backoff(runner, clock, lambda: _calls(fake_slack, "chat.postMessage", ALICE), now)
    assert _delivered(fake_slack, ALICE) == 1
    sweep_at(runner, clock, now + timedelta(hours=2))
    assert [_delivered(fake_slack, u) for u in (ALICE, BOB, CAROL)] == [1, 1, 1]


# ---- digests


def _hold(uow: UnitOfWork, user: str, now: datetime, ts: str) -> None:
    """A mention of `user`, held while they focus for 30 minutes from `now`."""
    with uow() as session:
        person = repo.add_person(session, user, "Europe/Amsterdam", now)
        run_command(session, person, parse_focus_command("now 30m"), now)
        session.add(
            HeldMention(
                recipient_id=user, sender_id=SENDER, channel_id=ROOM, message_ts=ts,
                thread_ts=None, text=f"<@{user}> {SECRET_TEXT}", kind="user", sent_at=now,
                held_at=now, status="held",
            )
        )  # fmt: skip
        session.flush()
        reschedule(session, person, now)


def _mentions_held(
    uow: UnitOfWork, fake_slack: FakeSlack, start: datetime, users: list[str], *, batch: int
) -> None:
    """A mention of each of `users` in the room, held while they focus from `start`; batch
    sets the messages' timestamps apart."""
    for n, user in enumerate(users):
        ts = f"1795424400.000{batch}0{n}"
        fake_slack.add_message(ROOM, user=SENDER, text=f"<@{user}> {SECRET_TEXT}", ts=ts)
        _hold(uow, user, start, ts)


def test_one_digest_failing_to_recover_holds_up_no_other_digest(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    runner: SweepRunner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    start = MONDAY_0900_UTC
    _mentions_held(uow, fake_slack, start, [ALICE, BOB, CAROL], batch=1)
    due = start + timedelta(minutes=31)
    # Alice's digest was recorded before a crash: the sweep first looks in her DM history,
    # and Slack fails that lookup (twice) for her conversation only.
    with uow() as session:
        alices = record_digest(session, ALICE, due)
    assert alices is not None
    fake_slack.fail_next(
        "conversations.history",
        "internal_error",
        times=2,
        only={"channel": fake_slack.open_dm(ALICE)},
    )
    caplog.set_level(logging.INFO)

    sweep_at(runner, clock, due)

    assert _delivered(fake_slack, BOB) == 1
    assert _delivered(fake_slack, CAROL) == 1
    assert _delivered(fake_slack, ALICE) == 0
    _assert_logged_once(caplog, ALICE, str(alices))

    retried_with_backoff(
        runner, clock, lambda: _calls(fake_slack, "conversations.history", ALICE), due
    )
    assert _delivered(fake_slack, ALICE) == 1
    sweep_at(runner, clock, due + timedelta(hours=2))
    assert _delivered(fake_slack, ALICE) == 1
    assert [_delivered(fake_slack, u) for u in (BOB, CAROL)] == [1, 1]
    posts = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]
    assert len(posts) == 3
    with uow() as session:
        assert session.scalar(select(func.count()).where(Digest.sent_at.is_(None))) == 0


def test_a_digest_slack_refuses_to_send_is_retried_without_holding_up_others(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, runner: SweepRunner
) -> None:
    start = MONDAY_0900_UTC
    _mentions_held(uow, fake_slack, start, [ALICE, BOB], batch=2)
    due = start + timedelta(minutes=31)
    fake_slack.fail_next(
        "chat.postMessage", "internal_error", times=2, only={"channel": fake_slack.open_dm(ALICE)}
    )

    sweep_at(runner, clock, due)

    assert (_delivered(fake_slack, ALICE), _delivered(fake_slack, BOB)) == (0, 1)
    retried_with_backoff(runner, clock, lambda: _calls(fake_slack, "chat.postMessage", ALICE), due)
    assert _delivered(fake_slack, ALICE) == 1
    sweep_at(runner, clock, due + timedelta(hours=2))
    assert _delivered(fake_slack, ALICE) == 1


# ---- agenda nudges


def _meeting(
    uow: UnitOfWork, series: str, starts: datetime, attendees: list[str], *, organizer: str
) -> None:
    with uow() as session:
        meeting = Meeting(
            series_key=series, slot=starts, title=f"{series.title()} meeting", starts_at=starts,
            ends_at=starts + timedelta(minutes=25), people=len(attendees), is_recurring=True,
            is_private=False, has_agenda=False, agenda_reason="empty", minutes=25, flags="",
            updated_at=MONDAY_0900_UTC, organizer_id=organizer,
        )  # fmt: skip
        session.add(meeting)
        session.flush()
        session.add_all(MeetingAttendee(meeting_id=meeting.id, user_id=u) for u in attendees)


def test_one_organizer_slack_cannot_reach_holds_up_no_other_nudge(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    runner: SweepRunner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = MONDAY_0900_UTC
    # Alice's meeting comes first, so today's sweep meets her failure before the others.
    _meeting(uow, "planning", now + timedelta(days=2), [ALICE, BOB, CAROL], organizer=ALICE)
    _meeting(uow, "review", now + timedelta(days=3), [ALICE, BOB], organizer=BOB)
    _meeting(uow, "retro", now + timedelta(days=4), [CAROL, BOB], organizer=CAROL)
    _alices_dm_fails_alone(runner, clock, fake_slack, caplog, now, "planning")
    with uow() as session:
        assert set(session.scalars(select(AgendaNudge.series_key))) == {
            "planning",
            "review",
            "retro",
        }


# ---- could this have been async?


def test_one_person_slack_cannot_reach_holds_up_no_other_question(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    runner: SweepRunner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = MONDAY_0900_UTC
    with uow() as session:
        for user in (ALICE, BOB, CAROL):  # people who use Kairos, through their calendar
            session.add(
                CalendarFeed(
                    user_id=user, url_encrypted="x", host="calendar.example.com",
                    created_at=now, next_poll_at=now + timedelta(days=30),
                )
            )  # fmt: skip
    _meeting(uow, "standup", now - timedelta(hours=1), [ALICE, BOB, CAROL], organizer=CAROL)
    with uow() as session:  # Carol's notes prompt would be a second DM to her: not this test's
        notes_repo.save_series(session, SeriesNotes("standup", never=True), CAROL, now)
    _alices_dm_fails_alone(runner, clock, fake_slack, caplog, now, "standup")
    with uow() as session:
        asked = list(session.scalars(select(AsyncQuestion.user_id).order_by(AsyncQuestion.user_id)))
    assert asked == [ALICE, BOB, CAROL]


# ---- a database that is gone is not one item's failure


def test_a_database_outage_fails_the_sweep_once_and_the_next_run_delivers_once(
    uow: UnitOfWork,
    engine: Engine,
    clock: FakeClock,
    fake_slack: FakeSlack,
    runner: SweepRunner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    start = MONDAY_0900_UTC
    _mentions_held(uow, fake_slack, start, [ALICE, BOB, CAROL], batch=3)

    def database_gone(*_args: object) -> None:
        # The server goes away once the first digest has reached Slack, before it is marked.
        if fake_slack.calls_to("chat.postMessage"):
            raise OperationalError("SELECT", {}, ConnectionError("server closed the connection"))

    event.listen(engine, "before_cursor_execute", database_gone)
    caplog.set_level(logging.INFO)
    sweep_at(runner, clock, start + timedelta(minutes=31))

    # Digests go out a few at once (bot/fanout.py): those already on their way when the
    # server went may reach Slack, but none twice, and the sweep fails once.
    assert 1 <= sum(_delivered(fake_slack, u) for u in (ALICE, BOB, CAROL)) <= 3
    assert not [r for r in caplog.records if r.name == "bot.retry"]  # not logged per item
    failed = [r.getMessage() for r in caplog.records if "deliver digests failed" in r.getMessage()]
    assert failed == ["sweeper deliver digests failed"]

    event.remove(engine, "before_cursor_execute", database_gone)
    sweep_at(runner, clock, start + timedelta(minutes=32))  # no backoff: the next run
    assert [_delivered(fake_slack, u) for u in (ALICE, BOB, CAROL)] == [1, 1, 1]
    with uow() as session:
        assert session.scalar(select(func.count()).where(Digest.sent_at.is_(None))) == 0
