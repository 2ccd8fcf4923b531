"""Digest items and their grouping by conversation and thread (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


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


@dataclass(frozen=True)
class DigestGroup:
    """Items from one conversation (top level) or one thread in it."""

    channel_id: str
    thread_ts: str | None
    items: tuple[DigestItem, ...]


def group_items(items: Iterable[DigestItem]) -> list[DigestGroup]:
    """Group by conversation and thread; groups by their first item, items by time."""
    groups: dict[tuple[str, str | None], list[DigestItem]] = {}
    for item in sorted(items, key=lambda i: (i.sent_at, i.mention_id)):
        groups.setdefault((item.channel_id, item.thread_ts), []).append(item)
    return [
        DigestGroup(channel_id, thread_ts, tuple(grouped))
        for (channel_id, thread_ts), grouped in groups.items()
    ]
