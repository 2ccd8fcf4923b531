"""The SQL of "Read after focus": the person's held-mention row for one message, if any.
Never commits: the caller's unit of work does."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.focus.tables import HeldMention


def row_for(session: Session, user_id: str, channel_id: str, message_ts: str) -> HeldMention | None:
    """The person's held mention of that message (held, delivered or otherwise), or None."""
    return session.scalar(
        select(HeldMention).where(
            HeldMention.recipient_id == user_id,
            HeldMention.channel_id == channel_id,
            HeldMention.message_ts == message_ts,
        )
    )
