"""Focus hours end to end: `/focus`, held mentions, notes, the urgent path, digests."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import HeldMention, UrgentUse
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show

pytestmark = pytest.mark.e2e

CHANNEL = "C0FOCUS"


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    """Kairos with a quick sweep, so that digests go out within seconds."""
    running = start_kairos(
        fake_slack, e2e_database_url, tmp_path_factory.mktemp("focus"), KAIROS_SWEEP_SECONDS="5"
    )
    try:
        yield running
    finally:
        stop_and_show(running)


def _user(fake: FakeSlack, prefix: str, tz: str = "Europe/Amsterdam") -> str:
    user = f"{prefix}{uuid.uuid4().hex[:6].upper()}"
    fake.add_user(user, name=user.lower(), tz=tz)
    return user


def _room(fake: FakeSlack, *members: str) -> str:
    """A public channel with these members and Kairos."""
    channel = f"C{uuid.uuid4().hex[:8].upper()}"
    fake.add_channel(channel, name=channel.lower(), members=list(members))
    return channel


def _focus(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> dict:
    body = payloads.slash_command_form(
        "/focus", text, user_id=user, channel_id=CHANNEL, response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    return response.json()


def _say(
    kairos: RunningKairos, fake: FakeSlack, user: str, channel: str, text: str, **fields: str
) -> str:
    """The message exists in Slack (so it has a permalink) and its event reaches Kairos."""
    ts = payloads.new_ts()
    fake.add_message(channel, user=user, text=text, ts=ts, **fields)
    event = payloads.message_event(user, channel, text, ts=ts, **fields)
    assert kairos.post_json(payloads.event_callback(event)).status_code == 200
    return ts


def _wait_for_statuses(kairos: RunningKairos, recipient: str, expected: list[str]) -> list:
    """Poll until the held mentions reach these statuses (the sweep runs in the background)."""
    deadline = time.monotonic() + 10
    while True:
        rows = _held(kairos, recipient)
        if [row.status for row in rows] == expected or time.monotonic() > deadline:
            return rows
        time.sleep(0.1)


def _held(kairos: RunningKairos, recipient: str) -> list[HeldMention]:
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(HeldMention).where(HeldMention.recipient_id == recipient)
            ).all()
    finally:
        engine.dispose()
    return list(rows)


def test_bad_focus_input_gets_a_specific_answer(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice = _user(fake_slack, "UA")
    reply = _focus(kairos, fake_slack, alice, "mon 25:00-26:00")
    assert reply["response_type"] == "ephemeral"
    assert "25:00" in reply["text"]
    assert "/focus" in reply["text"]


def test_mention_is_held_sender_told_and_digest_delivered_once(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB", tz="America/New_York")
    room = _room(fake_slack, alice, bob)
    started = _focus(kairos, fake_slack, alice, "now 60m")
    assert "Focus session started" in started["text"]

    before = len(fake_slack.calls)
    ts = _say(kairos, fake_slack, bob, room, f"<@{alice}> could you review the plan?")
    assert [row.status for row in _held(kairos, alice)] == ["held"]
    note = fake_slack.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == bob, after=before
    )
    note_text = json.dumps(note.args)
    assert f"<@{alice}>" in note_text
    assert "focus.urgent" in note_text

    # Alice ends focus: the digest goes out at once (the sweep is woken), exactly once.
    off = _focus(kairos, fake_slack, alice, "off")
    assert "on its way" in off["text"]
    dm = fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: (
            (c.args.get("metadata") or {}).get("event_type") == "kairos_digest"
            and c.args.get("channel") == fake_slack.open_dm(alice)
        ),
        timeout=15,
    )
    assert "could you review the plan?" in json.dumps(dm.args["blocks"])
    rows = _wait_for_statuses(kairos, alice, ["delivered"])
    assert [row.status for row in rows] == ["delivered"]
    assert rows[0].permalink is not None
    assert rows[0].text is None  # held text is deleted once delivered
    assert rows[0].message_ts == ts
    # A later sweep (they run every 5 s here) sends nothing more.
    time.sleep(6)
    count = len(
        [
            c
            for c in fake_slack.calls_to("chat.postMessage")
            if (c.args.get("metadata") or {}).get("event_type") == "kairos_digest"
            and c.args.get("channel") == fake_slack.open_dm(alice)
        ]
    )
    assert count == 1


def test_urgent_marker_is_not_held_and_reaches_the_recipient_now(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = _room(fake_slack, alice, bob)
    _focus(kairos, fake_slack, alice, "now 2h")
    before = len(fake_slack.calls)
    _say(kairos, fake_slack, bob, room, f"URGENT <@{alice}> the deploy is failing")
    assert _held(kairos, alice) == []
    dm = fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: c.args.get("channel") == fake_slack.open_dm(alice),
        after=before,
    )
    assert f"<@{bob}>" in json.dumps(dm.args)


def test_urgent_button_releases_the_held_mention(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = _room(fake_slack, alice, bob)
    _focus(kairos, fake_slack, alice, "now 2h")
    ts = _say(kairos, fake_slack, bob, room, f"<@{alice}> the customer is on the phone")
    note = fake_slack.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == bob
    )
    button = next(
        element
        for block in note.args["blocks"]
        if block.get("type") == "actions"
        for element in block["elements"]
        if element.get("action_id") == "focus.urgent"
    )
    response_url = fake_slack.new_response_url()
    click = payloads.block_action_payload(
        "focus.urgent", button["value"], user_id=bob, channel_id=room, response_url=response_url
    )
    before = len(fake_slack.calls)
    assert kairos.post_form(payloads.block_actions_form(click)).status_code == 200
    fake_slack.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: c.args.get("channel") == fake_slack.open_dm(alice),
        after=before,
    )
    assert [row.status for row in _held(kairos, alice)] == ["urgent"]
    replies = fake_slack.wait_for_response(response_url)
    assert f"<@{alice}>" in replies[0]["text"]
    engine = kairos.engine()
    try:
        with engine.connect() as connection:
            uses = (
                connection.execute(
                    select(UrgentUse.via).where(
                        UrgentUse.recipient_id == alice, UrgentUse.message_ts == ts
                    )
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    assert uses == ["button"]


def test_edit_and_delete_follow_the_message(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = _room(fake_slack, alice, bob)
    _focus(kairos, fake_slack, alice, "now 2h")
    kept = _say(kairos, fake_slack, bob, room, f"<@{alice}> first draft")
    removed = _say(kairos, fake_slack, bob, room, f"<@{alice}> second")
    deleted = _say(kairos, fake_slack, bob, room, f"<@{alice}> third")
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel": room,
        "hidden": True,
        "ts": payloads.new_ts(),
        "message": {"type": "message", "user": bob, "text": f"<@{alice}> final draft", "ts": kept},
    }
    assert kairos.post_json(payloads.event_callback(edit)).status_code == 200
    edit_out = {
        **edit,
        "ts": payloads.new_ts(),
        "message": {"type": "message", "user": bob, "text": "never mind", "ts": removed},
    }
    assert kairos.post_json(payloads.event_callback(edit_out)).status_code == 200
    delete = payloads.message_deleted_event(room, deleted)
    assert kairos.post_json(payloads.event_callback(delete)).status_code == 200
    by_ts = {row.message_ts: row for row in _held(kairos, alice)}
    assert by_ts[kept].status == "held"
    assert by_ts[kept].text == f"<@{alice}> final draft"
    assert by_ts[removed].status == "dropped"
    assert by_ts[deleted].status == "dropped"


def test_reply_in_thread_marks_it_seen(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = _room(fake_slack, alice, bob)
    _focus(kairos, fake_slack, alice, "now 2h")
    parent = _say(kairos, fake_slack, bob, room, f"<@{alice}> thoughts?")
    _say(kairos, fake_slack, alice, room, "looking now", thread_ts=parent)
    assert [row.status for row in _held(kairos, alice)] == ["seen"]


def test_people_not_focusing_and_the_sender_are_not_held(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = _room(fake_slack, alice, bob)
    # Alice uses Kairos but is not focusing: her only block is three days away in her
    # time zone, whatever the wall clock says when the suite runs.
    later = datetime.now(ZoneInfo("Europe/Amsterdam")) + timedelta(days=3)
    _focus(kairos, fake_slack, alice, f"{later.strftime('%a').lower()} 3:00-3:05")
    _focus(kairos, fake_slack, bob, "now 2h")
    _say(kairos, fake_slack, bob, room, f"<@{alice}> <@{bob}> hi")
    assert _held(kairos, alice) == []
    assert _held(kairos, bob) == []


def test_retried_event_holds_once(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = _room(fake_slack, alice, bob)
    _focus(kairos, fake_slack, alice, "now 2h")
    event = payloads.event_callback(payloads.message_event(bob, room, f"<@{alice}> once"))
    assert kairos.post_json(event).status_code == 200
    assert kairos.post_json(event).status_code == 200
    assert len(_held(kairos, alice)) == 1


def test_failed_store_answers_500_and_the_retry_holds(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    # If the sender's note cannot be stored... the mention must not be lost: a failure before
    # commit (here: Slack refusing the usergroup lookup) answers 500 and nothing is stored.
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = _room(fake_slack, alice, bob)
    fake_slack.add_usergroup("S0TEAM", [alice])
    _focus(kairos, fake_slack, alice, "now 2h")
    event = payloads.event_callback(payloads.message_event(bob, room, "<!subteam^S0TEAM|@team> hi"))
    fake_slack.fail_next("usergroups.users.list", "internal_error")
    assert kairos.post_json(event).status_code == 500
    assert _held(kairos, alice) == []
    assert kairos.post_json(event).status_code == 200
    assert [row.kind for row in _held(kairos, alice)] == ["usergroup"]


def test_urgent_button_that_cannot_reach_the_recipient_keeps_the_mention(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    alice, bob = _user(fake_slack, "UA"), _user(fake_slack, "UB")
    room = _room(fake_slack, alice, bob)
    _focus(kairos, fake_slack, alice, "now 2h")
    _say(kairos, fake_slack, bob, room, f"<@{alice}> when you can")
    note = fake_slack.wait_for_call(
        "chat.postEphemeral", predicate=lambda c: c.args.get("user") == bob
    )
    value = next(
        element["value"]
        for block in note.args["blocks"]
        if block.get("type") == "actions"
        for element in block["elements"]
    )
    fake_slack.fail_next("chat.postMessage", "internal_error")
    click = payloads.block_action_payload(
        "focus.urgent",
        value,
        user_id=bob,
        channel_id=room,
        response_url=fake_slack.new_response_url(),
    )
    assert kairos.post_form(payloads.block_actions_form(click)).status_code == 200
    # The DM failed, so nothing was marked: the mention is still held for the digest.
    assert [row.status for row in _held(kairos, alice)] == ["held"]
