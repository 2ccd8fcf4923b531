"""The digest DM: held mentions grouped by conversation, within Slack's limits."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.model import DigestGroup, DigestItem
from bot.focus.text import format_when
from bot.slack.blocks.limits import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT, clip

# Room kept for the intro and the "N more" line.
_RESERVED_BLOCKS = 3


def digest_message(
    groups: list[DigestGroup], *, tz: ZoneInfo, now: datetime, total: int, reason: str
) -> tuple[str, list[dict[str, Any]]]:
    """(fallback text, blocks) for one digest; shows what fits, then "N more"."""
    if total == 0 or not groups:
        raise ValueError("an empty digest is never sent")
    plural = "s" if total != 1 else ""
    intro = f"While you were {reason}, {total} mention{plural} came in. Here they are."
    blocks: list[dict[str, Any]] = [_section(intro)]
    shown = 0
    for group in groups:
        heading = f"*<#{group.channel_id}>*" + (" · in a thread" if group.thread_ts else "")
        lines = [heading]
        group_shown = 0
        for item in group.items:
            line = _line(item, tz, now)
            if len("\n".join([*lines, line])) > MAX_SECTION_TEXT:
                break
            lines.append(line)
            group_shown += 1
        if group_shown == 0 or len(blocks) >= MAX_BLOCKS_MESSAGE - _RESERVED_BLOCKS:
            break
        blocks.append(_section("\n".join(lines)))
        shown += group_shown
        if group_shown < len(group.items):
            break
    if shown < total:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": f"…and {total - shown} more: the full list is in "
                        "Kairos's Home tab.",
                    }
                ],
            }
        )
    return clip(intro, MAX_SECTION_TEXT), blocks


def _line(item: DigestItem, tz: ZoneInfo, now: datetime) -> str:
    link = f" <{item.permalink}|Open>" if item.permalink else ""
    return f"• <@{item.sender_id}> · {format_when(item.sent_at, tz, now)}: {item.snippet}{link}"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
