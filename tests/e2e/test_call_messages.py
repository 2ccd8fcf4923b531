"""Calls arranged in Slack: a signed message with a call link and no agenda gets one reply."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.e2e.conftest import RunningKairos

pytestmark = pytest.mark.e2e

ZOOM = "<https://acme.zoom.us/j/81234567890?pwd=abc|https://acme.zoom.us/j/81234567890>"


def _room(fake: FakeSlack) -> tuple[str, str, str]:
    sender, invited = (f"U{uuid.uuid4().hex[:8].upper()}" for _ in range(2))
    for user in (sender, invited):
        fake.add_user(user, name=user.lower())
    channel = f"C{uuid.uuid4().hex[:8].upper()}"
    fake.add_channel(channel, name=channel.lower(), members=[sender, invited])
    return channel, sender, invited


def _post(
    kairos: RunningKairos,
    fake: FakeSlack,
    channel: str,
    sender: str,
    text: str,
    *,
    event_id: str | None = None,
    **fields: Any,
) -> str:
    ts = payloads.new_ts()
    fake.add_message(channel, user=sender, text=text, ts=ts)
    event = payloads.message_event(sender, channel, text, ts=ts, **fields)
    body = payloads.event_callback(event, event_id=event_id)
    assert kairos.post_json(body).status_code == 200
    return ts


def _replies_to(fake: FakeSlack, channel: str, ts: str) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.messages_in(channel)
        if m.get("thread_ts") == ts and m["ts"] != ts and m.get("bot_id") == fake.bot_id
    ]


def test_call_without_agenda_gets_one_reply_in_its_thread(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    channel, sender, invited = _room(fake_slack)
    event_id = payloads.new_event_id()
    text = f"<@{invited}> quick call? {ZOOM}"
    ts = _post(kairos_http, fake_slack, channel, sender, text, event_id=event_id)

    replies = _replies_to(fake_slack, channel, ts)
    assert len(replies) == 1
    assert "agenda" in replies[0]["text"]
    assert "Zoom" in replies[0]["text"]

    # Slack's retry of the same event asks no second time.
    retry = payloads.event_callback(
        payloads.message_event(sender, channel, text, ts=ts), event_id=event_id
    )
    assert kairos_http.post_json(retry).status_code == 200
    assert len(_replies_to(fake_slack, channel, ts)) == 1


def test_call_with_an_agenda_gets_nothing(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    channel, sender, _invited = _room(fake_slack)
    text = (
        f"<!here> call at 3 to decide the Q3 launch date: {ZOOM}\n"
        "Agenda:\n• pricing page copy\n• launch checklist"
    )
    ts = _post(kairos_http, fake_slack, channel, sender, text)
    assert _replies_to(fake_slack, channel, ts) == []


def test_call_link_without_invitees_or_from_a_bot_gets_nothing(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    channel, sender, invited = _room(fake_slack)
    alone = _post(kairos_http, fake_slack, channel, sender, f"my room is {ZOOM}")
    bot = _post(
        kairos_http,
        fake_slack,
        channel,
        sender,
        f"<@{invited}> reminder: {ZOOM}",
        bot_id="B0OTHERAPP",
    )
    assert _replies_to(fake_slack, channel, alone) == []
    assert _replies_to(fake_slack, channel, bot) == []


def test_call_inside_a_thread_is_answered_in_that_thread(
    kairos_http: RunningKairos, fake_slack: FakeSlack
) -> None:
    channel, sender, invited = _room(fake_slack)
    parent = _post(kairos_http, fake_slack, channel, sender, "the launch date")
    _post(
        kairos_http,
        fake_slack,
        channel,
        sender,
        f"<@{invited}> let's talk it through {ZOOM}",
        thread_ts=parent,
    )
    replies = _replies_to(fake_slack, channel, parent)
    assert [r for r in replies if "agenda" in r["text"]]
