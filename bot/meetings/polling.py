"""Polling calendar feeds: the calendar job's run, which syncs the feeds that are due."""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import select

from bot.meetings.parse_pool import ParsePool
from bot.meetings.statistics import refresh_if_stale
from bot.meetings.sync import Calendars, sync_feed
from bot.meetings.tables import CalendarFeed
from bot.retry import Retries

# The calendar job (its own thread and lease) runs every KAIROS_SWEEP_SECONDS; one run syncs
# due feeds until this budget is spent, just under the default 20 s interval, so a run never
# outlives its lease. A run that leaves feeds due is followed at once by the next (renewing
# the lease), so a backlog is worked through without waiting for ticks.
FEEDS_PER_RUN = 2000
RUN_BUDGET_SECONDS = 18.0
SYNC_WORKERS = 4
# A run with this many due feeds parses them in the Calendars' parse pool (started once,
# kept for later runs); fewer, such as a single person's feed, are parsed here without the
# wait.
POOL_FROM = 8
# Every so many feeds that changed, a run checks whether the meeting tables have outgrown
# the planner's statistics of them (statistics.py).
STATISTICS_EVERY = 100


@dataclass(frozen=True)
class PollRun:
    """What one run of sync_due did."""

    synced: int
    more_due: bool  # it stopped with feeds still due: out of time, or FEEDS_PER_RUN reached


def sync_due(
    cal: Calendars,
    now: datetime,
    budget_seconds: float = RUN_BUDGET_SECONDS,
    pool: ParsePool | None = None,
    retries: Retries | None = None,
) -> PollRun:
    """Sync the feeds whose poll is due, most overdue first, for up to budget_seconds.
    Parsed by `pool`, or cal.parse_pool when POOL_FROM or more are due. A feed whose sync
    fails is polled again after a backoff (`retries`), written to its next_poll_at."""
    retries = retries or Retries("sync calendar feeds")
    with cal.uow() as session:
        due = list(
            session.scalars(
                select(CalendarFeed.user_id)
                .where(CalendarFeed.next_poll_at <= now)
                .order_by(CalendarFeed.next_poll_at)
                .limit(FEEDS_PER_RUN + 1)  # the one past the limit says more are due
            )
        )
    beyond = due[FEEDS_PER_RUN:]
    due = due[:FEEDS_PER_RUN]
    deadline = time.monotonic() + budget_seconds
    if pool is None and len(due) >= POOL_FROM:
        pool = cal.parse_pool
    stored = itertools.count(1)  # feeds whose meetings this run stored (thread-safe in CPython)

    def sync_one(user_id: str) -> bool:
        if time.monotonic() > deadline:
            return False  # the rest are the most overdue at the next run
        done = retries.attempt(user_id, now, partial(sync_and_tell, user_id))
        failure = retries.failure(user_id)
        if done is None and failure is not None:
            _poll_again_at(cal, user_id, now, failure.retry_at)
        return True

    def sync_and_tell(user_id: str) -> bool:
        report = sync_feed(cal, user_id, now, pool)
        if report is not None and report.changed and next(stored) % STATISTICS_EVERY == 0:
            refresh_if_stale(cal.uow)
        if report is not None and report.tell_person and report.problem:
            cal.slack.send_dm(
                user_id,
                f"Kairos can't read your calendar any more: {report.problem}",
                [],
            )
        return True

    # Most of a poll is waiting (for the calendar server, then the database): a few at once
    # overlap the waits. Feeds sharing a meeting may store it at the same moment; upsert.py
    # makes that safe.
    with ThreadPoolExecutor(SYNC_WORKERS, thread_name_prefix="kairos-calendar") as threads:
        synced = sum(threads.map(sync_one, due))
    return PollRun(synced, more_due=synced < len(due) or bool(beyond))


def _poll_again_at(cal: Calendars, user_id: str, now: datetime, retry_at: datetime) -> None:
    """After a failed sync: poll the feed again after its backoff, not at every run."""
    with cal.uow() as session:
        feed = session.get(CalendarFeed, user_id)
        if feed is None:
            return
        if feed.next_poll_at <= now:  # the sync did not get as far as recording its poll
            feed.next_poll_at = retry_at
        if feed.problem_told_at == now:  # telling the person failed: tell them next time
            feed.problem_told_at = None
