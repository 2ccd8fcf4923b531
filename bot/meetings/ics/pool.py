"""Parsing feeds in worker processes, so that a sweep of many feeds uses every core.

Parsing is pure Python and holds the GIL: threads parsing side by side only take turns.
A worker process parses a feed body into plain values (Occurrence tuples, picklable) and
the database work stays with the caller's threads. Workers are new Python processes (not
forks: the bot has threads, and a fork copies their locks mid-use), started on first use and
kept for later sweeps, so a sweep does not pay for starting Python again.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import cast

from bot.meetings.absence import LEAVE_WORDS
from bot.meetings.ics.parse import ParsedFeed, parse_feed
from bot.meetings.ics.worker import PipeClosedError, receive, send

# In-process parsing, one feed at a time: side by side they would only take turns at the
# GIL (slower in all, in bench/calendar_sync.py) while other syncs wait on the network.
_PARSING = threading.Lock()


def parse_here(
    body: bytes,
    window_start: datetime,
    window_end: datetime,
    tz: str,
    leave_words: tuple[str, ...] = LEAVE_WORDS,
) -> ParsedFeed:
    """parse_feed in this process, one caller at a time."""
    with _PARSING:
        return parse_feed(body, window_start, window_end, tz, leave_words)


# Two workers, one per core of the machine the benchmark is held to: with one, a sweep of
# many feeds waited on it while the other core idled (bench/calendar_sync.py). Each worker
# imports only the parsing code, so two fit the memory budget (worker.py).
PARSE_WORKERS = 2
_STOP_WAIT_SECONDS = 5.0
_WORKER_MAIN = "from bot.meetings.ics.worker import main; main()"


class ParseFailedError(RuntimeError):
    """Parsing raised in a worker (a bug, not a bad feed: those come back as a problem)."""


class WorkerDiedError(RuntimeError):
    """A worker stopped mid-parse (killed, out of memory); the feed waits for its next poll."""


class _Worker:
    """One worker process and its two pipes."""

    def __init__(self) -> None:
        # The package's own root first, so the worker imports this very code, installed or
        # run from a checkout.
        root = str(Path(__file__).resolve().parents[3])
        code = f"import sys; sys.path.insert(0, {root!r}); {_WORKER_MAIN}"
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, our code
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def ask(self, request: tuple[bytes, datetime, datetime, str, tuple[str, ...]]) -> ParsedFeed:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        try:
            send(self.process.stdin, request)
            ok, answer = receive(self.process.stdout)
        except (PipeClosedError, BrokenPipeError) as error:
            raise WorkerDiedError(f"the parse worker stopped ({self.process.poll()})") from error
        if not ok:
            raise ParseFailedError(answer)
        return cast(ParsedFeed, answer)

    def stop(self) -> None:
        """Close its pipe, which ends it; kill it if it does not end soon."""
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with suppress(OSError):
                    stream.close()
        try:
            self.process.wait(_STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ParsePool:
    """A few worker processes that run parse_feed; each started when first needed. Titles
    with one of `leave_words` are out-of-office absences (bot/meetings/absence.py)."""

    def __init__(self, workers: int, leave_words: tuple[str, ...] = LEAVE_WORDS) -> None:
        self.workers = workers
        self.leave_words = leave_words
        self._lock = threading.Lock()
        self._live: set[_Worker] = set()
        # Free workers; None is a place for one not started yet (or replacing a dead one).
        # A new queue after close(), so that workers given back later are stopped instead.
        self._free = self._places()

    def _places(self) -> queue.SimpleQueue[_Worker | None]:
        places: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        for _ in range(self.workers):
            places.put(None)
        return places

    def parse(
        self, body: bytes, window_start: datetime, window_end: datetime, tz: str
    ) -> ParsedFeed:
        """parse_feed in a worker; the calling thread waits (for a free worker, then for the
        answer) without holding the GIL."""
        with self._lock:
            free = self._free
        worker = free.get()
        try:
            if worker is None:
                worker = self._start()
            parsed = worker.ask((body, window_start, window_end, tz, self.leave_words))
        except ParseFailedError:
            self._give_back(free, worker)  # the worker itself is fine
            raise
        except BaseException:
            # Dead, or its pipes are mid-message: never reuse it.
            if worker is not None:
                self._retire(worker)
            self._give_back(free, None)
            raise
        self._give_back(free, worker)
        return parsed

    def pids(self) -> list[int]:
        """The running workers' process ids."""
        with self._lock:
            return [worker.process.pid for worker in self._live]

    def _start(self) -> _Worker:
        worker = _Worker()
        with self._lock:
            self._live.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._live.discard(worker)
        worker.stop()

    def _give_back(self, free: queue.SimpleQueue[_Worker | None], worker: _Worker | None) -> None:
        with self._lock:
            current = free is self._free
        if not current and worker is not None:
            self._retire(worker)  # the pool was closed while this worker was parsing
            worker = None  # a caller still waiting on the old queue starts its own
        free.put(worker)

    def close(self) -> None:
        """Stop the workers (they are started again if asked to parse later)."""
        with self._lock:
            old, self._free = self._free, self._places()
            idle: list[_Worker] = []
            while not old.empty():
                worker = old.get()
                if worker is not None:
                    idle.append(worker)
        for worker in idle:
            self._retire(worker)
