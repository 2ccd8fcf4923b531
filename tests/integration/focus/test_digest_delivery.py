"""Digest delivery through the real gateway and the fake Slack: exactly once, whatever fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import METADATA_EVENT, deliver_due, record_digest
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import reschedule, run_command
from bot.focus.tables import Digest, HeldMention
from bot.retry import Retries
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

ALICE, BOB, ROOM = "U0ALICE", "U0BOB", "C0ROOM"
MONDAY_0900_UTC = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def gateway(fake_slack: FakeSlack) -> SlackGateway:
    """The real gateway on a real WebClient pointed at the fake."""
    fake_slack.add_user(ALICE, name="alice", tz="Europe/Amsterdam")
    fake_slack.add_user(BOB, name="bob")
    fake_slack.add_channel(ROOM, name="room", members=[ALICE, BOB])
    return SlackGateway(make_web_client(fake_slack.bot_token, fake_slack.api_url))


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> FakeSlack:
    """One fake Slack for the module, emptied for each test."""
    _fake_slack_server.reset()
    return _fake_slack_server


def _hold_three(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack) -> None:
    clock.set(MONDAY_0900_UTC)
    with uow() as session:
        person = repo.add_person(session, ALICE, "Europe/Amsterdam", clock.now())
        run_command(session, person, parse_focus_command("now 30m"), clock.now())
    for n in range(3):
        ts = f"1795424400.00010{n}"
        fake.add_message(ROOM, user=BOB, text=f"<@{ALICE}> question {n}", ts=ts)
        with uow() as session:
            session.add(
                HeldMention(
                    recipient_id=ALICE,
                    sender_id=BOB,
                    channel_id=ROOM,
                    message_ts=ts,
                    thread_ts=None,
                    text=f"<@{ALICE}> question {n}",
                    kind="user",
                    sent_at=clock.now(),
                    held_at=clock.now(),
                    status="held",
                )
            )
            person = repo.get_person(session, ALICE)
            assert person is not None
            reschedule(session, person, clock.now())


def _digest_posts(fake: FakeSlack) -> list:
    return [
        c
        for c in fake.calls_to("chat.postMessage")
        if c.ok and (c.args.get("metadata") or {}).get("event_type") == METADATA_EVENT
    ]


def test_nothing_is_sent_while_focusing_and_all_of_it_after(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    _hold_three(uow, clock, fake_slack)
    assert deliver_due(uow, gateway, clock.now()) == 0
    clock.advance(timedelta(minutes=31))
    assert deliver_due(uow, gateway, clock.now()) == 1
    posts = _digest_posts(fake_slack)
    assert len(posts) == 1
    assert all(f"question {n}" in str(posts[0].args["blocks"]) for n in range(3))
    assert deliver_due(uow, gateway, clock.now() + timedelta(minutes=1)) == 0
    with uow() as session:
        rows = list(session.scalars(select(HeldMention)))
        assert {r.status for r in rows} == {"delivered"}
        assert all(r.text is None and r.permalink for r in rows)


def test_a_crash_after_sending_does_not_send_twice(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    _hold_three(uow, clock, fake_slack)
    clock.advance(timedelta(minutes=31))
    # Record and send, then "crash" before marking it sent.
    with uow() as session:
        digest_id = record_digest(session, ALICE, clock.now())
    assert digest_id is not None
    gateway.send_dm(
        ALICE,
        "digest",
        [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}],
        metadata={"event_type": METADATA_EVENT, "event_payload": {"digest_id": digest_id}},
    )
    assert len(_digest_posts(fake_slack)) == 1
    # The next sweep finds the unsent digest in the DM history and only marks it.
    deliver_due(uow, gateway, clock.now())
    assert len(_digest_posts(fake_slack)) == 1
    with uow() as session:
        digest = session.get(Digest, digest_id)
        assert digest is not None
        assert digest.sent_at is not None


def test_a_crash_before_sending_sends_on_the_next_sweep(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    _hold_three(uow, clock, fake_slack)
    clock.advance(timedelta(minutes=31))
    with uow() as session:
        assert record_digest(session, ALICE, clock.now()) is not None
    assert _digest_posts(fake_slack) == []
    assert deliver_due(uow, gateway, clock.now()) == 1
    assert len(_digest_posts(fake_slack)) == 1


def test_slack_failing_leaves_the_digest_for_the_next_sweep(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    _hold_three(uow, clock, fake_slack)
    clock.advance(timedelta(minutes=31))
    fake_slack.fail_next("chat.postMessage", "internal_error")
    retries = Retries("deliver digests")
    assert deliver_due(uow, gateway, clock.now(), retries) == 0  # caught, not raised
    assert _digest_posts(fake_slack) == []
    failure = retries.failure(ALICE)
    assert failure is not None
    assert deliver_due(uow, gateway, failure.retry_at, retries) == 1
    assert len(_digest_posts(fake_slack)) == 1


def test_rate_limit_is_waited_out(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    _hold_three(uow, clock, fake_slack)
    clock.advance(timedelta(minutes=31))
    fake_slack.rate_limit_next("chat.postMessage", retry_after=1)
    assert deliver_due(uow, gateway, clock.now()) == 1
    assert len(_digest_posts(fake_slack)) == 1
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")][:1] == [429]


def test_digest_says_why_the_mentions_waited(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, gateway: SlackGateway
) -> None:
    # Working hours only, no focus: a mention at night is held "outside your working hours".
    clock.set(datetime(2026, 11, 23, 21, 0, tzinfo=UTC))  # 22:00 in Amsterdam, a Monday
    with uow() as session:
        person = repo.add_person(session, ALICE, "Europe/Amsterdam", clock.now())
        run_command(session, person, parse_focus_command("hours mon-fri 9:00-17:00"), clock.now())
        session.add(
            HeldMention(
                recipient_id=ALICE,
                sender_id=BOB,
                channel_id=ROOM,
                message_ts="1795424400.000900",
                thread_ts=None,
                text="evening question",
                kind="user",
                sent_at=clock.now(),
                held_at=clock.now(),
                status="held",
            )
        )
        reschedule(session, person, clock.now())
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))  # 09:00 Tuesday in Amsterdam
    assert deliver_due(uow, gateway, clock.now()) == 1
    assert "outside your working hours" in str(_digest_posts(fake_slack)[0].args["blocks"])
