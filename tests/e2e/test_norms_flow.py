"""Channel norms through signed requests to a running Kairos: a non-creator is refused, the
creator sets them through the modal, the change is posted in the channel, `/kairos norms`
shows them, a joining member gets them once, and App Home lists them."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.ids import Action, View
from bot.norms.messages import EDITOR_INPUT
from bot.norms.model import KIND, NOT_FOR, PURPOSE, RESPONSE, URGENT_CHANNEL, URGENT_OTHER
from tests.e2e.conftest import RunningKairos

pytestmark = pytest.mark.e2e


def _new(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8].upper()}"


def _workspace(fake: FakeSlack) -> tuple[str, str, str, str, str]:
    """A creator, a member, a newcomer, the channel the creator made, and an urgent channel."""
    creator, member, newcomer = _new("U"), _new("U"), _new("U")
    for user in (creator, member, newcomer):
        fake.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    room, urgent = _new("C"), _new("C")
    fake.add_channel(room, name=room.lower(), members=[creator, member])
    fake.add_channel(urgent, name=urgent.lower(), members=[creator])
    return creator, member, newcomer, room, urgent


def _kairos(
    kairos: RunningKairos, fake: FakeSlack, text: str, user: str, channel: str
) -> dict[str, Any]:
    body = payloads.slash_command_form(
        "/kairos", text, user_id=user, channel_id=channel,
        response_url=fake.new_response_url(), trigger_id=fake.new_trigger_id(user),
    )  # fmt: skip
    response = kairos.post_form(body)
    assert response.status_code == 200, response.text
    return response.json() if response.text else {}


def _submit(
    kairos: RunningKairos, view: dict[str, Any], user: str, fields: dict[str, Any]
) -> httpx.Response:
    payload = payloads.view_submission_payload(
        view["callback_id"],
        {block: {EDITOR_INPUT: value} for block, value in fields.items()},
        user_id=user,
        private_metadata=view["private_metadata"],
        blocks=view["blocks"],
    )
    response = kairos.post_form(payloads.block_actions_form(payload))
    assert response.status_code == 200
    return response


def _form(urgent: str, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        PURPOSE: "Questions about the payments API",
        KIND: {"type": "radio_buttons", "selected_option": {"value": "async"}},
        RESPONSE: "binnen 4 werkuren",
        URGENT_CHANNEL: {"type": "conversations_select", "selected_conversation": urgent},
        URGENT_OTHER: None,
        NOT_FOR: "Incidents",
    }
    fields.update(changes)
    return fields


def _dms(fake: FakeSlack, user: str) -> list[str]:
    return [m["text"] for m in fake.messages_in(fake.open_dm(user))]


def _posted(fake: FakeSlack, channel: str) -> list[str]:
    return [m["text"] for m in fake.messages_in(channel) if m.get("bot_id")]


def test_norms_from_refusal_to_app_home(kairos_http: RunningKairos, fake_slack: FakeSlack) -> None:
    kairos, fake = kairos_http, fake_slack
    creator, member, newcomer, room, urgent = _workspace(fake)

    # Someone who did not create the channel may see, not set, its norms.
    refused = _kairos(kairos, fake, "norms edit", member, room)
    assert "only the channel's creator, a workspace admin" in refused["text"]
    none_yet = _kairos(kairos, fake, "norms", member, room)
    assert none_yet["response_type"] == "ephemeral"
    assert "has no norms yet" in none_yet["text"]
    button = none_yet["blocks"][-1]["elements"][0]
    assert button["action_id"] == Action.NORMS_EDIT

    # The creator presses the button: the editor opens, empty.
    before = len(fake.calls)
    pressed = payloads.block_action_payload(
        Action.NORMS_EDIT, button["value"], user_id=creator, channel_id=room,
        trigger_id=fake.new_trigger_id(creator),
    )  # fmt: skip
    assert kairos.post_form(payloads.block_actions_form(pressed)).status_code == 200
    view = fake.wait_for_call("views.open", after=before).args["view"]
    assert view["callback_id"] == View.NORMS_EDITOR
    assert view["private_metadata"] == room

    # Bad input: every problem next to its field, and nothing stored or posted.
    wrong = {PURPOSE: "  ", RESPONSE: "whenever", URGENT_CHANNEL: {}, URGENT_OTHER: "email me"}
    bad = _submit(kairos, view, creator, _form(urgent, **wrong))
    answer = bad.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {PURPOSE, RESPONSE, URGENT_OTHER}
    assert _posted(fake, room) == []

    # A member who forges the same submission is refused, next to the form.
    forged = _submit(kairos, view, member, _form(urgent)).json()
    assert forged["response_action"] == "errors"
    assert _posted(fake, room) == []

    # The creator saves: the change is posted in the channel, naming them.
    assert _submit(kairos, view, creator, _form(urgent)).text == ""
    posted = _posted(fake, room)
    assert len(posted) == 1
    assert posted[0].startswith(f"Norms set by <@{creator}>: purpose: “Questions about")
    assert "within 4 working hours" in posted[0]
    assert f"urgent route: <#{urgent}>" in posted[0]

    # `/kairos norms` now shows them, to whoever asks.
    shown = _kairos(kairos, fake, "norms", member, room)
    assert "within 4 working hours" in shown["text"]
    assert f"<#{urgent}>" in shown["text"]

    # `/kairos norms edit` opens the editor filled in; a change is posted again.
    before = len(fake.calls)
    assert _kairos(kairos, fake, "norms edit", creator, room) == {}
    again = fake.wait_for_call("views.open", after=before).args["view"]
    filled = {b["block_id"]: b["element"] for b in again["blocks"]}
    assert filled[RESPONSE]["initial_value"] == "within 4 working hours"
    assert filled[URGENT_CHANNEL]["initial_conversation"] == urgent
    changed = _form(urgent, **{RESPONSE: "next working day"})
    assert _submit(kairos, again, creator, changed).text == ""
    assert _posted(fake, room)[-1] == (
        f"Norms updated by <@{creator}>: response time: by the next working day."
    )

    # Someone joins: the norms in a DM, once, whatever Slack retries.
    joined = payloads.event_callback(payloads.member_joined_channel_event(newcomer, room))
    assert kairos.post_json(joined).status_code == 200
    dm = fake.wait_for_call(
        "chat.postMessage",
        predicate=lambda c: c.args.get("channel") == fake.open_dm(newcomer),
        after=before,
    )
    assert "Questions about the payments API" in json.dumps(dm.args)
    assert kairos.post_json(joined).status_code == 200  # Slack's retry of the same event
    rejoined = payloads.event_callback(payloads.member_joined_channel_event(newcomer, room))
    assert kairos.post_json(rejoined).status_code == 200
    assert len(_dms(fake, newcomer)) == 1
    assert _dms(fake, newcomer)[0].startswith(f"Welcome to <#{room}>")
    # Kairos's own joining sends nothing.
    own = payloads.event_callback(payloads.member_joined_channel_event(fake.bot_user_id, room))
    assert kairos.post_json(own).status_code == 200
    # Another app's bot joining is sent nothing either (Slack would refuse the DM).
    fake.add_user("U0OTHERBOT", name="deploybot", is_bot=True)
    other = payloads.event_callback(payloads.member_joined_channel_event("U0OTHERBOT", room))
    assert kairos.post_json(other).status_code == 200
    assert fake.wait_for_call(
        "users.info", predicate=lambda c: c.args.get("user") == "U0OTHERBOT", after=before
    )
    assert not [c for c in fake.calls_to("conversations.open") if "U0OTHERBOT" in str(c.args)]

    # App Home lists the norms of the member's channels.
    opened = payloads.event_callback(payloads.app_home_opened_event(member))
    assert kairos.post_json(opened).status_code == 200
    home = fake.home_view(member)
    assert home is not None
    text = json.dumps(home)
    assert "Norms of your channels" in text
    assert f"<#{room}>" in text
    assert "by the next working day" in text
