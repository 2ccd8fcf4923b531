"""Loading and saving connections. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.connect.tables import UserConnection


def get(session: Session, user_id: str) -> UserConnection | None:
    """The person's connection, if they connected."""
    return session.get(UserConnection, user_id)


def is_connected(session: Session, user_id: str) -> bool:
    """Whether Kairos holds a user token for this person."""
    found = session.scalar(select(UserConnection.user_id).where(UserConnection.user_id == user_id))
    return found is not None


def save(
    session: Session, user_id: str, token_encrypted: str, scopes: str, now: datetime
) -> UserConnection:
    """Store a new token, or replace the token of someone who connects again.

    What Kairos set on Slack (status, snooze) is kept: reconnecting mid-focus must still
    give the person their own status back at the end.
    """
    connection = get(session, user_id)
    if connection is None:
        connection = UserConnection(user_id=user_id, snoozing=False)
        session.add(connection)
    connection.token_encrypted = token_encrypted
    connection.scopes = scopes
    connection.connected_at = now
    connection.next_change_at = now
    return connection


def remove(session: Session, user_id: str) -> bool:
    """Forget the person's connection; returns whether there was one."""
    result = session.execute(delete(UserConnection).where(UserConnection.user_id == user_id))
    return bool(getattr(result, "rowcount", 0))


def due(session: Session, now: datetime, limit: int) -> list[str]:
    """Connected people whose focus may have started or ended, most overdue first."""
    return list(
        session.scalars(
            select(UserConnection.user_id)
            .where(UserConnection.next_change_at.is_not(None), UserConnection.next_change_at <= now)
            .order_by(UserConnection.next_change_at, UserConnection.user_id)
            .limit(limit)
        )
    )
