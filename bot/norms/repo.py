"""All of norms' SQL. Never commits: the caller's unit of work does."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.inserts import insert_new
from bot.norms import repo_questions
from bot.norms.model import (
    ChannelKind,
    Norms,
    ResponseKind,
    ResponseTime,
    UrgentKind,
    UrgentRoute,
)
from bot.norms.tables import ChannelNorms, NormsReceived


def _norms(row: Any) -> Norms:
    """Norms from a mapped row or a Core row of channel_norms (the same column names)."""
    response = (
        ResponseTime(ResponseKind(row.response_kind), row.response_amount or 0)
        if row.response_kind
        else None
    )
    urgent = (
        UrgentRoute(UrgentKind(row.urgent_route), row.urgent_channel_id)
        if row.urgent_route
        else None
    )
    return Norms(row.purpose, ChannelKind(row.kind), response, urgent, row.not_for)


def get(session: Session, channel_id: str) -> Norms | None:
    """The channel's norms, or None when it has none."""
    row = session.get(ChannelNorms, channel_id)
    return _norms(row) if row is not None else None


_ALL = select(*table(ChannelNorms).c)


def all_on(connection: Connection) -> dict[str, Norms]:
    """Every channel's norms, by channel (read outside a transaction)."""
    return {row.channel_id: _norms(row) for row in connection.execute(_ALL)}


def of_channels(session: Session, channel_ids: set[str] | frozenset[str]) -> dict[str, Norms]:
    """The norms of those of these channels that have them."""
    if not channel_ids:
        return {}
    rows = session.scalars(
        select(ChannelNorms).where(ChannelNorms.channel_id.in_(sorted(channel_ids)))
    )
    return {row.channel_id: _norms(row) for row in rows}


def channels_with_norms(session: Session) -> set[str]:
    """Every channel that has norms."""
    return set(session.scalars(select(ChannelNorms.channel_id)))


def put(session: Session, channel_id: str, norms: Norms, by: str, now: datetime) -> None:
    """Set the channel's norms (insert or replace)."""
    values = {
        "purpose": norms.purpose,
        "kind": norms.kind.value,
        "response_kind": norms.response.kind.value if norms.response else None,
        "response_amount": norms.response.amount if norms.response else None,
        "urgent_route": norms.urgent.kind.value if norms.urgent else None,
        "urgent_channel_id": norms.urgent.channel_id if norms.urgent else None,
        "not_for": norms.not_for,
        "updated_by": by,
        "updated_at": now,
    }
    row = session.get(ChannelNorms, channel_id)
    if row is None:
        session.add(ChannelNorms(channel_id=channel_id, **values))
        return
    for name, value in values.items():
        setattr(row, name, value)


def mark_received(session: Session, channel_id: str, user_id: str, now: datetime) -> bool:
    """Record that the person got the channel's norms; False when they had already."""
    row = {"channel_id": channel_id, "user_id": user_id, "received_at": now}
    return insert_new(session, table(NormsReceived), [row], ["channel_id", "user_id"]) == 1


def received_by(session: Session, user_id: str) -> set[str]:
    """The channels whose norms the person was sent on joining."""
    found = select(NormsReceived.channel_id).where(NormsReceived.user_id == user_id)
    return set(session.scalars(found))


def forget(session: Session, user_id: str) -> None:
    """Delete the person's received records and the questions they asked or were asked, and
    take their id off the norms they set."""
    session.execute(delete(NormsReceived).where(NormsReceived.user_id == user_id))
    repo_questions.forget(session, user_id)
    session.execute(
        update(ChannelNorms).where(ChannelNorms.updated_by == user_id).values(updated_by=None)
    )
