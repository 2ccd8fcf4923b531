"""The "while you were away" digest, and its full list in App Home (pure).

Layout: the intro, then one part per kind of mention, in the order they concern the person
(direct mentions and messages, thread replies, group mentions, @here/@channel), each a
header with its count and then its channels: a heading with the channel's count, its first
few mentions, and "…and 9 more in #design". A closing line points to the Home tab, which
lists every mention in the same order.

However many mentions came in, the digest stays within Slack's limits: every visible
channel heading is placed first, in reading order, while the text budget allows; lines go
to the parts in order, a round at a time, so each channel of a part shows its first
mention before any shows its second. What does not fit (and channels past MAX_CHANNELS) is
counted in the closing line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import MAX_SECTION_TEXT
from bot.digest.lines import conversation_ref, is_direct_message, item_line, section
from bot.digest.model import ChannelGroup, DigestItem, Tier, away_groups
from bot.i18n import _, ngettext

# Lines shown per channel before the rest is summarized as "…and N more in #channel".
LINES_PER_CHANNEL = 3
# Channel headings shown at most, so that room is left for the mentions themselves; the
# channels after them are counted in the closing line.
MAX_CHANNELS = 30


def tier_title(tier: Tier) -> str:
    """The title of a part of the away digest, in the current language."""
    if tier is Tier.DIRECT:
        # TRANSLATORS: a header in the digest after leave; Slack shows it in large type.
        return _("Mentioned you directly")
    if tier is Tier.THREAD:
        # TRANSLATORS: a header in the digest after leave: mentions in thread replies.
        return _("In threads")
    if tier is Tier.GROUP:
        # TRANSLATORS: a header in the digest after leave: mentions of a user group.
        return _("Group mentions")
    # TRANSLATORS: a header in the digest after leave; @here and @channel stay as they are.
    return _("@here and @channel")


def away_blocks(
    items: Sequence[DigestItem],
    *,
    tz: ZoneInfo,
    now: datetime,
    total: int,
    text_room: int,
    block_room: int,
) -> list[dict[str, Any]]:
    """The blocks after the intro of an away digest, within `text_room` characters and
    `block_room` blocks; `total` counts items not given too (they are counted as more)."""
    groups = away_groups(items)
    text_room -= len(_closing(total, total))
    block_room -= 1  # the closing line
    # Each part is a header and sections filled past half of MAX_SECTION_TEXT but for its
    # last one, so this much text never needs more blocks than there are.
    sections_room = block_room - 2 * len(Tier)
    text_room = min(text_room, max(sections_room, 0) * (MAX_SECTION_TEXT // 2 - 1))
    visible, used = _visible(groups, text_room)
    shown = _shown(visible, tz, now, text_room - used)
    blocks: list[dict[str, Any]] = []
    for tier in Tier:
        lines: list[str] = []
        for group in visible:
            if group.tier is tier:
                lines += _group_lines(group, shown.get(group, 0), tz, now)
        if lines:
            blocks.append(_header(groups, tier))
            blocks += [section(text) for text in _fill(lines)]
    hidden = groups[len(visible) :]
    if sum(shown.values()) < total:
        in_hidden = sum(len(group.items) for group in hidden) + total - len(items)
        conversations = len({group.channel_id for group in hidden})
        text = _closing(in_hidden, conversations)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    return blocks


def _visible(groups: list[ChannelGroup], text_room: int) -> tuple[list[ChannelGroup], int]:
    """The channels whose headings fit, in reading order (the rest all come after them),
    and the text those headings take."""
    used = 0
    visible: list[ChannelGroup] = []
    for group in groups:
        cost = _heading_cost(groups, group)
        if used + cost > text_room or len(visible) >= MAX_CHANNELS:
            break
        used += cost
        visible.append(group)
    return visible, used


def _heading_cost(groups: list[ChannelGroup], group: ChannelGroup) -> int:
    """The group's heading line, and its part's header if it is that part's first channel."""
    first = next(g for g in groups if g.tier is group.tier) is group
    header = len(_header(groups, group.tier)["text"]["text"]) if first else 0
    return header + len(_heading(group)) + 1


