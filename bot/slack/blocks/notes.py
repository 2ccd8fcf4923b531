"""The note to a sender whose mention was held, and the DM for an urgent mention."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.focus.mentions import HeldRecipient
from bot.focus.text import format_when
from bot.slack.blocks.limits import MAX_SECTION_TEXT, clip
from bot.slack.ids import Action

MAX_BUTTON_VALUE = 2000


def held_note(
    recipients: list[HeldRecipient],
    *,
    sender_tz: ZoneInfo,
    now: datetime,
    message_ts: str,
    channel_id: str,
) -> tuple[str, list[dict[str, Any]]]:
    """Who is focusing, until when in the sender's time, and the urgent button."""
    lines = []
    for recipient in recipients:
        until = (
            f"until {format_when(recipient.until, sender_tz, now)} (your time)"
            if recipient.until is not None
            else "for now"
        )
        lines.append(f"<@{recipient.user_id}> is {recipient.reason} {until}.")
    text = clip(
        " ".join(lines) + " Your message will be delivered to them then, with no need to resend.",
        MAX_SECTION_TEXT,
    )
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": Action.FOCUS_URGENT,
                    "text": {"type": "plain_text", "text": "It's urgent"},
                    "value": urgent_value(channel_id, message_ts),
                    "style": "danger",
                }
            ],
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": "Only if it can't wait: they'll get a notification now.",
                }
            ],
        },
    ]
    return text, blocks


def urgent_value(channel_id: str, message_ts: str) -> str:
    """The button value naming the message."""
    return json.dumps({"c": channel_id, "ts": message_ts}, separators=(",", ":"))


def parse_urgent_value(value: str) -> tuple[str, str]:
    """(channel id, message ts) from a button value; ValueError when malformed."""
    if len(value) > MAX_BUTTON_VALUE:
        raise ValueError("button value too long")
    try:
        data = json.loads(value)
    except json.JSONDecodeError:
        raise ValueError("button value is not JSON") from None
    if not isinstance(data, dict):
        raise ValueError("button value is not an object")
    channel, ts = data.get("c"), data.get("ts")
    if not isinstance(channel, str) or not isinstance(ts, str) or not channel or not ts:
        raise ValueError("button value lacks a channel or a ts")
    return channel, ts


def urgent_dm(
    sender_id: str, permalink: str | None, snippet: str
) -> tuple[str, list[dict[str, Any]]]:
    """The DM telling someone in focus about an urgent mention."""
    text = f":rotating_light: <@{sender_id}> marked a message for you as urgent."
    body = f"{text}\n>{snippet}" if snippet else text
    if permalink:
        body += f"\n<{permalink}|Open the message>"
    return text, [
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(body, MAX_SECTION_TEXT)}}
    ]
