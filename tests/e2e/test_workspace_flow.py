"""`/kairos channels` and `channel_created` through signed requests to a running Kairos."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.e2e.conftest import RunningKairos

pytestmark = pytest.mark.e2e


def _user(fake: FakeSlack, *, is_admin: bool = False) -> str:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    fake.add_user(user, name=user.lower(), is_admin=is_admin)
    return user


def _channels(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> dict[str, Any]:
    body = payloads.slash_command_form(
        "/kairos", text, user_id=user, channel_id="C0ANY", response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    reply: dict[str, Any] = response.json()
    return reply


def _created(kairos: RunningKairos, fake: FakeSlack, creator: str) -> str:
    channel = f"C{uuid.uuid4().hex[:8].upper()}"
    fake.add_channel(channel, name=channel.lower(), members=[creator], bot_is_member=False)
    event = payloads.channel_created_event(channel, channel.lower(), creator)
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200
    return channel


def _wait_member(fake: FakeSlack, channel: str, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if fake.bot_user_id in fake.members(channel):
            return True
        time.sleep(0.1)
    return False


def test_only_an_admin_turns_on_joining_and_new_channels_are_joined(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    member, admin = _user(fake_slack), _user(fake_slack, is_admin=True)

    refused = _channels(kairos_http, fake_slack, member, "channels all")
    assert refused["response_type"] == "ephemeral"
    assert "Only a workspace admin" in refused["text"]
    before = _created(kairos_http, fake_slack, member)
    assert fake_slack.bot_user_id not in fake_slack.members(before)

    waiting = _channels(kairos_http, fake_slack, member, "channels sometimes")
    assert "`all` or `invited`" in waiting["text"]

    done = _channels(kairos_http, fake_slack, admin, "channels all")
    assert "joining every public channel" in done["text"]
    # The sweep, woken by the change, joins the channel made before the setting...
    assert _wait_member(fake_slack, before)
    # ...and a channel created from now on is joined as its event arrives.
    after = _created(kairos_http, fake_slack, member)
    assert fake_slack.bot_user_id in fake_slack.members(after)

    shown = _channels(kairos_http, fake_slack, member, "channels")
    assert "joins every public channel" in shown["text"]
    _channels(kairos_http, fake_slack, admin, "channels invited")
    later = _created(kairos_http, fake_slack, member)
    assert fake_slack.bot_user_id not in fake_slack.members(later)
