"""Queries about delivered digests. Never commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.focus.tables import Digest, HeldMention

# App Home lists at most this many items of the last digest.
HOME_LIMIT = 200


def last_digest_items(session: Session, user_id: str) -> list[HeldMention]:
    """The items of the person's most recent sent digest, oldest first."""
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
            .limit(HOME_LIMIT)
        )
    )
