"""PostgreSQL for a benchmark: the server at BENCH_DATABASE_URL, else a throwaway one."""

from __future__ import annotations

import os

from sqlalchemy import text
from sqlalchemy.orm import Session

from tests.support.postgres import PostgresServer, start_throwaway_server


def postgres() -> tuple[str, str, PostgresServer | None]:
    """(the server's URL, where it runs for the report, the throwaway server to stop or None)."""
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        return given, "BENCH_DATABASE_URL", None
    server = start_throwaway_server()
    if server is None:
        raise SystemExit("needs PostgreSQL: set BENCH_DATABASE_URL or install the server")
    return server.url, "throwaway server", server


def version_and_fsync(session: Session) -> tuple[str | None, str | None]:
    """The server's version, and whether it syncs writes to disk (a throwaway one does not)."""
    return session.scalar(text("SHOW server_version")), session.scalar(text("SHOW fsync"))
