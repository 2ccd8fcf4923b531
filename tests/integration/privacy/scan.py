"""Reading every row of every table, and finding the rows that mention someone.

The tables come from the metadata, so a table added later is scanned without editing this.
Encrypted columns are scanned decrypted as well: a secret must not survive inside one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.connect.crypto import TokenCipher
from bot.db.registry import metadata
from bot.db.uow import UnitOfWork
from bot.privacy.model import Personal, personal
from tests.integration.privacy.world import KEY

Rows = dict[str, list[dict[str, Any]]]
DECRYPTED = " (decrypted)"


def all_rows(uow: UnitOfWork) -> Rows:
    """Every row of every table in the metadata, as column -> value."""
    with uow() as session:
        return {
            table.name: [dict(row) for row in session.execute(select(table)).mappings()]
            for table in metadata.sorted_tables
        }


def _readable(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with each encrypted column's plain text beside it."""
    policy = {p.table: p for p in personal()}.get(table)
    readable = dict(row)
    if isinstance(policy, Personal):
        cipher = TokenCipher(KEY)
        for column in policy.secret:
            if row.get(column):
                readable[column + DECRYPTED] = cipher.decrypt(row[column])
    return readable


@dataclass(frozen=True)
class Hit:
    """A row that mentions someone, and the columns that do."""

    table: str
    row: dict[str, Any]
    columns: tuple[str, ...]


def hits(rows: Rows, needles: Iterable[str]) -> list[Hit]:
    """The rows in which any of the needles appears (case-insensitively), column by column."""
    wanted = [needle.casefold() for needle in needles]
    found = []
    for table, table_rows in rows.items():
        for row in table_rows:
            columns = tuple(
                column.removesuffix(DECRYPTED)
                for column, value in _readable(table, row).items()
                if value is not None and any(n in str(value).casefold() for n in wanted)
            )
            if columns:
                found.append(Hit(table, row, columns))
    return found


def key(table: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    """The row's primary key."""
    return tuple(row[column.name] for column in metadata.tables[table].primary_key.columns)


def frozen(rows: Rows, tables: Iterable[str] | None = None) -> set[tuple[str, tuple[Any, ...]]]:
    """The rows as a set of (table, values), to compare two moments."""
    names = set(rows) if tables is None else set(tables)
    return {
        (table, tuple(sorted(row.items())))
        for table, table_rows in rows.items()
        if table in names
        for row in table_rows
    }
