"""The DmChannels store (bot/ports.py) on the database: what the Slack gateway remembers of
Kairos's DM conversations, so a restart or another replica does not open them again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from bot.background import BackgroundWork
from bot.clock import Clock
from bot.db.uow import UnitOfWork
from bot.workspace import repo_dms

log = logging.getLogger(__name__)

# How long drain() waits for the writes queued before it.
DRAIN_SECONDS = 30.0


class StoredDmChannels:
    """DM channel ids in `dm_channels`, each read or write one statement in its own unit of
    work. A database error is logged and taken as "not remembered": the store only saves
    Slack calls, so a DM must never fail because of it (the gateway asks Slack instead).

    Writes are queued to one thread of the store's own. An urgent DM is sent inside the
    transaction that releases its mention; on SQLite a write from a second connection would
    wait for that transaction, which waits for the DM: written later, it waits for nothing.
    """

    def __init__(self, uow: UnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock
        self._writes = BackgroundWork(workers=1)

    def get(self, user_id: str) -> str | None:
        """The person's remembered DM channel id, or None."""
        try:
            with self._uow.autocommit() as connection:
                return repo_dms.channel_of(connection, user_id)
        except SQLAlchemyError as error:
            log.warning("could not read the DM channel of %s: %s", user_id, _first_line(error))
            return None

    def known(self, user_ids: Sequence[str]) -> dict[str, str]:
        """The remembered DM channel ids of those of these people who have one."""
        try:
            with self._uow.autocommit() as connection:
                return repo_dms.channels_of(connection, user_ids)
        except SQLAlchemyError as error:
            log.warning("could not read %d DM channels: %s", len(user_ids), _first_line(error))
            return {}

    def remember(self, user_id: str, channel_id: str) -> None:
        """Keep the DM channel id, for someone Kairos keeps a schedule for (repo_dms); the
        write is queued, so this returns at once."""
        now = self._clock.now()
        try:
            self._writes.submit(lambda: self._write(user_id, channel_id, now))
        except RuntimeError:  # closed: Kairos is stopping, and the next start opens it again
            log.info("not keeping the DM channel of %s: stopping", user_id)

    def drain(self) -> None:
        """Wait until the writes queued so far are done (one thread: they go in order)."""
        done = threading.Event()
        self._writes.submit(done.set)
        done.wait(DRAIN_SECONDS)

    def close(self) -> None:
        """Finish the queued writes, then stop the store's thread."""
        self._writes.shutdown()

    def _write(self, user_id: str, channel_id: str, now: datetime) -> None:
        try:
            with self._uow.autocommit() as connection:
                repo_dms.remember(connection, user_id, channel_id, now)
        except SQLAlchemyError as error:
            log.warning("could not keep the DM channel of %s: %s", user_id, _first_line(error))


def _first_line(error: Exception) -> str:
    # SQLAlchemy's messages go on with the statement and its parameters over several lines.
    return str(error).splitlines()[0] if str(error) else type(error).__name__
