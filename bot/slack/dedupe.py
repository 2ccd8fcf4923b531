"""Durable Slack `event_id` dedupe: a retried event is acknowledged but not handled twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db.base import Base, UTCDateTime

# Slack retries an event at most three times within about an hour; a day leaves a wide margin
# for a bot that was down while the retries came in.
KEEP_FOR = timedelta(days=1)


class ProcessedEvent(Base):
    """An Events API `event_id` whose effects are committed."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def already_processed(session: Session, event_id: str) -> bool:
    """Whether this event's effects were committed before."""
    found = session.scalar(
        select(ProcessedEvent.event_id).where(ProcessedEvent.event_id == event_id)
    )
    return found is not None


def record(session: Session, event_id: str, now: datetime) -> None:
    """Mark an event as handled; commits with the work (a duplicate insert then fails)."""
    session.add(ProcessedEvent(event_id=event_id, processed_at=now))


def expire(session: Session, now: datetime) -> int:
    """Forget ids older than KEEP_FOR; returns how many were removed."""
    result = session.execute(
        delete(ProcessedEvent).where(ProcessedEvent.processed_at < now - KEEP_FOR)
    )
    return int(getattr(result, "rowcount", 0) or 0)
