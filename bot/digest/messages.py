"""The digest DM: held mentions grouped by conversation, within Slack's limits (pure).

Layout: an intro section, then one section per conversation or thread holding a bold
heading and one line per mention (several mentions per block, so a long digest needs few
blocks), then, if not everything fit, a context line pointing to the Home tab. A digest
after leave has its own layout (away_messages.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT, clip, escape_mrkdwn
from bot.digest.away_messages import away_blocks
from bot.digest.lines import conversation_ref, item_line, sent_when
from bot.digest.lines import section as _section
from bot.digest.model import DigestGroup
from bot.digest.reasons import SAVED
from bot.i18n import _, ngettext

__all__ = ["MAX_MESSAGE_BLOCK_TEXT", "conversation_ref", "digest_message", "sent_when"]

# Slack also refuses a message whose blocks hold too much text in total
# (`msg_blocks_too_long`). The limit is undocumented: reports put it near 12,000 characters
# and show failures from about 11,300, so stay well below.
MAX_MESSAGE_BLOCK_TEXT = 9000


def digest_message(
    groups: list[DigestGroup],
    *,
    tz: ZoneInfo,
    now: datetime,
    total: int,
    reason: str,
    reserve: tuple[int, int] = (0, 0),
    away: bool = False,
) -> tuple[str, list[dict[str, Any]]]:
    """(fallback text, blocks) for one digest DM; shows the first items that fit, then N more.

    reserve is (blocks, characters) kept free for what the caller appends (meeting notices).
    `away` lays it out as the digest after leave (away_messages.py).
    """
    given = sum(len(group.items) for group in groups)
    if given == 0:
        raise ValueError("an empty digest is never sent")
    if total < given:
        raise ValueError(f"total ({total}) is less than the {given} items given")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    intro = _intro(reason, total)
    if away:
        items = [item for group in groups for item in group.items]
        room = MAX_MESSAGE_BLOCK_TEXT - len(intro) - reserve[1]
        rest = away_blocks(
            items,
            tz=tz,
            now=now,
            total=total,
            text_room=room,
            block_room=_blocks_after_intro(reserve),
        )
        return intro, [_section(intro), *rest]
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
    block_room = _blocks_after_intro((reserved, 0)) - 1  # less the "N more" line
    sections: list[str] = []
    used = shown = 0
    for group in groups:
        in_group = False  # whether sections[-1] already belongs to this group
        for item in group.items:
            line = item_line(item, tz, now)
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


def _intro(reason: str, total: int) -> str:
    if reason == SAVED:
        return ngettext(
            "The message you saved to read later.",
            "The {n} messages you saved to read later.",
            total,
        )
    return ngettext(
        # TRANSLATORS: {reason} is a phrase such as "focusing" or "on leave or focusing".
        "While you were {reason}, {n} mention came in.",
        "While you were {reason}, {n} mentions came in.",
        total,
        reason=escape_mrkdwn(clip(reason, 100)),
    )


def _blocks_after_intro(reserve: tuple[int, int]) -> int:
    return MAX_BLOCKS_MESSAGE - 1 - reserve[0]


def _more_text(more: int) -> str:
    return _("…and {more} more — see the full list in Kairos's Home tab.", more=more)


def _heading(group: DigestGroup, *, continued: bool) -> str:
    heading = f"*{conversation_ref(group.channel_id)}*"
    if group.thread_ts:
        # TRANSLATORS: the heading of a thread's mentions: "#design · thread".
        heading = _("{conversation} · thread", conversation=heading)
    if continued:
        # TRANSLATORS: a heading repeated where its mentions continue in the next block.
        heading = _("{heading} (continued)", heading=heading)
    return heading