def _shown(
    visible: list[ChannelGroup], tz: ZoneInfo, now: datetime, text_room: int
) -> dict[ChannelGroup, int]:
    """How many lines each visible channel shows, within text_room."""
    shown: dict[ChannelGroup, int] = {}
    used = 0
    for tier in Tier:
        in_tier = [group for group in visible if group.tier is tier]
        for round_ in range(LINES_PER_CHANNEL):
            for group in in_tier:
                # Only a channel that got every earlier line gets this one: each shows its
                # first mentions, never a gap.
                if shown.get(group, 0) != round_ or round_ >= len(group.items):
                    continue
                cost = len(item_line(group.items[round_], tz, now, tags=False)) + 1
                if round_ == 0 and len(group.items) > 1:
                    # Room for "…and N more" is kept from the first line on, at its longest.
                    cost += len(_more_line(group, len(group.items) - 1)) + 1
                if used + cost <= text_room:
                    used += cost
                    shown[group] = round_ + 1
    return shown


def _group_lines(group: ChannelGroup, shown: int, tz: ZoneInfo, now: datetime) -> list[str]:
    lines = [_heading(group)]
    lines += [item_line(item, tz, now, tags=False) for item in group.items[:shown]]
    if 0 < shown < len(group.items):
        lines.append(_more_line(group, len(group.items) - shown))
    return lines


def _fill(lines: list[str]) -> list[str]:
    """Lines joined into as few section texts as MAX_SECTION_TEXT allows."""
    texts: list[str] = []
    for line in lines:
        if texts and len(texts[-1]) + 1 + len(line) <= MAX_SECTION_TEXT:
            texts[-1] += "\n" + line
        else:
            texts.append(line)
    return texts


def _header(groups: list[ChannelGroup], tier: Tier) -> dict[str, Any]:
    count = sum(len(group.items) for group in groups if group.tier is tier)
    text = f"{tier_title(tier)} · {count}"
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _heading(group: ChannelGroup) -> str:
    count = len(group.items)
    ref = f"*{conversation_ref(group.channel_id)}*"
    if is_direct_message(group.channel_id):
        return ngettext(
            "{conversation} · {n} message", "{conversation} · {n} messages", count, conversation=ref
        )
    return ngettext(
        "{conversation} · {n} mention", "{conversation} · {n} mentions", count, conversation=ref
    )


def _more_line(group: ChannelGroup, more: int) -> str:
    ref = conversation_ref(group.channel_id)
    if ref.startswith("<#"):
        return _("…and {more} more in {channel}", more=more, channel=ref)
    return _("…and {more} more in this conversation", more=more)


def _closing(in_hidden: int, conversations: int) -> str:
    """The closing line: what is not shown at all, and where the full list is."""
    if not in_hidden:
        return _("The full list, in this order, is in Kairos's Home tab.")
    if not conversations:
        return ngettext(
            "…and {n} more mention. The full list, in this order, is in Kairos's Home tab.",
            "…and {n} more mentions. The full list, in this order, is in Kairos's Home tab.",
            in_hidden,
        )
    mentions = ngettext("{n} more mention", "{n} more mentions", in_hidden)
    return ngettext(
        # TRANSLATORS: {mentions} is "3 more mentions" (or "1 more mention").
        "…and {mentions} in {n} more conversation. "
        "The full list, in this order, is in Kairos's Home tab.",
        "…and {mentions} in {n} more conversations. "
        "The full list, in this order, is in Kairos's Home tab.",
        conversations,
        mentions=mentions,
    )


def away_home_lines(
    items: Sequence[DigestItem], *, tz: ZoneInfo, now: datetime, limit: int, total: int
) -> list[str]:
    """The away digest's full list for App Home, in the digest's order and grouping: each
    part's title, each channel's heading, then every mention, up to `limit` mentions (of
    `total`)."""
    lines: list[str] = []
    listed = 0
    tier = None
    groups = away_groups(items)
    for group in groups:
        if listed >= limit:
            break
        if group.tier is not tier:
            tier = group.tier
            lines.append(f"*{_header(groups, tier)['text']['text']}*")
        lines.append(_heading(group))
        for item in group.items[: limit - listed]:
            lines.append(item_line(item, tz, now, tags=False))
            listed += 1
    if listed < total:
        lines.append(_("…and {more} more not listed here.", more=total - listed))
    return lines
