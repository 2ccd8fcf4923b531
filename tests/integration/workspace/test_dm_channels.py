"""Kairos's DM channels remembered in the database, on both backends: a digest after a restart
opens no DM, a held mention opens its recipient's DM ahead (once), and a failure to open one
ahead is one log line that changes nothing. Real gateway, real HTTP, the fake Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.connect.service import ConnectLink
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.digest.service import deliver_due
from bot.focus import repo
from bot.focus.grammar import parse_focus_command
from bot.focus.holding import IncomingMessage
from bot.focus.incoming import receive_message
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.focus.service import reschedule, run_command
from bot.focus.tables import HeldMention
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from bot.workspace.dm_channels import StoredDmChannels
from bot.workspace.tables import DmChannel

ALICE, BOB, CAROL, ROOM = "U0ALICE", "U0BOB", "U0CAROL", "C0ROOM"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """Alice, Bob and Carol in one channel."""
    for user in (ALICE, BOB, CAROL):
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(ROOM, name="room", members=[ALICE, BOB, CAROL])
    return fake_slack


@pytest.fixture
def store(uow: UnitOfWork, clock: FakeClock) -> Iterator[StoredDmChannels]:
    """The database's DM channels, as the composition root makes them."""
    store = StoredDmChannels(uow, clock)
    yield store
    store.close()


def _kairos(fake: FakeSlack, store: StoredDmChannels) -> SlackGateway:
    """The gateway as the composition root builds it; a new one is a restarted Kairos (the
    store keeps nothing in memory: what it knows is in the database)."""
    return SlackGateway(make_web_client(fake.bot_token, fake.api_url), dm_channels=store)


def _focusing(uow: UnitOfWork, clock: FakeClock, user_id: str = ALICE) -> None:
    with uow() as session:
        person = repo.get_person(session, user_id) or repo.add_person(
            session, user_id, "Europe/Amsterdam", clock.now()
        )
        run_command(session, person, parse_focus_command("now 30m"), clock.now())


def _hold(uow: UnitOfWork, clock: FakeClock, fake: FakeSlack, ts: str) -> None:
    """A mention of Alice held as the listener stores it, with no work beside the ack."""
    fake.add_message(ROOM, user=BOB, text=f"<@{ALICE}> a question", ts=ts)
    with uow() as session:
        session.add(
            HeldMention(
                recipient_id=ALICE, sender_id=BOB, channel_id=ROOM, message_ts=ts,
                thread_ts=None, text=f"<@{ALICE}> a question", kind="user",
                sent_at=clock.now(), held_at=clock.now(), status="held",
            )
        )  # fmt: skip
        person = repo.get_person(session, ALICE)
        assert person is not None
        reschedule(session, person, clock.now())


def _say(uow: UnitOfWork, slack: SlackGateway, clock: FakeClock, text: str, ts: str) -> None:
    """Bob's message through the listener's use case, the work beside the ack run at once."""
    ran: list[Callable[[], None]] = []
    message = IncomingMessage(channel_id=ROOM, ts=ts, thread_ts=None, sender_id=BOB, text=text)
    receive_message(
        uow, slack, ConnectLink(None, None), message, event_id=f"Ev{ts.replace('.', '')}",
        now=clock.now(), markers=DEFAULT_URGENT_MARKERS, background=ran.append,
    )  # fmt: skip
    for work in ran:
        work()


def _opened(fake: FakeSlack) -> list[str]:
    """Whom each conversations.open Kairos made was for."""
    return [str(call.args.get("users")) for call in fake.calls_to("conversations.open")]


def _rows(uow: UnitOfWork, store: StoredDmChannels) -> dict[str, str]:
    """The stored DM channels, once the writes queued so far are done."""
    store.drain()
    with uow() as session:
        return {row.user_id: row.channel_id for row in session.scalars(select(DmChannel))}


def _held(uow: UnitOfWork) -> int:
    with uow() as session:
        return int(session.scalar(select(func.count()).select_from(HeldMention)) or 0)


