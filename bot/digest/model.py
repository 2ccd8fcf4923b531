"""Digest items and their grouping by conversation and thread, or for a digest after leave
by what kind of mention they are and then by channel (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any


@dataclass(frozen=True)
class DigestItem:
    """One held mention, ready to show."""

    mention_id: int
    channel_id: str
    message_ts: str
    thread_ts: str | None
    sender_id: str
    sent_at: datetime
    snippet: str
    permalink: str | None
    kind: str

    def __post_init__(self) -> None:
        # A naive time would be read in the server's zone when shown: refuse it here.
        if self.sent_at.tzinfo is None or self.sent_at.utcoffset() is None:
            raise ValueError("sent_at must be timezone-aware")

    @property
    def thread_key(self) -> str | None:
        """The thread the item belongs to, or None for a top-level message."""
        # Slack puts thread_ts on a thread's parent too (thread_ts == ts): that message is
        # top level, and is read with the other top-level messages of the conversation.
        if not self.thread_ts or self.thread_ts == self.message_ts:
            return None
        return self.thread_ts


@dataclass(frozen=True)
class DigestGroup:
    """Items from one conversation (top level) or one thread in it, oldest first."""

    channel_id: str
    thread_ts: str | None
    items: tuple[DigestItem, ...]


def group_items(items: Iterable[DigestItem]) -> list[DigestGroup]:
    """Group by conversation and thread; groups by their first item, items by time."""
    groups: dict[tuple[str, str | None], list[DigestItem]] = {}
    for item in sorted(items, key=_time_order):
        groups.setdefault((item.channel_id, item.thread_key), []).append(item)
    return [
        DigestGroup(channel_id, thread_ts, tuple(grouped))
        for (channel_id, thread_ts), grouped in groups.items()
    ]


def _time_order(item: DigestItem) -> tuple[Any, ...]:
    # The full key makes the order total, so equal times never depend on the input order.
    return (
        item.sent_at,
        item.mention_id,
        item.channel_id,
        item.message_ts,
        item.thread_ts or "",
        item.sender_id,
        item.snippet,
        item.permalink or "",
        item.kind,
    )


class Tier(IntEnum):
    """The parts of a "while you were away" digest, in the order they are read."""

    DIRECT = 0  # named in a message, or written to in a direct message
    THREAD = 1  # named in a reply in a thread
    GROUP = 2  # reached through a user group
    BROADCAST = 3  # @here, @channel, @everyone (and any kind Kairos does not know yet)


def tier_of(item: DigestItem) -> Tier:
    """Which part of an away digest an item belongs in."""
    if item.kind == "user":
        # A direct message is read first even when it is a reply in the DM's thread.
        direct = item.thread_key is None or item.channel_id.startswith("D")
        return Tier.DIRECT if direct else Tier.THREAD
    if item.kind == "saved":
        return Tier.DIRECT  # the person put it there themselves ("Read after focus")
    return Tier.GROUP if item.kind == "usergroup" else Tier.BROADCAST


@dataclass(frozen=True)
class ChannelGroup:
    """One part's items from one conversation (its threads included), oldest first."""

    tier: Tier
    channel_id: str
    items: tuple[DigestItem, ...]


def away_groups(items: Iterable[DigestItem]) -> list[ChannelGroup]:
    """Items by part (direct, threads, groups, broadcasts), then by channel: each part's
    channels in the order of their first item, each channel's items oldest first."""
    grouped: dict[tuple[Tier, str], list[DigestItem]] = {}
    for item in sorted(items, key=_time_order):
        grouped.setdefault((tier_of(item), item.channel_id), []).append(item)
    # A stable sort by part keeps the channels of each part in the order of their first item.
    keys = sorted(grouped, key=lambda key: key[0])
    return [ChannelGroup(tier, channel, tuple(grouped[tier, channel])) for tier, channel in keys]
