"""One held mention as a digest line, and the conversation and time it names (pure).

Shared by the usual digest (messages.py), the away digest (away_messages.py) and its list
in App Home, so that a mention reads the same everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import mrkdwn_link, user_ref
from bot.digest.model import DigestItem
from bot.focus.mentions import snippet
from bot.focus.text import DAY_LABELS, format_when
from bot.ids import CHANNEL_ID

# Previews are re-cut to this length in the digest so that about 30 items fit in the
# worst case (long previews full of markup, long thread permalinks).
DIGEST_SNIPPET = 160
_RECENT_DAYS = 6
_KIND_TAGS = {
    "usergroup": " (group mention)",
    "broadcast": " (channel-wide)",
    "saved": " (you saved it to read later)",
}


def item_line(item: DigestItem, tz: ZoneInfo, now: datetime, *, tags: bool = True) -> str:
    """`• @bob · 11:30 — preview · Open`; `tags` marks group and channel-wide mentions."""
    preview = snippet(item.snippet, DIGEST_SNIPPET)
    # A sender who had Kairos forget them leaves no id: the line says "a message" instead.
    who = user_ref(item.sender_id) if item.sender_id else "a message"
    line = f"• {who} · {sent_when(item.sent_at, tz, now)}"
    if tags:
        line += _KIND_TAGS.get(item.kind, "")
    if preview:
        line += f" — {preview}"
    link = mrkdwn_link(item.permalink, "Open")
    return f"{line} · {link}" if link else line


def section(text: str) -> dict[str, Any]:
    """A mrkdwn section block."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def sent_when(instant: datetime, tz: ZoneInfo, now: datetime) -> str:
    """A past instant as the reader says it: `11:30`, `yesterday 17:45`, `Mon 09:10`."""
    local = instant.astimezone(tz)
    days_ago = (now.astimezone(tz).date() - local.date()).days
    # format_when speaks of the future ("tomorrow"); a digest looks back.
    if days_ago == 1:
        return f"yesterday {local:%H:%M}"
    if 1 < days_ago <= _RECENT_DAYS:
        return f"{DAY_LABELS[local.weekday()]} {local:%H:%M}"
    return format_when(instant, tz, now)


def conversation_ref(channel_id: str) -> str:
    """`<#C…>` for a channel; Slack renders no name for a direct message's id."""
    if is_direct_message(channel_id):
        return "A direct message"
    return f"<#{channel_id}>" if CHANNEL_ID.fullmatch(channel_id) else "A conversation"


def is_direct_message(channel_id: str) -> bool:
    """Whether the id is a direct message's (`D…`)."""
    return channel_id.startswith("D") and CHANNEL_ID.fullmatch(channel_id) is not None
