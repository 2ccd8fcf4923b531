"""The calendar sync benchmark's syncing side: Calendars wired as the bot wires them, the
feeds seeded as connected but never fetched, and a phase run in one of three modes (the
calendar job as the bot runs it, threads, or processes) and measured."""

from __future__ import annotations

import logging
import multiprocessing
import os
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from multiprocessing.pool import Pool

from cryptography.fernet import Fernet
from sqlalchemy import update

from bench.calendar_feeds import feed_path, owner_zone, user_id
from bench.machine import (
    cpu_seconds,
    machine_busy_seconds,
    peak_mb,
    peak_reset,
    postgres_cpu_seconds,
)
from bot.clock import SystemClock
from bot.connect.crypto import TokenCipher
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.focus.tables import Person
from bot.jobs import calendar_sweepers
from bot.meetings.feeds.fetch import FetchResult
from bot.meetings.feeds.fetcher import HttpFeedFetcher
from bot.meetings.ics.pool import PARSE_WORKERS, ParsePool
from bot.meetings.service import Calendars, sync_feed
from bot.meetings.tables import CalendarFeed
from bot.scheduler import CALENDAR_LEASE, Outcome, Sweeper, SweepRunner, start_scheduler
from bot.slack.app import make_web_client
from bot.slack.gateway import SlackGateway
from tests.support.process import BOT_TOKEN

SWEEP_SECONDS = 20  # settings.kairos_sweep_seconds' default: the scheduler's cadence


class CountingFetcher:
    """HttpFeedFetcher, counting how each fetch ended (what a re-sync must show: 304s)."""

    def __init__(self, inner: HttpFeedFetcher) -> None:
        self.inner = inner
        self.statuses = Counter[str]()
        self._lock = threading.Lock()

    def fetch(
        self, url: str, *, etag: str | None, last_modified: str | None, previous_hash: str | None
    ) -> FetchResult:
        """The inner fetch, counted."""
        result = self.inner.fetch(
            url, etag=etag, last_modified=last_modified, previous_hash=previous_hash
        )
        with self._lock:
            self.statuses[result.status.value] += 1
        return result


class ErrorCount(logging.Handler):
    """Counts the syncs sync_due gave up on (it logs them and moves on)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.kinds = Counter[str]()

    def emit(self, record: logging.LogRecord) -> None:
        """Count by exception type."""
        error = record.exc_info[1] if record.exc_info else None
        self.kinds[type(error).__name__ if error else record.getMessage()[:60]] += 1


def build(database_url: str, api_url: str, key: str) -> tuple[Calendars, CountingFetcher]:
    """Calendars wired as the composition root wires them, on this database and fake Slack."""
    engine = make_engine(database_url)
    uow = UnitOfWork(make_session_factory(engine), SystemClock())
    slack = SlackGateway(make_web_client(BOT_TOKEN, api_url))
    fetcher = CountingFetcher(HttpFeedFetcher(allow_private=True))
    cal = Calendars(
        uow=uow,
        cipher=TokenCipher(key),
        fetcher=fetcher,
        slack=slack,
        parse_pool=ParsePool(PARSE_WORKERS),
    )
    return cal, fetcher


def seed(cal: Calendars, feed_url: str, feeds: int, now: datetime) -> None:
    """The feed owners as people (30% with weekday focus blocks) and their feeds, never fetched."""
    rng = random.Random(5)
    mornings = ",".join(f"{day * 1440 + 540}-{day * 1440 + 660}" for day in range(5))
    with cal.uow() as session:
        for owner in range(feeds):
            focus = mornings if rng.random() < 0.3 else ""
            session.add(Person(user_id=user_id(owner), tz=owner_zone(owner), focus_blocks=focus,
                               working_hours="", updated_at=now))  # fmt: skip
            session.add(
                CalendarFeed(
                    user_id=user_id(owner),
                    url_encrypted=cal.cipher.encrypt(feed_url + feed_path(owner)),
                    host="127.0.0.1",
                    created_at=now,
                    next_poll_at=now - timedelta(minutes=1),
                    meetings_found=0,
                )
            )


def parse_workers(pool: ParsePool | None) -> list[str]:
    """The pids of the parse workers sync_due uses (started on first use, kept after)."""
    return [str(pid) for pid in pool.pids()] if pool is not None else []


def make_all_due(cal: Calendars, now: datetime) -> None:
    """Every feed's poll due now, as if its poll interval had passed."""
    with cal.uow() as session:
        session.execute(update(CalendarFeed).values(next_poll_at=now))


