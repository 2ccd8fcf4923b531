"""Digests and the held mentions they carry: recorded, read, marked sent. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from bot.digest.model import DigestItem
from bot.focus.mentions import snippet
from bot.focus.tables import Digest, HeldMention

# App Home lists at most this many items of the last digest.
HOME_LIMIT = 200


def last_digest_items(
    session: Session, user_id: str, *, limit: int = HOME_LIMIT
) -> list[HeldMention]:
    """The items of the person's most recent sent digest, oldest first (at most `limit`)."""
    latest = session.scalar(
        select(Digest.id)
        .where(Digest.recipient_id == user_id, Digest.sent_at.is_not(None))
        .order_by(Digest.sent_at.desc(), Digest.id.desc())
        .limit(1)
    )
    if latest is None:
        return []
    return list(
        session.scalars(
            select(HeldMention)
            .where(HeldMention.digest_id == latest)
            .order_by(HeldMention.sent_at, HeldMention.id)
            .limit(limit)
        )
    )


def unsent(session: Session) -> list[Row[int, str]]:
    """(digest, recipient) of every recorded digest not sent yet, oldest first."""
    return list(
        session.execute(
            select(Digest.id, Digest.recipient_id)
            .where(Digest.sent_at.is_(None))
            .order_by(Digest.id)
        ).all()
    )


def held_for(session: Session, user_id: str) -> list[HeldMention]:
    """The person's mentions still held, oldest first."""
    return list(
        session.scalars(
            select(HeldMention)
            .where(HeldMention.recipient_id == user_id, HeldMention.status == "held")
            .order_by(HeldMention.sent_at, HeldMention.id)
        )
    )


def add_digest(session: Session, user_id: str, now: datetime, item_count: int) -> int:
    """Record a new digest for the person; its id (flushed, so items can point to it)."""
    digest = Digest(recipient_id=user_id, created_at=now, item_count=item_count)
    session.add(digest)
    session.flush()
    return digest.id


def digest(session: Session, digest_id: int) -> Digest | None:
    """A recorded digest."""
    return session.get(Digest, digest_id)


def items_of(session: Session, digest_id: int) -> list[HeldMention]:
    """The mentions a digest carries, oldest first."""
    return list(
        session.scalars(
            select(HeldMention)
            .where(HeldMention.digest_id == digest_id)
            .order_by(HeldMention.sent_at, HeldMention.id)
        )
    )


def as_item(row: HeldMention) -> DigestItem:
    """A stored mention as a digest shows it (a delivered one has no text left: no preview)."""
    return DigestItem(
        mention_id=row.id,
        channel_id=row.channel_id,
        message_ts=row.message_ts,
        thread_ts=row.thread_ts,
        sender_id=row.sender_id,
        sent_at=row.sent_at,
        snippet=snippet(row.text),
        permalink=row.permalink,
        kind=row.kind,
    )
