"""Builders for what Slack sends an app: Events API callbacks, slash commands, interactions.

Shapes follow Slack's documentation and captured payloads. Over HTTP, events arrive as JSON
and commands/interactions as form bodies (see *_form); over Socket Mode the same dicts are
an envelope's payload (FakeSlack.socket_send).
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import re
import time
import uuid
from typing import Any
from urllib.parse import urlencode

TEAM_ID = "T0001"
TEAM_DOMAIN = "fake"
API_APP_ID = "A0001"
BOT_USER_ID = "UBOT"
# The deprecated verification token Slack still sends in every payload.
VERIFICATION_TOKEN = "fake-verification-token"

_ts_counter = itertools.count(1)


def new_ts() -> str:
    """A fresh message timestamp ("1700000000.000123"): now, unique within the process."""
    return f"{int(time.time())}.{next(_ts_counter) % 1_000_000:06d}"


def new_event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def new_trigger_id() -> str:
    """A trigger_id shaped like Slack's ("1234567890.1234567890.abcdef...")."""
    return f"{int(time.time())}.{uuid.uuid4().int % 10**10}.{uuid.uuid4().hex}"


# --------------------------------------------------------------------------------------------
# Events API


def _event_context(event: dict[str, Any], team_id: str, api_app_id: str) -> str:
    # Slack's opaque event_context is "4-" + base64 of a small JSON about the event.
    context = {"et": event.get("type", ""), "tid": team_id, "aid": api_app_id}
    if "channel" in event and isinstance(event["channel"], str):
        context["cid"] = event["channel"]
    encoded = base64.urlsafe_b64encode(json.dumps(context, separators=(",", ":")).encode())
    return "4-" + encoded.decode().rstrip("=")


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    api_app_id: str = API_APP_ID,
    event_time: int | None = None,
    bot_user_id: str = BOT_USER_ID,
) -> dict[str, Any]:
    """The outer "event_callback" wrapper of an event, as POSTed to the request URL."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": _event_context(event, team_id, api_app_id),
    }


def url_verification(challenge: str) -> dict[str, Any]:
    """What Slack POSTs when the request URL is saved; the app echoes the challenge."""
    return {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}


# Markup in message text: <@U123>, <@U123|name>, <#C123|general>, <!here>, <!subteam^S1>,
# <https://x|label>.
_MARKUP = re.compile(r"<([@#!])?([^>|]+)(?:\|([^>]*))?>")


def rich_text_blocks(text: str) -> list[dict[str, Any]]:
    """The rich_text block Slack's clients attach to a typed message.

    Mentions become user/channel/usergroup/broadcast elements and links link elements; the
    text elements carry the text unescaped (the message's text keeps &lt; &gt; &amp;).
    """
    elements: list[dict[str, Any]] = []

    def add_text(chunk: str) -> None:
        if chunk:
            elements.append({"type": "text", "text": html.unescape(chunk)})

    position = 0
    for match in _MARKUP.finditer(text):
        add_text(text[position : match.start()])
        position = match.end()
        sigil, target, label = match.groups()
        if sigil == "@":
            elements.append({"type": "user", "user_id": target})
        elif sigil == "#":
            elements.append({"type": "channel", "channel_id": target})
        elif sigil == "!" and target.startswith("subteam^"):
            elements.append({"type": "usergroup", "usergroup_id": target.split("^", 1)[1]})
        elif sigil == "!":
            elements.append({"type": "broadcast", "range": target})
        else:
            link: dict[str, Any] = {"type": "link", "url": html.unescape(target)}
            if label:
                link["text"] = html.unescape(label)
            elements.append(link)
    add_text(text[position:])
    block_id = base64.b32encode(uuid.uuid4().bytes).decode()[:5]
    return [
        {
            "type": "rich_text",
            "block_id": block_id,
            "elements": [{"type": "rich_text_section", "elements": elements}],
        }
    ]


def message_event(
    user: str,
    channel: str,
    text: str,
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
    parent_user_id: str | None = None,
    subtype: str | None = None,
    blocks: list[dict[str, Any]] | None = None,
    bot_id: str | None = None,
    channel_type: str = "channel",
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A "message" event. A person's message (no subtype, no bot_id) gets a client_msg_id
    and, unless blocks are given, the rich_text blocks Slack's clients send; a bot's message
    gets bot_id and app_id instead. channel_type: channel, group, im or mpim."""
    ts = ts or new_ts()
    event: dict[str, Any] = {"type": "message"}
    if subtype:
        event["subtype"] = subtype
    typed_by_person = subtype is None and bot_id is None
    if typed_by_person:
        event["client_msg_id"] = str(uuid.uuid4())
    event.update(text=text, user=user, ts=ts)
    if bot_id is not None:
        event.update(bot_id=bot_id, app_id=API_APP_ID)
    if blocks is not None:
        event["blocks"] = blocks
    elif typed_by_person:
        event["blocks"] = rich_text_blocks(text)
    event["team"] = team_id
    if thread_ts:
        event["thread_ts"] = thread_ts
        if parent_user_id:
            event["parent_user_id"] = parent_user_id
    event.update(channel=channel, event_ts=ts, channel_type=channel_type)
    return event


def message_deleted_event(channel_id: str, deleted_ts: str) -> dict[str, Any]:
    """A `message_deleted` event: what Slack sends when a message is deleted."""
    return {
        "type": "message",
        "subtype": "message_deleted",
        "channel": channel_id,
        "hidden": True,
        "ts": new_ts(),
        "event_ts": new_ts(),
        "deleted_ts": deleted_ts,
        "channel_type": "channel",
    }


def message_changed_event(
    channel_id: str, message: dict[str, Any], previous: dict[str, Any]
) -> dict[str, Any]:
    """A `message_changed` event: the edited message, and the message before the edit."""
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": message,
        "previous_message": previous,
        "channel": channel_id,
        "hidden": True,
        "ts": new_ts(),
        "event_ts": new_ts(),
        "channel_type": "channel",
    }


