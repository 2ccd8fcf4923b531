"""The SQL of broadcasts held after their ack (broadcasts.py). Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, select, union, update
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.inserts import insert_new, rows_changed
from bot.focus.tables import HeldMention, PendingBroadcast, UrgentUse

_PENDING = table(PendingBroadcast)


@dataclass(frozen=True)
class Pending:
    """A broadcast stored in its ack, still to be held for whoever it reaches."""

    channel_id: str
    message_ts: str
    thread_ts: str | None
    sender_id: str
    text: str
    attempts: int


def add(session: Session, values: dict[str, object]) -> bool:
    """Store a pending broadcast; False when that message is stored already."""
    return insert_new(session, _PENDING, [values], ["channel_id", "message_ts"]) == 1


def get(connection: Connection, channel_id: str, message_ts: str) -> Pending | None:
    """The pending broadcast of this message, if it is still pending."""
    row = connection.execute(
        select(
            _PENDING.c.channel_id,
            _PENDING.c.message_ts,
            _PENDING.c.thread_ts,
            _PENDING.c.sender_id,
            _PENDING.c.text,
            _PENDING.c.attempts,
        ).where(_PENDING.c.channel_id == channel_id, _PENDING.c.message_ts == message_ts)
    ).first()
    return None if row is None else Pending(*row)


def take(session: Session, channel_id: str, message_ts: str) -> bool:
    """Delete the pending broadcast; False when it was gone (finished elsewhere).

    The first statement of the transaction that holds the message: a second one doing the
    same waits for the first to commit, then finds nothing, so it is held once.
    """
    result = session.execute(
        delete(PendingBroadcast).where(
            PendingBroadcast.channel_id == channel_id, PendingBroadcast.message_ts == message_ts
        )
    )
    return rows_changed(result) == 1


def handled(session: Session, channel_id: str, message_ts: str, sender_id: str) -> set[str]:
    """Whom the message was already held for or told urgently about (in its ack)."""
    held = select(HeldMention.recipient_id).where(
        HeldMention.channel_id == channel_id, HeldMention.message_ts == message_ts
    )
    urgent = select(UrgentUse.recipient_id).where(
        UrgentUse.channel_id == channel_id,
        UrgentUse.message_ts == message_ts,
        UrgentUse.sender_id == sender_id,
    )
    return set(session.scalars(select(union(held, urgent).subquery().c[0])))


def due(session: Session, now: datetime, limit: int) -> list[tuple[str, str]]:
    """(channel, message ts) of the pending broadcasts to try now, longest waiting first."""
    rows = session.execute(
        select(PendingBroadcast.channel_id, PendingBroadcast.message_ts)
        .where(PendingBroadcast.next_try_at <= now)
        .order_by(PendingBroadcast.next_try_at)
        .limit(limit)
    )
    return [(channel_id, message_ts) for channel_id, message_ts in rows]


def failed(
    session: Session, channel_id: str, message_ts: str, attempts: int, next_try_at: datetime
) -> None:
    """Count a failed try and say when to try again."""
    session.execute(
        update(PendingBroadcast)
        .where(PendingBroadcast.channel_id == channel_id, PendingBroadcast.message_ts == message_ts)
        .values(attempts=attempts, next_try_at=next_try_at)
    )


def count_sent(session: Session, user_id: str) -> int:
    """How many pending broadcasts the person sent (forget-me's count)."""
    query = select(func.count()).select_from(PendingBroadcast)
    return int(session.scalar(query.where(PendingBroadcast.sender_id == user_id)) or 0)


def forget(session: Session, user_id: str) -> None:
    """Delete the pending broadcasts the person sent."""
    session.execute(delete(PendingBroadcast).where(PendingBroadcast.sender_id == user_id))
