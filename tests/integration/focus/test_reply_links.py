"""A mention in a reply is linked in its thread, as Slack links it, on both backends: in the
digest, in the DM of an urgent mention, and in the DM the sender's "It's urgent" button sends.
The links are built by the gateway (no chat.getPermalink) and compared with the fake Slack's
own chat.getPermalink answer for the same message."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest

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
from bot.focus.service import run_command
from bot.focus.urgent import send_as_urgent
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

ALICE, BOB, ROOM = "U0ALICE", "U0BOB", "C0ROOM"
PARENT, REPLY = "1795424400.000100", "1795424460.000200"


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    """Alice and Bob in a channel with a thread Bob started."""
    for user in (ALICE, BOB):
        fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    fake_slack.add_channel(ROOM, name="room", members=[ALICE, BOB])
    fake_slack.add_message(ROOM, user=BOB, text="the release", ts=PARENT, reply_count=1)
    return fake_slack


@pytest.fixture
def focusing(uow: UnitOfWork, clock: FakeClock) -> None:
    """Alice focuses for half an hour."""
    with uow() as session:
        person = repo.add_person(session, ALICE, "Europe/Amsterdam", clock.now())
        run_command(session, person, parse_focus_command("now 30m"), clock.now())


def _reply(
    uow: UnitOfWork, slack: SlackGateway, fake: FakeSlack, clock: FakeClock, text: str
) -> str:
    """Bob's reply in the thread, in Slack and through the listener's use case; the link
    the fake Slack's chat.getPermalink gives for it (asked by the test, not by Kairos)."""
    fake.add_message(ROOM, user=BOB, text=text, ts=REPLY, thread_ts=PARENT)
    ran: list[Callable[[], None]] = []
    message = IncomingMessage(channel_id=ROOM, ts=REPLY, thread_ts=PARENT, sender_id=BOB, text=text)
    receive_message(
        uow, slack, ConnectLink(None, None), message, event_id="Ev0REPLY1", now=clock.now(),
        markers=DEFAULT_URGENT_MARKERS, background=ran.append,
    )  # fmt: skip
    for work in ran:
        work()
    assert fake.calls_to("chat.getPermalink") == []
    client = make_web_client(fake.bot_token, fake.api_url)
    return str(client.chat_getPermalink(channel=ROOM, message_ts=REPLY)["permalink"])


def _dms_to_alice(fake: FakeSlack) -> list[str]:
    return [json.dumps(m.get("blocks", [])) for m in fake.messages_in(fake.open_dm(ALICE))]


def _shown(link: str) -> str:
    """The link as a mrkdwn text carries it (Slack wants & escaped there too)."""
    return link.replace("&", "&amp;")


@pytest.mark.usefixtures("focusing")
def test_a_digest_links_a_held_reply_in_its_thread(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    link = _reply(uow, slack, fake_slack, clock, f"<@{ALICE}> can you check the notes?")
    assert f"thread_ts={PARENT}" in link
    clock.advance(timedelta(minutes=31))

    assert deliver_due(uow, slack, clock.now()) == 1

    (digest,) = _dms_to_alice(fake_slack)
    assert _shown(link) in digest
    assert len(fake_slack.calls_to("chat.getPermalink")) == 1  # the test's own


@pytest.mark.usefixtures("focusing")
def test_an_urgent_reply_is_linked_in_its_thread(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    link = _reply(uow, slack, fake_slack, clock, f"<@{ALICE}> urgent: the build is red")
    (told,) = _dms_to_alice(fake_slack)
    assert _shown(link) in told


@pytest.mark.usefixtures("focusing")
def test_the_urgent_button_links_a_held_reply_in_its_thread(
    uow: UnitOfWork, clock: FakeClock, fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    link = _reply(uow, slack, fake_slack, clock, f"<@{ALICE}> the notes, when you can")
    assert _dms_to_alice(fake_slack) == []  # held

    released = send_as_urgent(
        uow, slack, ConnectLink(None, None), BOB, channel_id=ROOM, message_ts=REPLY,
        now=clock.now(),
    )  # fmt: skip

    assert released.recipients == [ALICE]
    (told,) = _dms_to_alice(fake_slack)
    assert _shown(link) in told
