"""Inserting rows that two syncs may insert at once: colleagues' feeds share meetings.

Each insert is INSERT ... ON CONFLICT DO NOTHING. A sync that meets a row another sync
inserted and has not committed yet waits for that commit, then skips the row, where a
plain INSERT failed the whole sync with an IntegrityError (lost until the next poll).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.base import Base, table
from bot.db.inserts import insert_new
from bot.meetings.model import MeetingKey
from bot.meetings.tables import Meeting

# Rows per multi-row INSERT: 17 columns a meeting make 3,400 parameters, well under the
# limits (SQLite 32,766, PostgreSQL 65,535).
ROWS_PER_INSERT = 200
SERIES_PER_SELECT = 500  # series keys per IN (...) list


def insert_new_rows(
    session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]], keys: Sequence[str]
) -> None:
    """Insert the rows whose `keys` are not taken yet, skipping the others."""
    # Sorted by key, two syncs lock the rows they share in the same order: neither can end
    # up waiting for a row the other one holds while it holds one the first wants.
    ordered = sorted(rows, key=lambda row: tuple(row[k] for k in keys))
    for start in range(0, len(ordered), ROWS_PER_INSERT):
        insert_new(session, table(model), ordered[start : start + ROWS_PER_INSERT], keys)


def insert_meetings(session: Session, fields: Mapping[MeetingKey, Mapping[str, Any]]) -> None:
    """Insert these meetings, but not those whose series and slot are taken already."""
    rows = [{"series_key": name, "slot": slot, **row} for (name, slot), row in fields.items()]
    insert_new_rows(session, Meeting, rows, ["series_key", "slot"])


def stored_meetings(session: Session, keys: set[MeetingKey]) -> dict[MeetingKey, Meeting]:
    """The stored meetings among these keys, whichever sync inserted them."""
    found: dict[MeetingKey, Meeting] = {}
    series = sorted({name for name, _slot in keys})
    for start in range(0, len(series), SERIES_PER_SELECT):
        names = series[start : start + SERIES_PER_SELECT]
        for row in session.scalars(select(Meeting).where(Meeting.series_key.in_(names))):
            if (row.series_key, row.slot) in keys:
                found[(row.series_key, row.slot)] = row
    return found
