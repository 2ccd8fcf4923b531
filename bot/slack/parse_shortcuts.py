"""Shortcut payloads and the Start focus modal's picks as typed values (pure).

As in parse.py: any shape is accepted, and what is not what Slack documents gives None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.digest.saved import SavedMessage
from bot.slack.envelope import WEB_ADDRESS
from bot.slack.parse import message_ts, slack_id

# Slack's own limit for a message's text; a longer one is cut for the digest's preview.
MAX_MESSAGE_TEXT = 40_000


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class MessageShortcut:
    """Who chose a message shortcut, on which message, and where to answer them."""

    user_id: str
    message: SavedMessage
    response_url: str | None


def parse_message_shortcut(body: object) -> MessageShortcut | None:
    """A "message_action" payload; None without a person, a channel or a message ts."""
    body = _object(body)
    user_id = slack_id(_object(body.get("user")).get("id"))
    channel_id = slack_id(_object(body.get("channel")).get("id"))
    message = _object(body.get("message"))
    ts = message_ts(message.get("ts")) or message_ts(body.get("message_ts"))
    if user_id is None or channel_id is None or ts is None:
        return None
    # A bot's message has no user; an app's id still says who sent it.
    sender = slack_id(message.get("user")) or slack_id(message.get("bot_id")) or user_id
    text = message.get("text")
    url = body.get("response_url")
    return MessageShortcut(
        user_id,
        SavedMessage(
            channel_id=channel_id,
            message_ts=ts,
            thread_ts=message_ts(message.get("thread_ts")),
            sender_id=sender,
            text=text[:MAX_MESSAGE_TEXT] if isinstance(text, str) else "",
        ),
        url if isinstance(url, str) and WEB_ADDRESS.fullmatch(url) else None,
    )


def _element(view: object, block_id: str, action_id: str) -> dict[str, Any]:
    values = _object(_object(_object(view).get("state")).get("values"))
    return _object(_object(values.get(block_id)).get(action_id))


def selected_option(view: object, block_id: str, action_id: str) -> str | None:
    """The value of the option picked in a submitted select; None for none."""
    value = _object(_element(view, block_id, action_id).get("selected_option")).get("value")
    return value if isinstance(value, str) else None


def selected_time(view: object, block_id: str, action_id: str) -> str | None:
    """The "HH:MM" picked in a submitted timepicker; None for none."""
    value = _element(view, block_id, action_id).get("selected_time")
    return value if isinstance(value, str) else None
