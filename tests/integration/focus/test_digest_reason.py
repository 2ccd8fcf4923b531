"""The digest's first line says why the mentions waited, as it was when they were held."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT, deliver_due
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import reschedule, run_command
from bot.focus.tables import HeldMention
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

ALICE, BOB, ROOM = "U0ALICE", "U0BOB", "C0ROOM"
MONDAY_1000_AMSTERDAM = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> FakeSlack:
    """One fake Slack for the module, emptied for each test."""
    _fake_slack_server.reset()
    _fake_slack_server.add_user(ALICE, name="alice", tz="Europe/Amsterdam")
    _fake_slack_server.add_user(BOB, name="bob")
    _fake_slack_server.add_channel(ROOM, name="room", members=[ALICE, BOB])
    return _fake_slack_server


def _focus(uow: UnitOfWork, clock: FakeClock, command: str) -> None:
    with uow() as session:
        person = repo.get_person(session, ALICE) or repo.add_person(
            session, ALICE, "Europe/Amsterdam", clock.now()
        )
        run_command(session, person, parse_focus_command(command), clock.now())


def _hold(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack, text: str) -> None:
    ts = f"{clock.now().timestamp():.6f}"
    fake.add_message(ROOM, user=BOB, text=f"<@{ALICE}> {text}", ts=ts)
    with uow() as session:
        session.add(
            HeldMention(
                recipient_id=ALICE, sender_id=BOB, channel_id=ROOM, message_ts=ts,
                thread_ts=None, text=f"<@{ALICE}> {text}", kind="user",
                sent_at=clock.now(), held_at=clock.now(), status="held",
            )
        )  # fmt: skip
        person = repo.get_person(session, ALICE)
        assert person is not None
        reschedule(session, person, clock.now())


def _intro(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack) -> str:
    gateway = SlackGateway(make_web_client(fake.bot_token, fake.api_url))
    assert deliver_due(uow, gateway, clock.now()) == 1
    digests = [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]
    assert len(digests) == 1
    return str(digests[0].args["text"])


def test_a_digest_after_focus_off_says_focusing(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    # No working hours at all: only focus can have held these mentions.
    clock.set(MONDAY_1000_AMSTERDAM)
    _focus(uow, clock, "now 60m")
    _hold(uow, clock, fake_slack, "a question")
    clock.advance(timedelta(minutes=10))
    _focus(uow, clock, "off")
    assert _intro(uow, clock, fake_slack).startswith("While you were focusing, 1 mention")


def test_a_digest_after_focus_off_within_working_hours_says_focusing(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    clock.set(MONDAY_1000_AMSTERDAM)
    _focus(uow, clock, "hours mon-fri 9:00-17:00")
    _focus(uow, clock, "now 60m")
    _hold(uow, clock, fake_slack, "a question")
    clock.advance(timedelta(minutes=10))
    _focus(uow, clock, "off")
    assert _intro(uow, clock, fake_slack).startswith("While you were focusing, 1 mention")


def test_mentions_held_for_both_reasons_say_both(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack
) -> None:
    clock.set(datetime(2026, 11, 23, 6, 0, tzinfo=UTC))  # 07:00 in Amsterdam, before work
    _focus(uow, clock, "hours mon-fri 9:00-17:00")
    _hold(uow, clock, fake_slack, "an early question")
    clock.set(MONDAY_1000_AMSTERDAM)
    _focus(uow, clock, "now 60m")
    _hold(uow, clock, fake_slack, "a question in focus")
    clock.advance(timedelta(minutes=10))
    _focus(uow, clock, "off")
    intro = _intro(uow, clock, fake_slack)
    assert intro.startswith("While you were focusing or outside your working hours, 2 mentions")
