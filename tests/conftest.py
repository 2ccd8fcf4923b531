"""Shared fixtures: databases on SQLite and a real PostgreSQL server, clocks, units of work.

PostgreSQL comes from TEST_DATABASE_URL when set (its Kairos tables are emptied between
tests), else from a throwaway server started here when the binaries are installed. Set
KAIROS_REQUIRE_POSTGRES=1 (as .ci/run does) to fail instead of skipping without one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.clock import FakeClock
from bot.db import migrate
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.settings import normalize_database_url
from tests.support import databases
from tests.support.feeds import FeedServer
from tests.support.postgres import PostgresServer, start_throwaway_server

BACKENDS = ["sqlite", "postgresql"]


def _postgres_required() -> bool:
    return os.environ.get("KAIROS_REQUIRE_POSTGRES", "") not in ("", "0", "false")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """URL of a migrated PostgreSQL test database, or None when none can be had."""
    server: PostgresServer | None = None
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        url = normalize_database_url(given)
    else:
        server = start_throwaway_server()
        if server is None:
            if _postgres_required():
                pytest.fail(
                    "KAIROS_REQUIRE_POSTGRES is set but there is no TEST_DATABASE_URL and no "
                    "PostgreSQL server binaries (initdb, pg_ctl) to start one"
                )
            yield None
            return
        url = server.url
    migrate.upgrade(url)
    try:
        yield url
    finally:
        if server is not None:
            server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that tests copy."""
    return databases.migrated_sqlite_template(tmp_path_factory.mktemp("template"))


def _need_postgres(postgres_url: str | None) -> str:
    if postgres_url is None:
        pytest.skip("no PostgreSQL available (set TEST_DATABASE_URL or install the server)")
    return postgres_url


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
) -> Iterator[str]:
    """A migrated, empty database for one test, on each backend."""
    if request.param == "sqlite":
        yield databases.fresh_sqlite(sqlite_template, tmp_path)
        return
    url = _need_postgres(request.getfixturevalue("postgres_url"))
    databases.truncate_all(url)
    try:
        yield url
    finally:
        databases.truncate_all(url)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, on each backend (for migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = _need_postgres(request.getfixturevalue("postgres_url"))
    schema_url = databases.create_schema(url)
    try:
        yield schema_url
    finally:
        databases.drop_schema(url, schema_url)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the test database."""
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at a fixed Monday morning (UTC)."""
    return FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


@pytest.fixture
def uow(engine: Engine, clock: FakeClock) -> UnitOfWork:
    """The real unit of work on the test database."""
    return UnitOfWork(make_session_factory(engine), clock)


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    """A calendar feed server on loopback; a test sets its routes."""
    server = FeedServer()
    server.start()
    yield server
    server.stop()
