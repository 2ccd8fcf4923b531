"""An @channel in a channel of 10,000 members, end to end with signed requests to the real
app: Slack gets its 200 while Kairos is still reading the members (ten slow pages), and the
mentions of the members who are away are held afterwards, with one note to the sender."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.demo.fake_slack.slack_records import Call
from bot.focus.tables import HeldMention, PendingBroadcast
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show, wait_until

pytestmark = pytest.mark.e2e

MEMBERS = 10_000
# What Kairos asks for per page (bot/slack/gateway.py: conversations.members, limit=1000).
PAGE = 1000
# Each page answers this much later: the pages together take far longer than Slack waits.
SLOW_PAGE_SECONDS = 0.6


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """Kairos on each backend, sweeping seldom: the work after the ack holds the broadcast."""
    running = start_kairos(
        fake_slack, e2e_database_url, tmp_path_factory.mktemp("broadcast"),
        KAIROS_SWEEP_SECONDS="60",
    )  # fmt: skip
    try:
        yield running
    finally:
        stop_and_show(running)


def _user(fake: FakeSlack, prefix: str) -> str:
    user = f"{prefix}{uuid.uuid4().hex[:6].upper()}"
    fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    return user


def _focus(kairos: RunningKairos, fake: FakeSlack, user: str, channel: str) -> None:
    body = payloads.slash_command_form(
        "/focus", "now 60m", user_id=user, channel_id=channel, response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200


def _last_pages(fake: FakeSlack, channel: str) -> list[Call]:
    """The conversations.members calls for the channel that answered its last page."""
    return [
        c
        for c in fake.calls_to("conversations.members")
        if c.args.get("channel") == channel
        and c.ok
        and not c.response["response_metadata"]["next_cursor"]
    ]


def _held(kairos: RunningKairos, message_ts: str) -> set[tuple[str, str]]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(HeldMention.recipient_id, HeldMention.kind).where(
                    HeldMention.message_ts == message_ts
                )
            ).all()
    finally:
        engine.dispose()
    return {(str(recipient), str(kind)) for recipient, kind in rows}


def test_an_at_channel_in_a_big_channel_is_acked_before_its_members_are_read(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    away = [_user(fake_slack, "UAWAY") for _ in range(3)]
    sender = _user(fake_slack, "USEND")
    crowd = [f"UM{n:07d}" for n in range(MEMBERS - len(away) - 1)]
    room = f"C{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_channel(room, name=room.lower(), members=[*away, sender, *crowd])
    for user in away:
        _focus(kairos, fake_slack, user, room)
    pages = math.ceil((MEMBERS + 1) / PAGE)  # Kairos is a member too
    fake_slack.delay_next("conversations.members", SLOW_PAGE_SECONDS, times=pages)

    ts = payloads.new_ts()
    text = "<!channel> the office is closed on Friday"
    fake_slack.add_message(room, user=sender, text=text, ts=ts)
    event = payloads.message_event(sender, room, text, ts=ts)
    response = kairos.post_json(payloads.event_callback(event))

    # Answered in time, while the members were still being read: the last page was not.
    assert response.status_code == 200
    assert _last_pages(fake_slack, room) == []
    assert kairos.scalars(
        select(PendingBroadcast.text).where(PendingBroadcast.message_ts == ts)
    ) == [text]

    # Then every page is read and the three who are away have it held.
    expected = {(user, "broadcast") for user in away}
    assert wait_until(lambda: _held(kairos, ts) == expected, timeout=30)
    assert len(_last_pages(fake_slack, room)) == 1
    calls = [c for c in fake_slack.calls_to("conversations.members") if c.args["channel"] == room]
    assert len(calls) == pages
    pending = select(PendingBroadcast.text).where(PendingBroadcast.message_ts == ts)
    assert kairos.scalars(pending) == []
    note = fake_slack.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == sender, timeout=10
    )
    assert all(f"<@{user}>" in str(note.args) for user in away)