def sweep(cal: Calendars) -> list[float]:
    """The calendar job as the bot runs it (its sweeper, runner and scheduler, on the real
    clock) until a run ends with nothing left due; how long each run took."""
    clock = SystemClock()
    seconds: list[float] = []
    finished = threading.Event()
    (sync,) = calendar_sweepers(cal)

    def timed(uow: UnitOfWork, now: datetime) -> object:
        started = time.perf_counter()
        outcome = sync.run(uow, now)
        seconds.append(time.perf_counter() - started)
        if outcome is not Outcome.MORE_DUE:
            finished.set()
        return outcome

    interval = timedelta(seconds=SWEEP_SECONDS)
    # One holder for both phases: a new one would wait for the last phase's lease to expire.
    runner = SweepRunner(
        cal.uow,
        clock,
        [Sweeper(sync.name, timed)],
        interval=interval,
        holder="bench",
        lease=CALENDAR_LEASE,
    )
    scheduler = start_scheduler([runner], interval, clock)
    try:
        if not finished.wait(3600):
            raise SystemExit("the calendar job was still running after an hour")
    finally:
        scheduler.shutdown(wait=True)
    return seconds


def _sync_one(cal: Calendars, now: datetime, user: str) -> str:
    """'' when the feed synced, else the exception's type (as sync_due would log it)."""
    try:
        sync_feed(cal, user, now)
    except Exception as error:
        return type(error).__name__
    return ""


def in_threads(
    cal: Calendars, now: datetime, users: list[str], workers: int, errors: Counter[str]
) -> list[str]:
    """sync_feed for every feed, `workers` at a time; the feeds whose sync raised."""
    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(lambda user: _sync_one(cal, now, user), users))
    errors.update(kind for kind in outcomes if kind)
    return [user for user, kind in zip(users, outcomes, strict=True) if kind]


_WORKER: tuple[Calendars, CountingFetcher] | None = None
_WORKER_PHASE = ""


def _worker_start(database_url: str, api_url: str, key: str) -> None:
    global _WORKER  # noqa: PLW0603 - one Calendars per worker process
    logging.getLogger("psycopg").setLevel(logging.ERROR)
    _WORKER = build(database_url, api_url, key)


def _worker_sync(task: tuple[str, datetime, str]) -> tuple[str, str, str, float, int]:
    """(user, error kind, fetch status, this worker's peak RSS in MB, pid)."""
    global _WORKER_PHASE  # noqa: PLW0603 - peak RSS is measured per phase
    user, now, phase = task
    assert _WORKER is not None
    if phase != _WORKER_PHASE:
        peak_reset()
        _WORKER_PHASE = phase
    cal, fetcher = _WORKER
    before = fetcher.statuses.copy()
    kind = _sync_one(cal, now, user)
    status = next(iter(fetcher.statuses - before), "none")
    return user, kind, status, peak_mb(), os.getpid()


@dataclass
class Phase:
    """What one phase measured."""

    seconds: float
    statuses: Counter[str]
    errors: Counter[str]
    peak_mb: float  # the syncing process (in processes mode: this one, which only hands out)
    worker_peaks: dict[int, float]
    sweeps: list[float]
    cpu_seconds: float = 0.0  # this process's (all its threads), user and system
    worker_cpu_seconds: float = 0.0  # the parse workers' (sweep mode)
    machine_busy: float = 0.0  # CPU seconds the whole machine spent, every process
    others: dict[str, float] = field(default_factory=dict)  # CPU of the database and servers