def file_access_stub(file_id: str) -> dict[str, Any]:
    """A file in a message where Slack sends only its id (Slack Connect and other cases):
    the app is to call files.info for the rest."""
    return {
        "id": file_id,
        "mode": "file_access",
        "file_access": "check_file_info",
        "created": 0,
        "timestamp": 0,
        "user": "",
    }


def user_change_event(user: dict[str, Any]) -> dict[str, Any]:
    """A `user_change` event: the member's whole user object, as users.info shows it."""
    return {
        "type": "user_change",
        "user": user,
        "cache_ts": int(time.time()),
        "event_ts": new_ts(),
    }


def app_mention_event(
    user: str,
    channel: str,
    text: str,
    *,
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """An "app_mention" event (text should contain <@BOT_USER_ID>)."""
    event = message_event(user, channel, text, ts=ts, thread_ts=thread_ts)
    event["type"] = "app_mention"
    del event["channel_type"]  # app_mention events do not carry it
    return event


def app_home_opened_event(
    user: str,
    *,
    channel: str | None = None,
    tab: str = "home",
    view: dict[str, Any] | None = None,
    event_ts: str | None = None,
) -> dict[str, Any]:
    """The app_home_opened event: the user opened the app's Home (or Messages) tab. Slack
    includes the currently published view, if there is one. channel is the user's DM with
    the app (FakeSlack.open_dm(user) gives the fake's id for it)."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": channel or "D" + user[1:].rjust(10, "0")[:10],
        "tab": tab,
    }
    if view is not None:
        event["view"] = view
    event["event_ts"] = event_ts or new_ts()
    return event


# --------------------------------------------------------------------------------------------
# Slash commands


def channel_created_event(channel_id: str, name: str, creator: str) -> dict[str, Any]:
    """A `channel_created` event (Slack sends it to apps with channels:read)."""
    return {
        "type": "channel_created",
        "channel": {
            "id": channel_id,
            "is_channel": True,
            "name": name,
            "name_normalized": name,
            "created": int(time.time()),
            "creator": creator,
            "is_shared": False,
            "is_org_shared": False,
        },
        "event_ts": new_ts(),
    }


def slash_command(
    command: str,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    response_url: str,
    trigger_id: str | None = None,
    user_name: str | None = None,
    channel_name: str = "general",
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    api_app_id: str = API_APP_ID,
) -> dict[str, str]:
    """The fields of a slash command invocation, in the order Slack sends them (this dict
    is also the payload of a Socket Mode slash_commands envelope)."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }


def slash_command_form(
    command: str,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    response_url: str,
    trigger_id: str | None = None,
    user_name: str | None = None,
    channel_name: str = "general",
    team_id: str = TEAM_ID,
) -> str:
    """The application/x-www-form-urlencoded body Slack POSTs for a slash command."""
    fields = slash_command(
        command,
        text,
        user_id=user_id,
        channel_id=channel_id,
        response_url=response_url,
        trigger_id=trigger_id,
        user_name=user_name,
        channel_name=channel_name,
        team_id=team_id,
    )
    return urlencode(fields)


# --------------------------------------------------------------------------------------------
# Interactivity


def block_actions_form(payload: dict[str, Any]) -> str:
    """The form body Slack POSTs for any interaction: payload=<JSON>."""
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})


