"""Interactivity payloads: block actions in messages and views, and modal submissions, with
the form body Slack POSTs them in."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlencode

from bot.clock import unix_seconds
from bot.demo.fake_slack.payloads.common import (
    API_APP_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    VERIFICATION_TOKEN,
    new_trigger_id,
    new_ts,
)


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
    action["action_ts"] = f"{unix_seconds():.6f}"
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
            "hash": f"{int(unix_seconds())}.{uuid.uuid4().hex[:8]}",
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
