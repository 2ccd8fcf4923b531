"""Keeping PostgreSQL's statistics of the meeting tables up to date during a big sync.

The planner picks index or full scans from its statistics of a table. Autovacuum refreshes
them once a table has changed by a tenth, but looks at most once a minute: during the first
sync of a workspace, or of many new feeds, the meeting tables grow from nothing to hundreds
of thousands of rows on statistics that say they are nearly empty, and every read by key
("these series", "these meetings' attendees") became a full scan: 10 ms a read at 150,000
meetings, nearly half the database's statement time in bench/calendar_sync.py.

Here: which tables and columns, and when; the statements are repo.analyze_stale's.
"""

from __future__ import annotations

import logging

from bot.db.uow import UnitOfWork
from bot.meetings import repo

log = logging.getLogger(__name__)

# The columns a sync reads these tables by. ANALYZE of these alone also refreshes the
# table's size, which is what turned key reads into full scans, and costs a fraction of a
# whole-table ANALYZE (bench/calendar_sync.py: six of meetings took 1.1 s of the
# database's 12). The other columns' statistics are autovacuum's, as before.
TABLES = {
    "meetings": "series_key",
    "meeting_sightings": "user_id, meeting_id",
    "meeting_attendees": "meeting_id",
}
# A table is analysed again once it has grown by this many rows plus this share of the
# rows its statistics counted. Growth, not n_mod_since_analyze: an ANALYZE of some columns
# leaves that counter for autovacuum, but updates the row count (pg_class.reltuples).
_CHANGED_ROWS = 1000
_CHANGED_SHARE = 0.2


def refresh_if_stale(uow: UnitOfWork) -> list[str]:
    """ANALYZE the meeting tables that changed a lot since their statistics were taken
    (PostgreSQL only; SQLite plans without them); the tables analysed. A failure is logged,
    never raised: the sync is right without it, only slower."""
    try:
        return _refresh(uow)
    except Exception:
        log.warning("could not refresh the meeting tables' statistics", exc_info=True)
        return []


def _refresh(uow: UnitOfWork) -> list[str]:
    with uow() as session:
        stale = repo.analyze_stale(session, TABLES, _CHANGED_ROWS, _CHANGED_SHARE)
    if stale:
        log.info("refreshed the planner's statistics of %s", ", ".join(stale))
    return stale
