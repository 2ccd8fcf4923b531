"""Statements run on the database driver's own connection: for the hottest paths only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection


def driver_rows(connection: Connection, sql: str, params: Mapping[str, Any]) -> list[Any]:
    """Run `sql` (in the driver's own parameter style) on the driver connection beneath
    `connection`, in whatever transaction state that connection is in; its rows, if any.

    SQLAlchemy's execution of a prepared statement costs about twice psycopg's own in CPU
    (measured for the reachability read: 171 µs against 82 µs a call). Every message event
    runs one such read, so the message hot path on PostgreSQL uses this; nothing else
    should. No type processing happens here: callers convert what they read.
    """
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None  # a Connection that is open has one
    cursor = dbapi.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []
    finally:
        cursor.close()
