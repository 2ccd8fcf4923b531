"""The sweepers the scheduler runs: thin, each calls one service function."""

from __future__ import annotations

from datetime import datetime

from bot.db.uow import UnitOfWork
from bot.scheduler import Sweeper
from bot.slack import dedupe


def expire_event_ids(uow: UnitOfWork, now: datetime) -> None:
    """Forget Slack event ids old enough that no retry can come."""
    with uow() as session:
        dedupe.expire(session, now)


def foundation_sweepers() -> list[Sweeper]:
    """Periodic housekeeping every installation needs."""
    return [Sweeper("expire processed event ids", expire_event_ids)]
