"""The digest DM: held mentions grouped by conversation, within Slack's limits (pure).

Layout: an intro section, then one section per conversation or thread holding a bold
heading and one line per mention (several mentions per block, so a long digest needs few
blocks), then, if not everything fit, a context line pointing to the Home tab.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import (
    MAX_BLOCKS_MESSAGE,
    MAX_SECTION_TEXT,
    clip,
    escape_mrkdwn,
    mrkdwn_link,
    user_ref,
)
from bot.digest.model import DigestGroup, DigestItem
from bot.focus.mentions import snippet
from bot.focus.text import DAY_LABELS, format_when
from bot.ids import CHANNEL_ID

# Slack also refuses a message whose blocks hold too much text in total
# (`msg_blocks_too_long`). The limit is undocumented: reports put it near 12,000 characters
# and show failures from about 11,300, so stay well below.
MAX_MESSAGE_BLOCK_TEXT = 9000
# Previews are re-cut to this length in the digest so that about 30 items fit in the
# worst case (long previews full of markup, long thread permalinks).
DIGEST_SNIPPET = 160
_RECENT_DAYS = 6
_KIND_TAGS = {"usergroup": " (group mention)", "broadcast": " (channel-wide)"}


def digest_message(
    groups: list[DigestGroup],
    *,
    tz: ZoneInfo,
    now: datetime,
    total: int,
    reason: str,
    reserve: tuple[int, int] = (0, 0),
) -> tuple[str, list[dict[str, Any]]]:
    """(fallback text, blocks) for one digest DM; shows the first items that fit, then N more.

    reserve is (blocks, characters) kept free for what the caller appends (meeting notices).
    """
    given = sum(len(group.items) for group in groups)
    if given == 0:
        raise ValueError("an empty digest is never sent")
    if total < given:
        raise ValueError(f"total ({total}) is less than the {given} items given")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    plural = "" if total == 1 else "s"
    intro = f"While you were {escape_mrkdwn(clip(reason, 100))}, {total} mention{plural} came in."
    # Room is kept for the "N more" line whether or not it is needed: the digest then never
    # has to take an item back out to make room for it.
    text_room = MAX_MESSAGE_BLOCK_TEXT - len(intro) - len(_more_text(total)) - reserve[1]
    sections, shown = _pack(groups, tz, now, text_room, reserve[0])
    blocks = [_section(intro)] + [_section(text) for text in sections]
    if shown < total:
        more = {"type": "mrkdwn", "text": _more_text(total - shown)}
        blocks.append({"type": "context", "elements": [more]})
    return intro, blocks


def _pack(
    groups: list[DigestGroup], tz: ZoneInfo, now: datetime, text_room: int, reserved: int
) -> tuple[list[str], int]:
    """Section texts holding the first items that fit, and how many items they hold."""
    block_room = MAX_BLOCKS_MESSAGE - 2 - reserved  # the intro, and the "N more" line
    sections: list[str] = []
    used = shown = 0
    for group in groups:
        in_group = False  # whether sections[-1] already belongs to this group
        for item in group.items:
            line = _line(item, tz, now)
            extends = in_group and len(sections[-1]) + 1 + len(line) <= MAX_SECTION_TEXT
            added = "\n" + line if extends else _heading(group, continued=in_group) + "\n" + line
            if used + len(added) > text_room or (not extends and len(sections) >= block_room):
                return sections, shown
            if extends:
                sections[-1] += added
            else:
                sections.append(added)
            in_group = True
            used += len(added)
            shown += 1
    return sections, shown


def _more_text(more: int) -> str:
    return f"…and {more} more — see the full list in Kairos's Home tab."


def _heading(group: DigestGroup, *, continued: bool) -> str:
    heading = f"*{conversation_ref(group.channel_id)}*"
    if group.thread_ts:
        heading += " · thread"
    return heading + (" (continued)" if continued else "")


def _line(item: DigestItem, tz: ZoneInfo, now: datetime) -> str:
    preview = snippet(item.snippet, DIGEST_SNIPPET)
    # A sender who had Kairos forget them leaves no id: the line says "a message" instead.
    who = user_ref(item.sender_id) if item.sender_id else "a message"
    line = f"• {who} · {sent_when(item.sent_at, tz, now)}"
    line += _KIND_TAGS.get(item.kind, "")
    if preview:
        line += f" — {preview}"
    link = mrkdwn_link(item.permalink, "Open")
    return f"{line} · {link}" if link else line


def _section(text: str) -> dict[str, Any]:
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
    if channel_id.startswith("D") and CHANNEL_ID.fullmatch(channel_id):
        return "A direct message"
    return f"<#{channel_id}>" if CHANNEL_ID.fullmatch(channel_id) else "A conversation"
