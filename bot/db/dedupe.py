"""Durable Slack `event_id` dedupe: a retried event is acknowledged but not handled twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import String, Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.db.base import Base, UTCDateTime, table


class ProcessedEvent(Base):
    """An Events API `event_id` whose effects are committed (kept a day: see the retention
    catalog, bot/privacy/retention.py)."""

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
