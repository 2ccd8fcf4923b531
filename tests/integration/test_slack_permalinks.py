"""Links to messages built by the gateway, checked against what the fake Slack's
chat.getPermalink answers for the same messages (the shape Slack's links have).

Real HTTP against the fake Slack: the gateway asks auth.test once for the workspace's address
and chat.getPermalink never, unless auth.test fails.
"""

from __future__ import annotations

import pytest

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway

ALICE, BOB, ROOM = "U0ALICE", "U0BOB", "C0ROOM"
PARENT, REPLY, ALONE = "1795424400.000100", "1795424460.000200", "1795424520.000300"


@pytest.fixture
def fake_slack(_fake_slack_server: FakeSlack) -> FakeSlack:
    """A channel with a message on its own, and a thread: its parent and one reply."""
    fake = _fake_slack_server
    fake.reset()
    for user in (ALICE, BOB):
        fake.add_user(user, name=user.lower())
    fake.add_channel(ROOM, name="room", members=[ALICE, BOB])
    fake.add_message(ROOM, user=BOB, text=f"<@{ALICE}> on its own", ts=ALONE)
    fake.add_message(ROOM, user=BOB, text="the thread", ts=PARENT, reply_count=1)
    fake.add_message(ROOM, user=BOB, text=f"<@{ALICE}> a reply", ts=REPLY, thread_ts=PARENT)
    return fake


def _slacks_own(fake: FakeSlack, message_ts: str) -> str:
    """The link the fake Slack's chat.getPermalink gives (asked by the test, not Kairos)."""
    client = make_web_client(fake.bot_token, fake.api_url)
    return str(client.chat_getPermalink(channel=ROOM, message_ts=message_ts)["permalink"])


def test_links_are_built_as_slack_makes_them_without_asking_for_any(
    fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    built = {
        "alone": slack.permalink(ROOM, ALONE),
        "parent": slack.permalink(ROOM, PARENT, thread_ts=PARENT),
        "reply": slack.permalink(ROOM, REPLY, thread_ts=PARENT),
    }

    assert fake_slack.calls_to("chat.getPermalink") == []
    assert len(fake_slack.calls_to("auth.test")) == 1  # the workspace's address, once
    assert built == {
        "alone": _slacks_own(fake_slack, ALONE),
        "parent": _slacks_own(fake_slack, PARENT),
        "reply": _slacks_own(fake_slack, REPLY),
    }
    assert f"?thread_ts={PARENT}&cid={ROOM}" in (built["reply"] or "")


def test_when_auth_test_fails_the_link_is_asked_for_and_built_next_time(
    fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    fake_slack.fail_next("auth.test", "internal_error")
    asked = slack.permalink(ROOM, REPLY, thread_ts=PARENT)
    assert len(fake_slack.calls_to("chat.getPermalink")) == 1

    built = slack.permalink(ROOM, REPLY, thread_ts=PARENT)

    assert len(fake_slack.calls_to("chat.getPermalink")) == 1  # auth.test answered this time
    assert asked == built == _slacks_own(fake_slack, REPLY)


def test_a_link_asked_for_a_message_slack_no_longer_has_is_none(
    fake_slack: FakeSlack, slack: SlackGateway
) -> None:
    fake_slack.fail_next("auth.test", "internal_error")
    assert slack.permalink(ROOM, "1795429999.000900") is None
    assert fake_slack.calls_to("chat.getPermalink")[0].response["error"] == "message_not_found"
