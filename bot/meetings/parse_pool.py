"""Parsing feeds in worker processes, so that a sweep of many feeds uses every core.

Parsing is pure Python and holds the GIL: threads parsing side by side only take turns.
A worker process parses a feed body into plain values (Occurrence tuples, picklable) and
the database work stays with the caller's threads. Workers are started on first use
(spawned, not forked: the bot has threads, and a fork copies their locks mid-use) and
kept for later sweeps, so a sweep does not pay for starting Python again.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime

from bot.meetings.ics import InvalidCalendar, parse_calendar
from bot.meetings.model import Occurrence


@dataclass(frozen=True)
class ParsedFeed:
    """One feed's meetings in the sync window, or why it is not a calendar."""

    occurrences: list[Occurrence]
    skipped: int = 0
    problem: str | None = None  # InvalidCalendar's message: the feed is not usable


def parse_feed(body: bytes, window_start: datetime, window_end: datetime, tz: str) -> ParsedFeed:
    """parse_calendar with its refusal as a value (exceptions do not cross processes well)."""
    try:
        parsed = parse_calendar(
            body, window_start=window_start, window_end=window_end, default_tz=tz
        )
    except InvalidCalendar as error:
        return ParsedFeed(occurrences=[], problem=error.message)
    return ParsedFeed(occurrences=parsed.occurrences, skipped=parsed.skipped)


# In-process parsing, one feed at a time: side by side they would only take turns at the
# GIL (slower in all, in bench/calendar_sync.py) while other syncs wait on the network.
_PARSING = threading.Lock()


def parse_here(body: bytes, window_start: datetime, window_end: datetime, tz: str) -> ParsedFeed:
    """parse_feed in this process, one caller at a time."""
    with _PARSING:
        return parse_feed(body, window_start, window_end, tz)


# One worker: the syncing process's database work and the database itself keep the second
# core busy (50 feeds in bench/calendar_sync.py: 8.4 s with one worker, 7.9 s with two,
# which cost 104 MB more, past the 300 MB budget).
PARSE_WORKERS = 1


class ParsePool:
    """A few worker processes that run parse_feed; started when first asked to parse."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._starting = threading.Lock()

    def parse(
        self, body: bytes, window_start: datetime, window_end: datetime, tz: str
    ) -> ParsedFeed:
        """parse_feed in a worker; the calling thread waits without holding the GIL."""
        executor = self._pool()
        try:
            return executor.submit(parse_feed, body, window_start, window_end, tz).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): an executor never recovers from that,
            # so drop it; this feed waits for its next poll, later ones get new workers.
            self._drop(executor)
            raise

    def _pool(self) -> ProcessPoolExecutor:
        with self._starting:
            if self._executor is None:
                context = multiprocessing.get_context("spawn")
                self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
            return self._executor

    def _drop(self, executor: ProcessPoolExecutor) -> None:
        with self._starting:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False)

    def close(self) -> None:
        """Stop the workers (they are started again if asked to parse later)."""
        with self._starting:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown()