def test_the_store_keeps_the_first_channel_and_only_for_people_with_focus_settings(
    uow: UnitOfWork, clock: FakeClock, store: StoredDmChannels
) -> None:
    _focusing(uow, clock, ALICE)
    _focusing(uow, clock, CAROL)

    store.remember(ALICE, "D0FIRST")
    store.remember(ALICE, "D0SECOND")  # a replica that opened it too: the first one stays
    store.remember(CAROL, "D0CAROL")
    # Nobody Kairos keeps a schedule for (a forget-me confirmation is sent to such a person).
    store.remember(BOB, "D0BOB")

    store.drain()
    assert store.get(ALICE) == "D0FIRST"
    assert store.get(BOB) is None
    assert store.known([ALICE, BOB, CAROL, ALICE]) == {ALICE: "D0FIRST", CAROL: "D0CAROL"}
    assert _rows(uow, store) == {ALICE: "D0FIRST", CAROL: "D0CAROL"}


def test_a_digest_after_a_restart_opens_no_dm(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, store: StoredDmChannels
) -> None:
    _focusing(uow, clock)
    _hold(uow, clock, fake_slack, "1795424400.000100")
    clock.advance(timedelta(minutes=31))
    assert deliver_due(uow, _kairos(fake_slack, store), clock.now()) == 1
    assert _opened(fake_slack) == [ALICE]
    assert _rows(uow, store) == {ALICE: fake_slack.open_dm(ALICE)}

    _focusing(uow, clock)
    _hold(uow, clock, fake_slack, "1795426260.000100")
    clock.advance(timedelta(minutes=31))
    assert deliver_due(uow, _kairos(fake_slack, store), clock.now()) == 1

    assert _opened(fake_slack) == [ALICE]  # the restarted one read it from the database
    first, second = (c.args["channel"] for c in fake_slack.calls_to("chat.postMessage"))
    assert first == second == fake_slack.open_dm(ALICE)
    assert fake_slack.calls_to("chat.getPermalink") == []


def test_a_held_mention_opens_the_recipients_dm_ahead_once(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, store: StoredDmChannels
) -> None:
    _focusing(uow, clock)
    kairos = _kairos(fake_slack, store)

    _say(uow, kairos, clock, f"<@{ALICE}> the numbers?", "1795424400.000100")
    assert _opened(fake_slack) == [ALICE]
    assert _rows(uow, store) == {ALICE: fake_slack.open_dm(ALICE)}
    _say(uow, kairos, clock, f"<@{ALICE}> and the chart?", "1795424410.000100")
    _say(uow, _kairos(fake_slack, store), clock, f"<@{ALICE}> ping", "1795424420.000100")
    assert _held(uow) == 3
    assert _opened(fake_slack) == [ALICE]

    clock.advance(timedelta(minutes=31))
    assert deliver_due(uow, _kairos(fake_slack, store), clock.now()) == 1
    assert _opened(fake_slack) == [ALICE]  # the digest found its DM ready


def test_a_mention_of_nobody_away_opens_no_dm(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, store: StoredDmChannels
) -> None:
    _focusing(uow, clock, CAROL)
    _say(uow, _kairos(fake_slack, store), clock, f"<@{ALICE}> hi", "1795424400.000100")
    assert _held(uow) == 0
    assert _opened(fake_slack) == []


def test_failing_to_open_a_dm_ahead_is_one_log_line_and_changes_nothing(
    uow: UnitOfWork,
    clock: FakeClock,
    fake_slack: FakeSlack,
    store: StoredDmChannels,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _focusing(uow, clock)
    fake_slack.fail_next("conversations.open", "internal_error")

    with caplog.at_level(logging.WARNING):
        _say(uow, _kairos(fake_slack, store), clock, f"<@{ALICE}> hi", "1795424400.000100")

    assert _held(uow) == 1
    assert _rows(uow, store) == {}
    [record] = [r for r in caplog.records if r.name == "bot.focus.incoming"]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert "\n" not in record.getMessage()
    assert "internal_error" in record.getMessage()
    # The digest opens the DM itself.
    clock.advance(timedelta(minutes=31))
    assert deliver_due(uow, _kairos(fake_slack, store), clock.now()) == 1
    assert _opened(fake_slack) == [ALICE, ALICE]
    assert _rows(uow, store) == {ALICE: fake_slack.open_dm(ALICE)}