class Syncer:
    """Runs a phase in the chosen mode and measures it."""

    def __init__(
        self, mode: str, workers: int, database_url: str, api_url: str, servers: tuple[int, int]
    ) -> None:
        self.mode, self.workers, self.servers = mode, workers, servers
        key = Fernet.generate_key().decode()
        self.cal, self.fetcher = build(database_url, api_url, key)
        self.errors = ErrorCount()
        for name in ("bot.meetings.service",):  # sync_feed and sync_due log here
            sync_log = logging.getLogger(name)
            sync_log.addHandler(self.errors)
            sync_log.propagate = False
        # A failed batch insert makes psycopg warn about its aborted pipeline, once per row.
        logging.getLogger("psycopg").setLevel(logging.ERROR)
        self.pool: Pool | None = None
        if mode == "processes":
            context = multiprocessing.get_context("spawn")
            self.pool = context.Pool(workers, _worker_start, (database_url, api_url, key))
            self.pool.map(time.sleep, [0.2] * workers)  # started and imported before timing

    def run(self, users: list[str], now: datetime, phase: str) -> Phase:
        """Sync every feed due at `now`."""
        self.fetcher.statuses.clear()
        self.errors.kinds.clear()
        peak_reset()
        for pid in parse_workers(self.cal.parse_pool):  # started by an earlier phase
            peak_reset(pid)
        sweeps: list[float] = []
        errors, statuses = Counter[str](), Counter[str]()
        workers: dict[int, float] = {}
        parse_pool = self.cal.parse_pool
        worker_cpu = {pid: cpu_seconds(pid) for pid in parse_workers(parse_pool)}
        cpu, busy, others = cpu_seconds(), machine_busy_seconds(), self._others()
        started = time.perf_counter()
        if self.mode == "sweep":
            sweeps = sweep(self.cal)
        else:
            if self.mode == "threads":
                failed = in_threads(self.cal, now, users, self.workers, errors)
            else:
                failed = self._in_processes(users, now, phase, workers, statuses, errors)
            # Syncs that collided are retried one at a time, as the next sweep would.
            for _ in range(3):
                failed = [user for user in failed if _sync_one(self.cal, now, user)]
        seconds = time.perf_counter() - started
        cpu, busy = cpu_seconds() - cpu, machine_busy_seconds() - busy
        others = {name: value - others[name] for name, value in self._others().items()}
        if self.mode == "sweep":
            workers = {int(pid): peak_mb(pid) for pid in parse_workers(parse_pool)}
            # A worker started in this phase counts from 0.
            worker_cpu_used = sum(
                cpu_seconds(pid) - worker_cpu.get(pid, 0.0) for pid in parse_workers(parse_pool)
            )
        else:
            worker_cpu_used = 0.0
        errors.update(self.errors.kinds)
        statuses.update(self.fetcher.statuses)
        return Phase(
            seconds,
            statuses,
            errors,
            peak_mb(),
            workers,
            sweeps,
            cpu,
            worker_cpu_used,
            busy,
            others,
        )

    def _others(self) -> dict[str, float]:
        """CPU so far of the processes that serve the sync: the database, the feed server
        and the fake Slack."""
        return {
            "PostgreSQL": postgres_cpu_seconds(),
            "feed server": cpu_seconds(str(self.servers[0])),
            "fake Slack": cpu_seconds(str(self.servers[1])),
        }

    def _in_processes(
        self,
        users: list[str],
        now: datetime,
        phase: str,
        peaks: dict[int, float],
        statuses: Counter[str],
        errors: Counter[str],
    ) -> list[str]:
        assert self.pool is not None
        failed = []
        tasks = [(user, now, phase) for user in users]
        for user, kind, status, peak, pid in self.pool.imap_unordered(_worker_sync, tasks, 4):
            peaks[pid] = max(peaks.get(pid, 0.0), peak)
            statuses[status] += 1
            if kind:
                errors[kind] += 1
                failed.append(user)
        return failed

    def close(self) -> None:
        """Stop the workers."""
        if self.pool is not None:
            self.pool.terminate()
