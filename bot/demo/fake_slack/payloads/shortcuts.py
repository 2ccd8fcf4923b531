"""Shortcut payloads: a global shortcut (the lightning menu, "type": "shortcut") and a
message shortcut (a message's "More actions" menu, "type": "message_action"), as Slack's
shortcuts documentation shows them. Both are POSTed as interactions (block_actions_form)."""

from __future__ import annotations

from typing import Any

from bot.clock import unix_seconds
from bot.demo.fake_slack.payloads.common import (
    TEAM_DOMAIN,
    TEAM_ID,
    VERIFICATION_TOKEN,
    new_trigger_id,
    new_ts,
)


def global_shortcut_payload(
    callback_id: str,
    *,
    user_id: str,
    trigger_id: str | None = None,
    user_name: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A global shortcut chosen by `user_id`: no channel and no response_url, only a
    trigger_id to open a modal with."""
    name = user_name or user_id.lower()
    return {
        "type": "shortcut",
        "token": VERIFICATION_TOKEN,
        "action_ts": f"{unix_seconds():.6f}",
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": {"id": user_id, "username": name, "team_id": team_id},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
    }


def message_shortcut_payload(
    callback_id: str,
    *,
    user_id: str,
    channel_id: str,
    message: dict[str, Any] | None = None,
    response_url: str | None = None,
    trigger_id: str | None = None,
    user_name: str | None = None,
    channel_name: str = "general",
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """A message shortcut chosen by `user_id` on `message` (as conversations.history shows
    it: type, user, ts, text...) in `channel_id`."""
    message = message or {"type": "message", "user": "U0OTHER", "ts": new_ts(), "text": ""}
    name = user_name or user_id.lower()
    return {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": f"{unix_seconds():.6f}",
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": {"id": user_id, "name": name},
        "channel": {"id": channel_id, "name": channel_name},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "response_url": response_url or "https://hooks.slack.com/app/T0001/1/x",
        "message_ts": message.get("ts"),
        "message": message,
    }
