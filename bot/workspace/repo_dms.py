"""Kairos's DM channel with each person (dm_channels): read, and remembered once. Each
function is one statement on a Connection, for a unit of work in autocommit; none commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, exists, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.db.base import UTCDateTime, table
from bot.db.lists import in_batches
from bot.focus.tables import SLACK_ID, Person
from bot.workspace.tables import DmChannel

_DMS = table(DmChannel)
_PEOPLE = table(Person)


def channel_of(connection: Connection, user_id: str) -> str | None:
    """The person's remembered DM channel id, or None."""
    return connection.scalar(select(_DMS.c.channel_id).where(_DMS.c.user_id == user_id))


def channels_of(connection: Connection, user_ids: Sequence[str]) -> dict[str, str]:
    """The remembered DM channel ids of those of these people who have one."""
    found: dict[str, str] = {}
    for chunk in in_batches(sorted(set(user_ids))):
        query = select(_DMS.c.user_id, _DMS.c.channel_id).where(_DMS.c.user_id.in_(chunk))
        found.update((user_id, channel_id) for user_id, channel_id in connection.execute(query))
    return found


def remember(connection: Connection, user_id: str, channel_id: str, now: datetime) -> bool:
    """Keep the person's DM channel id unless one is kept already; whether it went in.

    Only for someone Kairos keeps a schedule for (a `people` row): their digests are the
    DMs that come in bursts. Anyone else's DM channel stays in memory only, so that a DM
    sent after forget-me (its confirmation) does not store a row about the person again.
    """
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    person = exists().where(_PEOPLE.c.user_id == user_id)
    values = select(
        literal(user_id, SLACK_ID), literal(channel_id, SLACK_ID), literal(now, UTCDateTime())
    ).where(person)
    statement = (
        insert(_DMS)
        .from_select(["user_id", "channel_id", "opened_at"], values)
        .on_conflict_do_nothing(index_elements=["user_id"])
        .returning(_DMS.c.user_id)
    )
    # Told by RETURNING: psycopg gives -1 as the rowcount of this INSERT ... SELECT.
    return connection.execute(statement).first() is not None
