"""`column IN (a list given as one parameter)`, the same query text whatever the list's length.

An expanding IN renders one placeholder a value, so each list length is a new query: psycopg
converts its text anew, and PostgreSQL parses and plans it anew. On PostgreSQL the list goes
as one JSON array instead (json.dumps is C), which psycopg converts once and, being the same
statement each time, prepares; SQLite keeps the expanding IN, which costs it nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import JSON, ColumnElement, Dialect, Text, bindparam, cast, func, select
from sqlalchemy.types import TypeDecorator


class _JsonList(TypeDecorator[Sequence[Any]]):
    """A list parameter sent as the text of a JSON array."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Sequence[Any] | None, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(list(value), separators=(",", ":"))


def one_of(column: ColumnElement[Any], name: str, dialect: str) -> ColumnElement[bool]:
    """`column IN` the list passed as parameter `name`, for statements built for `dialect`."""
    if dialect != "postgresql":
        return column.in_(bindparam(name, expanding=True))
    values = func.json_array_elements_text(cast(bindparam(name, type_=_JsonList()), JSON))
    return column.in_(select(cast(values, column.type)))


T = TypeVar("T")
# Values per expanding IN (...) list: well inside SQLite's and PostgreSQL's parameter limits.
IN_LIST_SIZE = 500


def in_batches(values: Sequence[T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[T]]:
    """values in slices of at most size, in order, for statements with an IN (...) list."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
