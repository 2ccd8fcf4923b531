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
from bot.focus.text import format_when
from bot.i18n import _, current_language, formats, pgettext
from bot.ids import CHANNEL_ID

# Previews are re-cut to this length in the digest so that about 30 items fit in the
# worst case (long previews full of markup, long thread permalinks).
DIGEST_SNIPPET = 160
_RECENT_DAYS = 6


def item_line(item: DigestItem, tz: ZoneInfo, now: datetime, *, tags: bool = True) -> str:
    """`• @bob · 11:30 — preview · Open`; `tags` marks group and channel-wide mentions."""
    preview = snippet(item.snippet, DIGEST_SNIPPET)
    # A sender who had Kairos forget them leaves no id: the line says "a message" instead.
    # TRANSLATORS: stands where a sender's name would, for a sender Kairos has forgotten.
    who = user_ref(item.sender_id) if item.sender_id else _("a message")
    line = f"• {who} · {sent_when(item.sent_at, tz, now)}"
    tag = _kind_tag(item.kind) if tags else None
    if tag:
        line += f" ({tag})"
    if preview:
        line += f" — {preview}"
    # TRANSLATORS: the link at the end of a digest line that opens the message in Slack.
    link = mrkdwn_link(item.permalink, pgettext("link to a message", "Open"))
    return f"{line} · {link}" if link else line


def _kind_tag(kind: str) -> str | None:
    """What a line says in brackets about how the mention reached the person."""
    if kind == "usergroup":
        return _("group mention")
    if kind == "broadcast":
        # TRANSLATORS: a mention by @here, @channel or @everyone.
        return _("channel-wide")
    if kind == "saved":
        return _("you saved it to read later")
    return None


def section(text: str) -> dict[str, Any]:
    """A mrkdwn section block."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def sent_when(instant: datetime, tz: ZoneInfo, now: datetime) -> str:
    """A past instant as the reader says it: `11:30`, `yesterday 17:45`, `Mon 09:10`;
    in Dutch `11:30`, `gisteren 17:45`, `ma 09:10`, `wo 25 feb 10:00`."""
    language = current_language()
    local = instant.astimezone(tz)
    days_ago = (now.astimezone(tz).date() - local.date()).days
    time = formats.time_of_day(instant, tz, language)
    if days_ago == 0:
        return time
    # format_when speaks of the future ("tomorrow"); a digest looks back.
    if days_ago == 1:
        # TRANSLATORS: when a held message was sent: "yesterday 17:45".
        return _("yesterday {time}", time=time)
    if 1 < days_ago <= _RECENT_DAYS:
        return f"{formats.weekday(instant, tz, language)} {time}"
    return format_when(instant, tz, now)  # `Wed 25 Feb 10:00`, `wo 25 feb 10:00`


def conversation_ref(channel_id: str) -> str:
    """`<#C…>` for a channel; Slack renders no name for a direct message's id."""
    if is_direct_message(channel_id):
        return _("A direct message")
    return f"<#{channel_id}>" if CHANNEL_ID.fullmatch(channel_id) else _("A conversation")


def is_direct_message(channel_id: str) -> bool:
    """Whether the id is a direct message's (`D…`)."""
    return channel_id.startswith("D") and CHANNEL_ID.fullmatch(channel_id) is not None
