"""Blocking work that must answer in time, even when what it waits for never answers.

A frozen database (a stopped server, a network partition) returns no error: statements just
never come back. Slack gives up on a request after three seconds, and a container runtime on
a health check after a few. So the waiting is bounded here, not in the work: the caller
stops waiting at its deadline and answers; the thread finishes whenever the database does.

anyio's thread pool (Starlette's run_in_threadpool) cannot be used for this: a call cannot
be abandoned, and its thread keeps a limiter token until it returns, so a frozen database
would soon leave no token for anyone. This pool is Kairos's own: its size bounds how many
threads can be stuck, and work still queued when its caller gave up never starts.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

T = TypeVar("T")

_Job = tuple[Future[object], Callable[[], object]] | None


class DeadlinePool:
    """At most `workers` daemon threads running submitted calls in order.

    Daemon threads: a thread stuck on a frozen database must not hold the process open
    after shutdown (concurrent.futures joins its threads at exit).
    """

    def __init__(self, workers: int, name: str) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, work: Callable[[], T]) -> Future[T]:
        """Queue work; cancelling the future before it starts means it never runs."""
        future: Future[T] = Future()
        self._jobs.put((future, work))  # type: ignore[arg-type]
        return future

    def shutdown(self) -> None:
        """Stop the threads once their current work ends, without waiting for it."""
        for _ in self._threads:
            self._jobs.put(None)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, work = job
            if not future.set_running_or_notify_cancel():
                continue  # its caller answered without it
            try:
                result = work()
            except BaseException as error:  # handed to the caller, who logs it
                future.set_exception(error)
            else:
                future.set_result(result)


class HealthProbe:
    """A single-flight check: concurrent callers share one probe, and while a probe hangs
    past `hang_after` every caller is told "unhealthy" at once, without a second thread
    getting stuck behind the first."""

    def __init__(
        self,
        check: Callable[[], bool],
        *,
        hang_after: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._check = check
        self._hang_after = hang_after
        self._monotonic = monotonic
        self._pool = DeadlinePool(1, "kairos-probe")
        self._lock = threading.Lock()
        self._running: Future[bool] | None = None
        self._started = 0.0

    def _probe(self) -> tuple[Future[bool], float]:
        """The probe in flight (started now if there was none) and how long it may still take."""
        with self._lock:
            now = self._monotonic()
            if self._running is None or self._running.done():
                self._running = self._pool.submit(self._check_quietly)
                self._started = now
            return self._running, self._started + self._hang_after - now

    def _check_quietly(self) -> bool:
        try:
            return self._check()
        except Exception:
            return False

    async def healthy(self, wait: float | None = None) -> bool:
        """Whether the check passes within its time (or `wait`, if shorter)."""
        future, remaining = self._probe()
        budget = remaining if wait is None else min(wait, remaining)
        if budget <= 0:
            return False
        try:
            # Shielded: one caller giving up must not cancel the probe the others share.
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), budget)
        except TimeoutError:
            return False

    def healthy_now(self, wait: float) -> bool:
        """healthy(), for a caller on a thread of its own."""
        future, remaining = self._probe()
        budget = min(wait, remaining)
        if budget <= 0:
            return False
        try:
            return future.result(budget)
        except FutureTimeout:
            return False

    def close(self) -> None:
        """Stop the probe's thread once its current check ends."""
        self._pool.shutdown()
