"""The periodic sweep: one APScheduler job that runs every registered sweeper.

Schedules are rows in the database; a sweeper looks for rows that are due and acts on them.
With several replicas on one PostgreSQL, each runs the scheduler, and a lease row decides
which replica sweeps: the holder renews it on every run; when it stops (or dies), another
takes over once the lease has expired. Sweepers are written to be safe anyway (they claim
rows in the same transaction that acts on them), so a lease overlap costs work, not
correctness.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from apscheduler.events import EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from bot.clock import Clock
from bot.db.leases import try_acquire_lease
from bot.db.uow import UnitOfWork

log = logging.getLogger(__name__)

SWEEP_LEASE = "sweep"
CALENDAR_LEASE = "calendar-sync"


class Outcome(enum.Enum):
    """What a sweeper may return to say it stopped with work left."""

    MORE_DUE = "more due"


def more_due(done: int, what: str) -> Outcome:
    """MORE_DUE from a sweeper that fanned out and ran out of budget, with how far it got:
    the scheduler's log names only the sweeper, and at 09:00 the count is worth a line."""
    log.info("%d %s so far; more are due, so the sweep runs again at once", done, what)
    return Outcome.MORE_DUE


@dataclass(frozen=True)
class Sweeper:
    """A named piece of periodic work. It opens its own units of work: delivering a digest
    needs one to record it, a Slack call, and another to mark it sent."""

    name: str
    run: Callable[[UnitOfWork, datetime], object]  # Outcome.MORE_DUE: run again at once


class SweepRunner:
    """Runs every sweeper once, if this replica holds the sweep lease."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        sweepers: Sequence[Sweeper],
        *,
        interval: timedelta,
        holder: str | None = None,
        lease: str = SWEEP_LEASE,
    ) -> None:
        self.lease = lease
        self._uow = uow
        self._clock = clock
        self._sweepers = tuple(sweepers)
        self._holder = holder or uuid.uuid4().hex
        # Three missed runs before another replica takes over.
        self._ttl = interval * 3
        # Set by a run whose sweeper stopped with work left (a calendar run out of time
        # with feeds still due): the scheduler starts the next run at once.
        self.more_due = False

    def run_once(self) -> bool:
        """Sweep now; returns False when another replica holds the lease."""
        self.more_due = False
        with self._uow() as session:
            if not try_acquire_lease(
                session, self.lease, self._holder, self._clock.now(), self._ttl
            ):
                return False
        done: list[str] = []
        for sweeper in self._sweepers:
            try:
                outcome = sweeper.run(self._uow, self._clock.now())
            except Exception:
                # One broken sweeper must not stop the others; it is retried next run.
                log.exception("sweeper %s failed", sweeper.name)
                continue
            self.more_due = self.more_due or outcome is Outcome.MORE_DUE
            if did_something(outcome):
                done.append(
                    sweeper.name if outcome is Outcome.MORE_DUE else f"{sweeper.name}: {outcome}"
                )
        if done:
            # One line per sweep that did something; an idle sweep every 20 s says nothing.
            log.info("swept (%s lease): %s", self.lease, "; ".join(done))
        return True


def did_something(outcome: object) -> bool:
    """Whether a sweeper's return says it acted: a count above zero, or work left."""
    if outcome is Outcome.MORE_DUE:
        return True
    return isinstance(outcome, int) and not isinstance(outcome, bool) and outcome > 0


def start_scheduler(
    runners: Sequence[SweepRunner], interval: timedelta, clock: Clock
) -> BackgroundScheduler:
    """Start APScheduler with one job per runner, named after its lease; the caller shuts
    it down on exit. Each job has its own thread, so a long calendar sync never holds up a
    digest. A run that ended with work still due is followed at once by the next, not at the
    next tick: a big first sync is not stretched by the idle end of every interval."""
    scheduler = BackgroundScheduler(timezone="UTC")
    by_lease = {runner.lease: runner for runner in runners}

    def again_if_more_due(event: JobExecutionEvent) -> None:
        # Called once the run has ended and no longer counts against max_instances, so the
        # new run is not refused as a second instance. Each run renews the lease.
        runner = by_lease.get(event.job_id)
        if runner is not None and runner.more_due and scheduler.running:
            scheduler.modify_job(event.job_id, next_run_time=clock.now())

    scheduler.add_listener(again_if_more_due, EVENT_JOB_EXECUTED)
    for runner in runners:
        scheduler.add_job(
            runner.run_once,
            "interval",
            seconds=interval.total_seconds(),
            id=runner.lease,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(interval.total_seconds()),
            # The first run is at once: work that fell due while the bot was down happens now.
            next_run_time=clock.now(),
        )
    scheduler.start()
    return scheduler
