"""The sweepers the scheduler runs: thin, each calls one service function."""

from __future__ import annotations

from bot.scheduler import Sweeper
from bot.slack import dedupe


def foundation_sweepers() -> list[Sweeper]:
    """Periodic housekeeping every installation needs."""
    return [Sweeper("expire processed event ids", dedupe.expire)]
