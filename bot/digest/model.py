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
    # The full key makes the order total, so equal times never depend on the input order.
    ordered = sorted(
        items,
        key=lambda i: (
            i.sent_at,
            i.mention_id,
            i.channel_id,
            i.message_ts,
            i.thread_ts or "",
            i.sender_id,
            i.snippet,
            i.permalink or "",
            i.kind,
        ),
    )
    for item in ordered:
        groups.setdefault((item.channel_id, item.thread_key), []).append(item)
    return [
        DigestGroup(channel_id, thread_ts, tuple(grouped))
        for (channel_id, thread_ts), grouped in groups.items()
    ]
