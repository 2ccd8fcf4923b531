"""Engine creation with the per-backend settings Kairos relies on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

# Health checks and requests must not hang on an unreachable server.
CONNECT_TIMEOUT_SECONDS = 5
# A server behind a network partition never answers and never refuses: without these, a
# statement sent to it waits for the kernel's retransmissions to give up (about 15 minutes),
# holding its thread and connection. Sent data unacknowledged for 30 s, or an idle
# connection silent to keepalives for a minute, ends the connection with an error instead.
# (A frozen but reachable server still acknowledges packets: requests are protected from
# that by their deadline in bot/slack/dispatch.py, not here.)
TCP_OPTIONS = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,  # milliseconds
}
# Kept open: up to 32 listeners run at once (bot/slack/dispatch.py WORKERS), plus the
# scheduler, background work and the health probe. An overflow connection is closed after
# use, and opening one makes PostgreSQL start a backend process, so the pool is sized for
# the usual concurrency. The 52 in all cover every thread that may hold one at once: the
# listeners' 32, a sweep's 8 fan-out workers (bot/fanout.py WORKERS, one connection each at
# a time), the calendar sync's 4 (bot/meetings/service.py SYNC_WORKERS), the background
# pool's 4, the scheduler's two runners and the health probe. So a 09:00 fan-out of digests
# never makes a listener wait at checkout, nor waits itself (tests/unit/test_fanout.py adds
# them up); pool_timeout only bounds a wait beyond that.
POOL_SIZE = 20
POOL_OVERFLOW = 32


def make_engine(database_url: str, *, pool_size: int = POOL_SIZE) -> Engine:
    """Create an engine for a normalised database URL (see settings.normalize_database_url).

    hide_parameters: a database error's text (logged with its traceback by a sweeper or
    the error handler) would otherwise carry the statement's values, message text and
    encrypted addresses among them.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        # A file's pool is as large as PostgreSQL's (SQLAlchemy's default is 5 + 10), for the
        # same threads; an in-memory database has one connection per thread instead.
        in_file = url.database not in (None, "", ":memory:")
        pool = {"pool_size": pool_size, "max_overflow": POOL_OVERFLOW} if in_file else {}
        engine = create_engine(
            url,
            connect_args={"timeout": 15, "check_same_thread": False},
            hide_parameters=True,
            **pool,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    # No pool_pre_ping: it costs a round trip on every checkout, a fifth of a held
    # mention's database time. After a database restart, the first statement on a stale
    # connection fails, SQLAlchemy then discards every pooled connection, and that request
    # answers 500, which Slack retries; pool_recycle retires connections a proxy might drop.
    return create_engine(
        url,
        hide_parameters=True,
        pool_recycle=1800,
        pool_size=pool_size,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=10,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS, **TCP_OPTIONS},
    )


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # WAL lets the health check and the scheduler read while a request writes; foreign keys
    # are off by default in SQLite; a busy timeout waits for a writer instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so replies can be built from them."""
    return sessionmaker(engine, expire_on_commit=False)


def database_answers(engine: Engine) -> bool:
    """Whether the database answers a trivial query (used by /healthz)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
