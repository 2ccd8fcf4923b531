"""One unit of work per request or job: the only place that commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.db import dedupe


class UnitOfWork:
    """Opens a session, commits when the block succeeds, rolls back when it raises.

    Given a Slack `event_id`, it records the id in the same transaction as the work, so an
    event is marked as handled exactly when its effects are stored: a crash in between
    leaves neither, and Slack's retry is processed again. A retry of an event already
    handled raises dedupe.AlreadyHandled before any work is done.
    """

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock) -> None:
        self._session_factory = session_factory
        self._clock = clock
        bind = session_factory.kw["bind"]
        # Shares the engine's pool; SQLAlchemy switches a connection to autocommit while
        # it is checked out this way.
        self._autocommit_engine: Engine = bind.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def __call__(self, *, event_id: str | None = None) -> Iterator[Session]:
        """A session whose work is committed as one transaction."""
        with self._session_factory() as session, session.begin():
            if event_id:
                dedupe.record(session, event_id, self._clock.now())
            yield session

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection in autocommit: every statement is a transaction of its own, with no
        BEGIN and COMMIT round trips. For the hot path's Core reads, and for a write that is
        one statement, atomic on its own; anything that writes twice belongs in __call__.
        A Connection, not a Session: the ORM's bookkeeping would cost more than the read."""
        with self._autocommit_engine.connect() as connection:
            yield connection
