"""Durable Slack `event_id` dedupe: a retried event is acknowledged but not handled twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db.base import Base, UTCDateTime, table

if TYPE_CHECKING:  # uow.py imports this module to record event ids
    from bot.db.uow import UnitOfWork

# Slack retries an event at most three times within about an hour; a day leaves a wide margin
# for a bot that was down while the retries came in.
KEEP_FOR = timedelta(days=1)


class ProcessedEvent(Base):
    """An Events API `event_id` whose effects are committed."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def _record_statement(insert: Callable[[Table], Any]) -> Any:
    events = table(ProcessedEvent)
    return (
        insert(events)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(events.c.event_id)
    )


# Built once: every event that holds a mention records its id, and building costs more than
# running the cached statement.
_RECORD_POSTGRES = _record_statement(postgresql.insert)
_RECORD_SQLITE = _record_statement(sqlite.insert)


def already_processed(session: Session, event_id: str) -> bool:
    """Whether this event's effects were committed before."""
    found = session.scalar(
        select(ProcessedEvent.event_id).where(ProcessedEvent.event_id == event_id)
    )
    return found is not None


class AlreadyHandled(Exception):  # noqa: N818 - a signal, not a failure
    """This event's effects are already stored; the delivery is a retry."""


def record(session: Session, event_id: str, now: datetime) -> None:
    """Mark an event as handled, first thing in its transaction.

    The insert takes the id's row lock, so a retry arriving while the first delivery is
    still being handled waits for it, then finds the id and is acknowledged as a duplicate.
    """
    # Core on the session's connection: the same transaction, without the ORM's bulk path.
    connection = session.connection()
    statement = _RECORD_POSTGRES if connection.dialect.name == "postgresql" else _RECORD_SQLITE
    inserted = connection.execute(statement, {"event_id": event_id, "processed_at": now}).first()
    if inserted is None:
        raise AlreadyHandled(event_id)


def expire(session: Session, now: datetime) -> int:
    """Forget ids older than KEEP_FOR; returns how many were removed."""
    result = session.execute(
        delete(ProcessedEvent).where(ProcessedEvent.processed_at < now - KEEP_FOR)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def expire_event_ids(uow: UnitOfWork, now: datetime) -> None:
    """Forget Slack event ids old enough that no retry can come, in one transaction."""
    with uow() as session:
        expire(session, now)
