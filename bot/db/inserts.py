"""INSERT … ON CONFLICT DO NOTHING on both backends: the row goes in unless its key is taken."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_new(
    session: Session, target: Table, rows: Sequence[Mapping[str, Any]], keys: Sequence[str]
) -> int:
    """Insert rows whose unique `keys` are free, in the session's transaction; how many went in.

    A concurrent transaction inserting the same key makes this one wait, then skip the row,
    so two replicas (or a retry) never fail on, or duplicate, a row.
    """
    if not rows:
        return 0
    connection = session.connection()
    statement = _insert_new_statement(connection.dialect.name, target, tuple(keys))
    # One statement with a list of parameter sets: SQLAlchemy batches them into multi-row
    # INSERTs ("insertmanyvalues") from one cached compilation, where .values(rows) would
    # compile a new statement for every batch. Counted from RETURNING, as psycopg reports
    # no rowcount for a batched INSERT.
    returned = connection.execute(statement, [dict(row) for row in rows])
    return len(returned.all())


@cache
def _insert_new_statement(dialect: str, target: Table, keys: tuple[str, ...]) -> Insert:
    # Kept: building the statement costs more than running it once compiled (a hot path
    # stores held mentions with it).
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(target)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(target.c[keys[0]])
    )


def rows_changed(result: object) -> int:
    """How many rows an UPDATE or DELETE through a Session touched (Session.execute's
    Result type hides the rowcount its cursor result has)."""
    return int(getattr(result, "rowcount", 0) or 0)


def upsert(
    session: Session,
    target: Table,
    rows: Sequence[Mapping[str, Any]],
    keys: Sequence[str],
    updated: Sequence[str],
) -> None:
    """Insert rows, or update the `updated` columns of those whose `keys` are taken: safe
    when two transactions write the same key at once."""
    if not rows:
        return
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(target)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in updated}
    )
    # Sorted by key: two transactions lock the rows they share in the same order.
    ordered = sorted(rows, key=lambda row: tuple(row[k] for k in keys))
    session.connection().execute(statement, [dict(row) for row in ordered])
