"""Holding mentions on both backends: the one-statement path (PostgreSQL) and the transaction.

The listener reads who is away with reach_of, then stores with hold_at_once where it can
and with examine_message in a unit of work otherwise. These tests drive those steps with
the real gateway over HTTP to the fake Slack, and read back what was stored.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select

from bot.clock import FakeClock
from bot.db.dedupe import AlreadyHandled, ProcessedEvent
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.holding import (
    HoldOutcome,
    IncomingMessage,
    examine_message,
    hold_at_once,
    reach_of,
)
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.focus.model import RECHECK_WITHOUT_FREE_TIME
from bot.focus.service import run_command
from bot.focus.tables import HeldMention, Person, UrgentUse
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

ALICE, BOB, CAROL, DAVE = "U0ALICE", "U0BOB", "U0CAROL", "U0DAVE"
ROOM = "C0ROOM"
TS = "1795424400.000100"


@pytest.fixture
def gateway(_fake_slack_server: FakeSlack) -> SlackGateway:
    """The real gateway on a real WebClient pointed at the fake."""
    fake = _fake_slack_server
    fake.reset()
    for user in (ALICE, BOB, CAROL, DAVE):
        fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake.add_channel(ROOM, name="room", members=[ALICE, BOB, CAROL, DAVE])
    fake.add_usergroup("S0TEAM", [CAROL])
    return SlackGateway(make_web_client(fake.bot_token, fake.api_url))


def _person(uow: UnitOfWork, clock: FakeClock, user_id: str, tz: str, command: str) -> None:
    with uow() as session:
        person = repo.add_person(session, user_id, tz, clock.now())
        if command:
            run_command(session, person, parse_focus_command(command), clock.now())


def _message(text: str, *, thread_ts: str | None = None, ts: str = TS) -> IncomingMessage:
    return IncomingMessage(channel_id=ROOM, ts=ts, thread_ts=thread_ts, sender_id=BOB, text=text)


def _store(
    uow: UnitOfWork, gateway: SlackGateway, message: IncomingMessage, event_id: str, now: datetime
) -> HoldOutcome:
    """What the message listener does: one statement where it can, a transaction where not."""
    with uow.autocommit() as session:
        reach = reach_of(session, gateway, message, now)
        outcome = hold_at_once(
            session, message, reach, event_id=event_id, now=now, markers=DEFAULT_URGENT_MARKERS
        )
    if outcome is not None:
        return outcome
    with uow(event_id=event_id) as session:
        return examine_message(session, message, reach, now, DEFAULT_URGENT_MARKERS)


def _held(uow: UnitOfWork) -> list[tuple[str, str, str | None, str]]:
    with uow() as session:
        rows = session.scalars(select(HeldMention).order_by(HeldMention.recipient_id))
        return [(r.recipient_id, r.kind, r.text, r.status) for r in rows]


def _next_check(uow: UnitOfWork, user_id: str) -> datetime | None:
    with uow() as session:
        return session.scalar(select(Person.next_check_at).where(Person.user_id == user_id))


def _events(uow: UnitOfWork) -> int:
    with uow() as session:
        return int(session.scalar(select(func.count()).select_from(ProcessedEvent)) or 0)


def test_reach_finds_who_is_away_and_the_senders_zone(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 30m")
    _person(uow, clock, BOB, "America/New_York", "")
    _person(uow, clock, DAVE, "Europe/Amsterdam", "")  # uses Kairos, not focusing
    with uow.autocommit() as session:
        reach = reach_of(
            session, gateway, _message(f"<@{ALICE}> <@{DAVE}> <@{BOB}> hi"), clock.now()
        )
    assert [(a.user_id, a.available_at, a.reason) for a in reach.away] == [
        (ALICE, clock.now() + timedelta(minutes=30), "focusing")
    ]
    assert reach.sender_tz == "America/New_York"  # read with the others, not asked of Slack


def test_a_sender_kairos_does_not_know_has_no_stored_zone(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 30m")
    with uow.autocommit() as session:
        reach = reach_of(session, gateway, _message(f"<@{ALICE}> hi"), clock.now())
    assert reach.sender_tz is None
    assert [a.user_id for a in reach.away] == [ALICE]


def test_a_plain_mention_is_held_with_its_check_scheduled(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 30m")
    _person(uow, clock, CAROL, "Europe/Amsterdam", "now 2h")
    outcome = _store(
        uow, gateway, _message(f"<@{ALICE}> <!subteam^S0TEAM> look"), "Ev1", clock.now()
    )
    assert [(h.user_id, h.until, h.reason) for h in outcome.held] == [
        (ALICE, clock.now() + timedelta(minutes=30), "focusing"),
        (CAROL, clock.now() + timedelta(hours=2), "focusing"),
    ]
    assert outcome.urgent == []
    text = f"<@{ALICE}> <!subteam^S0TEAM> look"
    assert _held(uow) == [(ALICE, "user", text, "held"), (CAROL, "usergroup", text, "held")]
    assert _next_check(uow, ALICE) == clock.now() + timedelta(minutes=30)
    assert _next_check(uow, CAROL) == clock.now() + timedelta(hours=2)
    assert _events(uow) == 1


def test_an_earlier_check_is_kept(uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 2h")
    earlier = clock.now() + timedelta(minutes=5)
    with uow() as session:
        repo.check_no_later_than(session, ALICE, earlier)
    _store(uow, gateway, _message(f"<@{ALICE}> hi"), "Ev1", clock.now())
    assert _next_check(uow, ALICE) == earlier


def test_off_hours_are_checked_when_working_hours_start(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "hours mon 00:00-00:30")
    outcome = _store(uow, gateway, _message(f"<@{ALICE}> hi"), "Ev1", clock.now())
    # Monday 10:00 in Amsterdam now: back next Monday 00:00 CET, 23:00 UTC the day before.
    monday = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)
    assert [(h.user_id, h.until, h.reason) for h in outcome.held] == [
        (ALICE, monday, "outside working hours")
    ]
    assert _next_check(uow, ALICE) == monday


def test_no_free_time_is_checked_again_a_day_later(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    # Focusing all week and no working hours left: no free time in sight.
    _person(uow, clock, ALICE, "Europe/Amsterdam", "daily 00:00-24:00")
    outcome = _store(uow, gateway, _message(f"<@{ALICE}> hi"), "Ev1", clock.now())
    assert [(h.user_id, h.until) for h in outcome.held] == [(ALICE, None)]
    assert _next_check(uow, ALICE) == clock.now() + RECHECK_WITHOUT_FREE_TIME


def test_a_retry_is_refused_and_writes_nothing(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 30m")
    message = _message(f"<@{ALICE}> once")
    _store(uow, gateway, message, "Ev1", clock.now())
    with uow() as session:
        session.execute(HeldMention.__table__.delete())
    with pytest.raises(AlreadyHandled):
        _store(uow, gateway, message, "Ev1", clock.now())
    assert _held(uow) == []  # the retry did not hold it again
    assert _events(uow) == 1


def test_nobody_away_stores_nothing(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "")
    outcome = _store(uow, gateway, _message(f"<@{ALICE}> <@{DAVE}> hi"), "Ev1", clock.now())
    assert outcome == HoldOutcome(held=[], urgent=[])
    assert _held(uow) == []
    assert _events(uow) == 0  # no record either: nothing to protect from a retry


def test_one_statement_only_on_postgresql(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 30m")
    message = _message(f"<@{ALICE}> hi")
    with uow.autocommit() as session:
        reach = reach_of(session, gateway, message, clock.now())
        postgres = session.dialect.name == "postgresql"
        outcome = hold_at_once(
            session, message, reach, event_id="Ev1", now=clock.now(), markers=("urgent",)
        )
    if postgres:
        assert outcome is not None
        assert [h.user_id for h in outcome.held] == [ALICE]
        assert _held(uow) == [(ALICE, "user", f"<@{ALICE}> hi", "held")]
    else:
        assert outcome is None  # SQLite: the listener uses a transaction
        assert _held(uow) == []


@pytest.mark.parametrize(
    ("text", "thread_ts"),
    [(f"<@{ALICE}> urgent: the site is down", None), (f"<@{ALICE}> in a thread", "1795424000.1")],
)
def test_urgent_messages_and_replies_need_the_transaction(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway, text: str, thread_ts: str | None
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 30m")
    message = _message(text, thread_ts=thread_ts)
    with uow.autocommit() as session:
        reach = reach_of(session, gateway, message, clock.now())
        outcome = hold_at_once(
            session, message, reach, event_id="Ev1", now=clock.now(), markers=("urgent",)
        )
    assert outcome is None
    assert _events(uow) == 0


def test_an_urgent_mention_is_counted_not_held(
    uow: UnitOfWork, clock: FakeClock, gateway: SlackGateway
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 30m")
    outcome = _store(uow, gateway, _message(f"<@{ALICE}> urgent: help"), "Ev1", clock.now())
    assert outcome == HoldOutcome(held=[], urgent=[ALICE])
    assert _held(uow) == []
    with uow() as session:
        uses = session.scalars(select(UrgentUse)).all()
        assert [(u.sender_id, u.recipient_id, u.via) for u in uses] == [(BOB, ALICE, "marker")]


def test_times_read_back_in_utc_whatever_the_database_zone(
    database_url: str, uow: UnitOfWork, clock: FakeClock
) -> None:
    _person(uow, clock, ALICE, "Europe/Amsterdam", "now 30m")
    with uow() as session:
        repo.check_no_later_than(session, ALICE, clock.now() + timedelta(minutes=30))
    options = {}
    if database_url.startswith("postgresql"):
        # PostgreSQL answers timestamptz in the session's zone; Kairos must not care.
        options = {"connect_args": {"options": "-c timezone=America/New_York"}}
    engine = create_engine(database_url, **options)
    try:
        with engine.connect() as connection:
            (alice,) = repo.reachability(connection, [ALICE])
    finally:
        engine.dispose()
    assert alice.next_check_at == clock.now() + timedelta(minutes=30)
    assert alice.next_check_at is not None
    assert alice.next_check_at.tzinfo is UTC
