"""The retention sweep: delete the rows the catalog (retention.py) says have lived long enough."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.db.uow import UnitOfWork
from bot.privacy import repo_retention
from bot.privacy.retention import AGED, Periods

log = logging.getLogger(__name__)

# Rows per transaction, and transactions per kind in one pass: a pass over a large backlog
# (the first after an upgrade) stops after BATCHES_PER_PASS and the next continues it, so it
# never holds up the digests that share the sweep for long.
BATCH = 1000
BATCHES_PER_PASS = 20
# A pass deletes by the hour: nothing needs a row gone to the minute, and an idle pass is still
# a query per kind.
EVERY = timedelta(hours=1)


def enforce_retention(
    uow: UnitOfWork,
    now: datetime,
    periods: Periods,
    *,
    batch: int = BATCH,
    batches: int = BATCHES_PER_PASS,
) -> dict[str, int]:
    """Delete what has outlived its period, kind by kind; rows deleted per kind. Each batch
    of a kind is its own transaction; a kind stops after `batches` of them."""
    deleted: dict[str, int] = {}
    for kind in AGED:  # in the catalog's order: mentions before their digests, and so on
        cutoff = now - periods.of(kind)
        total = 0
        for _ in range(batches):
            with uow() as session:
                gone = repo_retention.delete_older(session, kind, cutoff, batch)
            total += gone
            if gone < batch:
                break
        deleted[kind.name] = total
    if any(deleted.values()):
        log.info(
            "retention: deleted %s",
            ", ".join(f"{count} {name}" for name, count in deleted.items() if count),
        )
    return deleted


class RetentionSweep:
    """Runs enforce_retention at most every EVERY, for the scheduler's sweep.

    When the last pass ran is kept in memory, not in a row: only the sweep lease's holder runs
    it, and a restart or a new holder costs one early pass, which is a few quick DELETEs.
    """

    def __init__(
        self,
        periods: Periods,
        *,
        every: timedelta = EVERY,
        batch: int = BATCH,
        batches: int = BATCHES_PER_PASS,
    ) -> None:
        self._periods = periods
        self._every = every
        self._batch = batch
        self._batches = batches
        self._next_at: datetime | None = None

    def __call__(self, uow: UnitOfWork, now: datetime) -> bool:
        """Delete what is due, if a pass is due; whether rows were left for the next pass."""
        if self._next_at is not None and now < self._next_at:
            return False
        # Set first: a pass that fails is tried again in an hour, not at every sweep.
        self._next_at = now + self._every
        deleted = enforce_retention(
            uow, now, self._periods, batch=self._batch, batches=self._batches
        )
        more = any(count >= self._batch * self._batches for count in deleted.values())
        if more:
            self._next_at = now
        return more
