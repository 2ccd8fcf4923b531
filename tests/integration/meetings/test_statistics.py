"""The meeting tables' planner statistics are refreshed once they have grown a lot."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from sqlalchemy import Engine, text

from bot.db.uow import UnitOfWork
from bot.meetings.statistics import refresh_if_stale
from bot.meetings.store import store_meetings
from tests.integration.meetings.occurrences import add_feeds, occurrence

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ALICE = "U0ALICE"


_LIVE_ROWS = (
    "SELECT n_live_tup FROM pg_stat_user_tables "
    "WHERE schemaname = current_schema() AND relname = 'meetings'"
)
# The row count the planner's statistics of `meetings` hold (-1: never analysed).
_COUNTED_ROWS = (
    "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relname = 'meetings'"
)


def _rows(uow: UnitOfWork, query: str) -> float:
    with uow() as session:
        found = session.scalar(text(query))
    return float(found if found is not None else -1)


def test_grown_tables_are_analysed_once(uow: UnitOfWork, engine: Engine) -> None:
    add_feeds(uow, [ALICE], NOW)
    if engine.dialect.name == "postgresql":
        # PostgreSQL's autovacuum may analyse the table on its own first (seen once in CI),
        # which would take away the stale statistics this test starts from.
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE meetings SET (autovacuum_enabled = false)"))
    meetings = [occurrence(f"bulk-{n}@acme.test", day=1 + n % 28) for n in range(1500)]
    with uow() as session:
        store_meetings(session, ALICE, meetings, "UTC", NOW, {})
    if engine.dialect.name != "postgresql":
        assert refresh_if_stale(uow) == []  # SQLite keeps no such statistics
        return
    # Backends report their row counts to the statistics a moment after they commit.
    deadline = time.monotonic() + 10
    while _rows(uow, _LIVE_ROWS) < 1500 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _rows(uow, _COUNTED_ROWS) < 1500
    assert "meetings" in refresh_if_stale(uow)
    assert _rows(uow, _COUNTED_ROWS) == 1500
    assert "meetings" not in refresh_if_stale(uow)
