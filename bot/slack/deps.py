"""What listeners are handed by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.db.uow import UnitOfWork


@dataclass(frozen=True)
class Deps:
    """Services and infrastructure shared by the Slack listeners."""

    uow: UnitOfWork
    clock: Clock
