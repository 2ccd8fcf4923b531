"""A sweep's per-person work, several at a time, within a time budget.

At 09:00 on a Monday thousands of digests fall due at once. One by one, each would wait for
all of its Slack round trips before the next began, far below the rate Slack allows. Here a
small pool runs them side by side; Slack's pace itself is kept by the client
(bot/slack/pacing.py), which makes a worker wait when its method's limit is reached.

The pool stops *submitting* once the budget is spent, so that a sweep returns in time for
the scheduler to run the other sweepers and then this one again. It never stops *waiting*:
every item started is finished before fan_out returns. A digest still being sent when the
sweep returned would look recorded and unsent to the next sweep, which would look for it in
the DM before the send landed, not find it, and send it a second time.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, ParamSpec, TypeVar

from bot.retry import Retries

# Workers per fan-out. Enough to keep Slack's limits busy: a DM's round trips take some
# 100-300 ms, and chat.postMessage allows 5 a second per workspace. Each worker holds at most
# one database connection at a time; bot/db/engine.py sizes the pool for them.
WORKERS = 8
# The time a sweep starts work for, unless told otherwise: half the default sweep interval
# (the composition root passes half the configured one), leaving the rest of the interval
# to the other sweepers.
BUDGET_SECONDS = 10.0

Item = TypeVar("Item")
Result = TypeVar("Result")
Params = ParamSpec("Params")

_thread = threading.local()


def running_in_background() -> bool:
    """Whether this thread is doing background work (a sweep, a fan-out's worker), which
    keeps to Slack's pace, rather than answering a request, which Slack waits for."""
    return bool(getattr(_thread, "background", False))


def in_background(run: Callable[Params, Result]) -> Callable[Params, Result]:
    """`run`, marked as background work in whatever thread runs it (see
    running_in_background); the scheduler's sweepers are wrapped in it."""

    @functools.wraps(run)
    def marked(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        before = running_in_background()
        _thread.background = True
        try:
            return run(*args, **kwargs)
        finally:
            _thread.background = before

    return marked


class Budget:
    """The time a sweep may keep starting work, from its creation on a monotonic clock."""

    def __init__(self, seconds: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._end = monotonic() + seconds

    def spent(self) -> bool:
        """Whether the time is up: no new work is to be started."""
        return self._monotonic() >= self._end


@dataclass(frozen=True)
class Ran(Generic[Result]):
    """What a fan-out did: the results of the items it ran (in the order they finished),
    and how many items it did not start because the budget was spent."""

    results: list[Result]
    unstarted: int

    @property
    def stopped(self) -> bool:
        """Whether items were left for a later run."""
        return self.unstarted > 0

    @property
    def given(self) -> int:
        """How many items it was given, started or not."""
        return len(self.results) + self.unstarted


def fan_out(
    items: Sequence[Item],
    work: Callable[[Item], Result],
    *,
    budget: Budget | None = None,
    workers: int = WORKERS,
) -> Ran[Result]:
    """Run work(item) for the items, `workers` at a time, starting none once the budget is
    spent, and return once every item started has finished. An exception from work stops
    the starting, and is raised again once the rest in flight have finished."""
    if not items:
        return Ran([], 0)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fanout")
    running: set[Future[Result]] = set()
    results: list[Result] = []
    errors: list[BaseException] = []
    started = 0
    try:
        for item in items:
            if len(running) >= workers:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                _collect(done, results, errors)
            if errors or (budget is not None and budget.spent()):
                break
            running.add(pool.submit(in_background(work), item))
            started += 1
    finally:
        # Every item started finishes before the sweep returns (see the module docstring).
        done, running = wait(running)
        pool.shutdown(wait=False)
    _collect(done, results, errors)
    if errors:
        raise errors[0]
    return Ran(results, len(items) - started)


def fan_out_due(
    items: Sequence[Item],
    key: Callable[[Item], str],
    work: Callable[[Item], int],
    *,
    retries: Retries,
    now: datetime,
    budget: Budget | None,
) -> Ran[int]:
    """fan_out for a sweep that DMs people, over the items whose key (a person, a series)
    is not backing off after a failure; each result is what work counted (DMs sent)."""
    return fan_out([item for item in items if retries.due(key(item), now)], work, budget=budget)


def _collect(done: set[Future[Result]], results: list[Result], errors: list[BaseException]) -> None:
    for future in done:
        error = future.exception()
        if error is None:
            results.append(future.result())
        else:
            errors.append(error)
