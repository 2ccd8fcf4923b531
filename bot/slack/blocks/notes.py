"""The note to a sender whose mention was held, and the DM for an urgent mention (pure)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.errors import UnreadableValue
from bot.focus.mentions import CHANNEL_ID, HeldRecipient
from bot.focus.mentions import snippet as make_snippet
from bot.focus.text import format_when
from bot.slack.blocks.digest import mrkdwn_link, user_ref
from bot.slack.blocks.limits import clip, escape_mrkdwn
from bot.slack.ids import Action

MAX_BUTTON_VALUE = 2000
URGENT_BUTTON_TEXT = "It's urgent"
URGENT_HINT = "Only if it can't wait: they'll get a notification now."
# A broadcast can hold a message for dozens of people; the note names a few per line.
NAMES_PER_LINE = 5
MAX_NOTE_LINES = 8
URGENT_SNIPPET = 500
# Reasons come from Kairos ("focusing", "outside working hours"); the cap bounds the note.
MAX_REASON = 30
# Slack's ts is seconds.microseconds ("1772632800.000100"); the bound is the column's width.
_TS = re.compile(r"[0-9]{1,16}\.[0-9]{1,15}")


def held_note(
    recipients: list[HeldRecipient],
    *,
    sender_tz: ZoneInfo,
    now: datetime,
    message_ts: str,
    channel_id: str,
) -> tuple[str, list[dict[str, Any]]]:
    """Who is away, until when in the sender's own time, and the "It's urgent" button."""
    if not recipients:
        raise ValueError("a note needs at least one held recipient")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    value = urgent_value(channel_id, message_ts)
    lines = _away_lines(recipients, sender_tz, now)
    if len(lines) == 1 and len(lines[0].people) == 1:
        if recipients[0].until is None:
            text = f"{lines[0].text}. Your message will reach them when they're back."
        else:
            text = f"{lines[0].text} (your time). Your message will reach them then."
        body = f"{text} No need to resend."
    else:
        count = sum(len(line.people) for line in lines)
        text = (
            f"{count} people you mentioned are away. "
            "Your message will reach each of them when they're back."
        )
        body = f"{text} No need to resend.\n" + "\n".join(f"• {line.text}" for line in lines)
        if any(recipient.until is not None for recipient in recipients):
            body += "\n_Times are in your time zone._"
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": body}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": Action.FOCUS_URGENT.value,
                    "text": {"type": "plain_text", "text": URGENT_BUTTON_TEXT},
                    "value": value,
                }
            ],
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": URGENT_HINT}]},
    ]
    return text, blocks


@dataclass
class _Line:
    """People away for the same reason until the same time, named in one line."""

    reason: str
    until: str
    people: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        names = [user_ref(user_id) for user_id in self.people[:NAMES_PER_LINE]]
        others = len(self.people) - len(names)
        if others:
            names.append(f"{others} other{'s' if others > 1 else ''}")
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        verb = "is" if len(self.people) == 1 else "are"
        return f"{joined} {verb} {self.reason} {self.until}"


def _away_lines(recipients: list[HeldRecipient], tz: ZoneInfo, now: datetime) -> list[_Line]:
    lines: dict[tuple[str, str], _Line] = {}
    seen: set[str] = set()
    for recipient in recipients:
        if recipient.user_id in seen:
            continue
        seen.add(recipient.user_id)
        when = recipient.until
        until = "for now" if when is None else f"until {format_when(when, tz, now)}"
        reason = escape_mrkdwn(clip(recipient.reason, MAX_REASON))
        line = lines.setdefault((reason, until), _Line(reason, until))
        line.people.append(recipient.user_id)
    ordered = list(lines.values())
    if len(ordered) <= MAX_NOTE_LINES:
        return ordered
    shown, rest = ordered[: MAX_NOTE_LINES - 1], ordered[MAX_NOTE_LINES - 1 :]
    tail = _Line("away", "until later", [user_id for line in rest for user_id in line.people])
    return [*shown, tail]


def urgent_value(channel_id: str, message_ts: str) -> str:
    """The button value naming the held message: `{"c": channel, "ts": ts}`."""
    _check_ids(channel_id, message_ts)
    return json.dumps({"c": channel_id, "ts": message_ts}, separators=(",", ":"))


def parse_urgent_value(value: str) -> tuple[str, str]:
    """(channel id, message ts) from a button value; UnreadableValue (a ValueError, and a
    refusal the person is shown) when it is not one Kairos made."""
    if not isinstance(value, str) or len(value) > MAX_BUTTON_VALUE:
        raise UnreadableValue()
    try:
        data = json.loads(value)
    except (json.JSONDecodeError, RecursionError):
        # Deeply nested input exhausts the decoder's stack before it is found malformed.
        raise UnreadableValue() from None
    if not isinstance(data, dict) or set(data) != {"c", "ts"}:
        raise UnreadableValue()
    channel_id, message_ts = data["c"], data["ts"]
    if not isinstance(channel_id, str) or not isinstance(message_ts, str):
        raise UnreadableValue()
    if not CHANNEL_ID.fullmatch(channel_id) or not _TS.fullmatch(message_ts):
        raise UnreadableValue()
    return channel_id, message_ts


def _check_ids(channel_id: str, message_ts: str) -> None:
    if not CHANNEL_ID.fullmatch(channel_id):
        raise ValueError(f"not a Slack conversation id: {channel_id[:40]!r}")
    if not _TS.fullmatch(message_ts):
        raise ValueError(f"not a Slack message ts: {message_ts[:40]!r}")


def urgent_dm(
    sender_id: str, permalink: str | None, snippet: str
) -> tuple[str, list[dict[str, Any]]]:
    """The DM telling someone in focus, now, about a message marked urgent."""
    text = f":rotating_light: {user_ref(sender_id)} marked a message for you as urgent"
    # Re-cutting a preview is harmless (it is idempotent) and bounds the block's text.
    preview = make_snippet(snippet, URGENT_SNIPPET)
    body = text + (f"\n>{preview}" if preview else "")
    link = mrkdwn_link(permalink, "Open the message")
    if link:
        body += f"\n{link}"
    return text, [{"type": "section", "text": {"type": "mrkdwn", "text": body}}]