def _user(user_id: str, team_id: str, user_name: str | None) -> dict[str, str]:
    name = user_name or user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def _action(
    action_id: str, value: str, action_type: str, block_id: str, text: str
) -> dict[str, Any]:
    action: dict[str, Any] = {"type": action_type, "action_id": action_id, "block_id": block_id}
    option = {"text": {"type": "plain_text", "text": text, "emoji": True}, "value": value}
    if action_type == "button":
        action.update(text=option["text"], value=value)
    elif action_type in ("static_select", "external_select", "overflow", "radio_buttons"):
        action["selected_option"] = option
        if action_type.endswith("select"):
            action["placeholder"] = {"type": "plain_text", "text": "Select", "emoji": True}
    elif action_type == "checkboxes":
        action["selected_options"] = [option]
    elif action_type == "users_select":
        action["selected_user"] = value
    elif action_type == "conversations_select":
        action["selected_conversation"] = value
    elif action_type == "channels_select":
        action["selected_channel"] = value
    elif action_type == "datepicker":
        action["selected_date"] = value
    elif action_type == "timepicker":
        action["selected_time"] = value
    else:
        action["value"] = value
    action["action_ts"] = f"{time.time():.6f}"
    return action


def block_action_payload(
    action_id: str,
    value: str,
    *,
    user_id: str,
    channel_id: str | None = None,
    message: dict[str, Any] | None = None,
    view: dict[str, Any] | None = None,
    block_id: str = "actions",
    action_type: str = "button",
    action_text: str = "Click",
    response_url: str | None = None,
    trigger_id: str | None = None,
    user_name: str | None = None,
    team_id: str = TEAM_ID,
    api_app_id: str = API_APP_ID,
) -> dict[str, Any]:
    """A "block_actions" payload: one action in a message (give channel_id and message, a
    message as chat.postMessage returned it) or in a view (give view, e.g. the Home tab).

    value is the button's value, or the selected option's value, user, date... depending on
    action_type (button, static_select, overflow, radio_buttons, checkboxes, users_select,
    conversations_select, channels_select, datepicker, timepicker).
    """
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, team_id, user_name),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "")}
    else:
        message = message or {"type": "message", "ts": new_ts(), "text": ""}
        payload["container"] = {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
    payload.update(
        trigger_id=trigger_id or new_trigger_id(),
        team={"id": team_id, "domain": TEAM_DOMAIN},
        enterprise=None,
        is_enterprise_install=False,
    )
    if view is not None:
        payload["view"] = view
    else:
        payload["channel"] = {"id": channel_id, "name": "general"}
        payload["message"] = message
        payload["state"] = {"values": {}}
        # Slack gives a response_url for actions in messages, not in views.
        payload["response_url"] = response_url or "https://hooks.slack.com/actions/T0001/1/x"
    payload["actions"] = [_action(action_id, value, action_type, block_id, action_text)]
    return payload


def state_values(values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """view.state.values from {block_id: {action_id: value}}: a str value becomes a
    plain_text_input's, a dict is taken as the element state itself."""
    return {
        block_id: {
            action_id: (
                value if isinstance(value, dict) else {"type": "plain_text_input", "value": value}
            )
            for action_id, value in actions.items()
        }
        for block_id, actions in values.items()
    }


def view_submission_payload(
    callback_id: str,
    values: dict[str, dict[str, Any]],
    *,
    user_id: str,
    private_metadata: str = "",
    view_id: str = "V0001",
    blocks: list[dict[str, Any]] | None = None,
    title: str = "Kairos",
    external_id: str = "",
    trigger_id: str | None = None,
    user_name: str | None = None,
    team_id: str = TEAM_ID,
    api_app_id: str = API_APP_ID,
    bot_id: str = "BBOT",
) -> dict[str, Any]:
    """A "view_submission" payload for a modal; values as for state_values()."""
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": _user(user_id, team_id, user_name),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or new_trigger_id(),
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "blocks": blocks or [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": state_values(values)},
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "title": {"type": "plain_text", "text": title, "emoji": True},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": {"type": "plain_text", "text": "Cancel", "emoji": True},
            "submit": {"type": "plain_text", "text": "Save", "emoji": True},
            "previous_view_id": None,
            "root_view_id": view_id,
            "app_id": api_app_id,
            "external_id": external_id,
            "app_installed_team_id": team_id,
            "bot_id": bot_id,
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
