"""The repository's bulk writes for a sync (repo.py holds the rest of meetings' SQL):
rows that two syncs may write at once, as colleagues' feeds share meetings.

Each write is one INSERT ... ON CONFLICT. A sync that meets a row another sync inserted
and has not committed yet waits for that commit, then skips or updates the row, where a
plain INSERT failed the whole sync with an IntegrityError (lost until the next poll).

Meetings are compared with what is stored before anything is written: a row whose values
are the same is not written (nor locked), so colleagues' syncs of a shared meeting that did
not change never wait for each other on it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Delete,
    Insert,
    Select,
    Table,
    Text,
    bindparam,
    cast,
    delete,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.base import Base, table
from bot.db.inserts import insert_new
from bot.db.lists import one_of
from bot.meetings.model import MeetingKey
from bot.meetings.tables import Meeting, MeetingAttendee

# Rows per multi-row INSERT: 17 columns a meeting make 3,400 parameters, well under the
# limits (SQLite 32,766, PostgreSQL 65,535).
ROWS_PER_INSERT = 200
SERIES_PER_SELECT = 500  # series keys per IN (...) list
IDS_PER_SELECT = 500  # meeting ids per IN (...) list

# What a sync writes of a meeting besides its key (series_key, slot); `updated_at` is when
# a sync last changed the others, so it is not compared.
MEETING_VALUES = (
    "title",
    "starts_at",
    "ends_at",
    "sequence",
    "organizer_email",
    "organizer_id",
    "people",
    "is_recurring",
    "is_private",
    "has_agenda",
    "agenda_reason",
    "exemption",
    "minutes",
    "flags",
)
_WRITTEN = (*MEETING_VALUES, "updated_at")
_WRITE_COLUMNS = ("series_key", "slot", *_WRITTEN)


def insert_new_rows(
    session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]], keys: Sequence[str]
) -> None:
    """Insert the rows whose `keys` are not taken yet, skipping the others."""
    # Sorted by key, two syncs lock the rows they share in the same order: neither can end
    # up waiting for a row the other one holds while it holds one the first wants.
    ordered = sorted(rows, key=itemgetter(*keys))
    if not ordered:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        columns = tuple(ordered[0])
        statement = _insert_new_given(table(model), columns, tuple(keys))
        connection.execute(statement, _as_json(ordered, columns))
        return
    for start in range(0, len(ordered), ROWS_PER_INSERT):
        insert_new(session, table(model), ordered[start : start + ROWS_PER_INSERT], keys)


def stored_meetings(
    session: Session, keys: set[MeetingKey]
) -> dict[MeetingKey, tuple[int, tuple[Any, ...]]]:
    """The stored meetings among these keys, whichever sync inserted them: each one's id and
    MEETING_VALUES."""
    found: dict[MeetingKey, tuple[int, tuple[Any, ...]]] = {}
    series = sorted({name for name, _slot in keys})
    connection = session.connection()
    for start in range(0, len(series), SERIES_PER_SELECT):
        names = series[start : start + SERIES_PER_SELECT]
        statement = _stored_statement(connection.dialect.name)
        for row in connection.execute(statement, {"names": names}):
            key = (row[1], row[2])
            if key in keys:
                found[key] = (row[0], tuple(row[3:]))
    return found


def write_meetings(
    session: Session, rows: Mapping[MeetingKey, Mapping[str, Any]]
) -> dict[MeetingKey, int]:
    """Insert these meetings, or update the stored ones whose SEQUENCE is not newer; the ids
    of the rows written.

    A row not written is one whose stored SEQUENCE is newer: another feed wrote a newer
    version of the meeting, maybe while this sync ran (the statement checks the row as
    committed, not as this sync read it).
    """
    if not rows:
        return {}
    connection = session.connection()
    statement = _write_statement(connection.dialect.name)
    # Sorted by key: two syncs lock the rows they share in the same order.
    ordered = [
        {"series_key": name, "slot": slot, **rows[name, slot]} for name, slot in sorted(rows)
    ]
    batches: list[Any]
    if connection.dialect.name == "postgresql":
        batches = [_as_json(ordered, _WRITE_COLUMNS)]  # one statement
    else:
        batches = [
            ordered[start : start + ROWS_PER_INSERT]
            for start in range(0, len(ordered), ROWS_PER_INSERT)
        ]
    written: dict[MeetingKey, int] = {}
    for batch in batches:
        for meeting_id, name, slot in connection.execute(statement, batch):
            written[name, slot] = meeting_id
    return written


def stored_attendees(session: Session, meeting_ids: set[int]) -> set[tuple[int, str]]:
    """The (meeting id, user id) attendee rows of these meetings."""
    found: set[tuple[int, str]] = set()
    ordered = sorted(meeting_ids)
    connection = session.connection()
    for start in range(0, len(ordered), IDS_PER_SELECT):
        chunk = ordered[start : start + IDS_PER_SELECT]
        found.update(
            (meeting_id, user_id)
            for meeting_id, user_id in connection.execute(
                _attendees_statement(connection.dialect.name), {"ids": chunk}
            )
        )
    return found


def delete_attendees(session: Session, pairs: set[tuple[int, str]]) -> None:
    """Delete these (meeting id, user id) attendee rows, in key order."""
    if pairs:
        session.connection().execute(
            _delete_attendee_statement(),
            [{"meeting": meeting_id, "user": user_id} for meeting_id, user_id in sorted(pairs)],
        )


# Statements are built once: building one costs more than running it once compiled.


@cache
def _stored_statement(dialect: str) -> Select[Any]:
    meetings = table(Meeting)
    columns = [meetings.c[name] for name in ("id", "series_key", "slot", *MEETING_VALUES)]
    return select(*columns).where(one_of(meetings.c.series_key, "names", dialect))


def _given_rows(target: Table, columns: Sequence[str]) -> Select[Any]:
    """PostgreSQL: the rows given as one JSON array (the `rows` parameter), typed by the
    target table's own columns.

    One parameter whatever the number of rows: a multi-row VALUES list has one a value, and
    psycopg converts the placeholders of a statement that long anew each time. JSON rather
    than an array a column: json.dumps is C, where psycopg dumps arrays element by element
    in Python (a tenth of the syncing process's time in bench/calendar_sync.py).
    """
    given = (
        func.json_populate_recordset(
            literal_column(f"NULL::{target.name}"), cast(bindparam("rows", type_=Text()), JSON)
        )
        .table_valued(*columns)
        .alias("given")
    )
    return select(*[given.c[name] for name in columns])


def _as_json(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> dict[str, str]:
    """The `rows` parameter of a _given_rows statement."""
    document = [{name: row[name] for name in columns} for row in rows]
    return {"rows": json.dumps(document, default=_json_value, separators=(",", ":"))}


def _json_value(value: object) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise TypeError("naive datetime")  # UTCDateTime refuses these too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a column value")


@cache
def _insert_new_given(target: Table, columns: tuple[str, ...], keys: tuple[str, ...]) -> Insert:
    return (
        postgresql.insert(target)
        .from_select(list(columns), _given_rows(target, columns))
        .on_conflict_do_nothing(index_elements=list(keys))
    )


@cache
def _write_statement(dialect: str) -> Insert:
    meetings = table(Meeting)
    insert: postgresql.Insert | sqlite.Insert
    if dialect == "postgresql":
        source = _given_rows(meetings, _WRITE_COLUMNS)
        insert = postgresql.insert(meetings).from_select(list(_WRITE_COLUMNS), source)
    else:
        insert = sqlite.insert(meetings)
    return insert.on_conflict_do_update(
        index_elements=["series_key", "slot"],
        set_={name: insert.excluded[name] for name in _WRITTEN},
        where=meetings.c.sequence <= insert.excluded.sequence,
    ).returning(meetings.c.id, meetings.c.series_key, meetings.c.slot)


@cache
def _attendees_statement(dialect: str) -> Select[Any]:
    attendees = table(MeetingAttendee)
    return select(attendees.c.meeting_id, attendees.c.user_id).where(
        one_of(attendees.c.meeting_id, "ids", dialect)
    )


@cache
def _delete_attendee_statement() -> Delete:
    attendees = table(MeetingAttendee)
    return delete(attendees).where(
        attendees.c.meeting_id == bindparam("meeting"), attendees.c.user_id == bindparam("user")
    )
