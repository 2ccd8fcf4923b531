"""Waiting until a PostgreSQL backend waits on another transaction's lock: how the race tests
show that the second of two writers really met the first one's uncommitted row."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, text

WAIT_SECONDS = 15.0


def until_blocked(engine: Engine, pid: int, meets_at: str, wait: float = WAIT_SECONDS) -> None:
    """Wait until backend `pid` waits on another transaction's lock in a statement starting
    with `meets_at`; fail the test if it never does within `wait` seconds."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        # One transaction per look: pg_stat_activity is a snapshot for a whole transaction.
        with engine.connect() as watcher:
            query = watcher.execute(
                text(
                    "SELECT query FROM pg_stat_activity "
                    "WHERE pid = :pid AND cardinality(pg_blocking_pids(pid)) > 0"
                ),
                {"pid": pid},
            ).scalar()
        if query is not None:
            assert query.startswith(meets_at), f"B waits in {query!r}, not {meets_at!r}"
            return
        time.sleep(0.02)
    pytest.fail(f"B never waited on A's uncommitted {meets_at!r}")
