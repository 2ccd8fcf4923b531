"""fan_out: several items at once, none started once the budget is spent, and every item
started finished before it returns. Budgets run on a clock the test moves by hand."""

from __future__ import annotations

import inspect
import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.background import BackgroundWork
from bot.db.engine import POOL_OVERFLOW, POOL_SIZE
from bot.fanout import (
    WORKERS,
    Budget,
    fan_out,
    fan_out_due,
    in_background,
    running_in_background,
)
from bot.meetings.service import SYNC_WORKERS
from bot.retry import Retries
from bot.slack.dispatch import WORKERS as LISTENERS
from tests.support.sweeping import Ticks


def test_every_item_runs_and_its_result_comes_back() -> None:
    ran = fan_out(list(range(50)), lambda n: n * n)
    assert sorted(ran.results) == [n * n for n in range(50)]
    assert ran.unstarted == 0
    assert not ran.stopped


def test_nothing_to_do_is_done_at_once() -> None:
    ran = fan_out([], lambda n: n)
    assert ran.results == []
    assert not ran.stopped


def test_items_run_side_by_side_but_no_more_than_the_workers() -> None:
    lock = threading.Lock()
    active, most = 0, 0
    all_in = threading.Event()

    def work(_n: int) -> int:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
            if active == 3:
                all_in.set()
        # The first three wait for each other: they can only all be here at once.
        all_in.wait(timeout=10)
        with lock:
            active -= 1
        return 1

    ran = fan_out(list(range(12)), work, workers=3)
    assert sum(ran.results) == 12
    assert most == 3


def test_a_spent_budget_starts_no_more_items_and_says_how_many_are_left() -> None:
    # Made at 0 with 3 s; asked at 1 and 2 (not spent: two items start), then 3 (spent).
    budget = Budget(3, monotonic=Ticks())
    started: list[int] = []
    ran = fan_out(list(range(10)), started.append, budget=budget, workers=1)
    assert started == [0, 1]
    assert ran.unstarted == 8
    assert ran.stopped


def test_a_budget_spent_before_the_start_starts_nothing() -> None:
    budget = Budget(0, monotonic=Ticks())
    ran = fan_out(["a", "b"], lambda s: s, budget=budget)
    assert ran.results == []
    assert ran.unstarted == 2


def test_items_in_flight_finish_before_fan_out_returns() -> None:
    returned = threading.Event()
    seen_returned: list[bool] = []

    def work(_n: int) -> None:
        # Still running when the budget is spent. Had fan_out returned without waiting for
        # it, the caller would have set `returned` by the time this looks.
        returned.wait(timeout=1)
        seen_returned.append(returned.is_set())

    budget = Budget(3, monotonic=Ticks())
    ran = fan_out(list(range(6)), work, budget=budget, workers=4)
    returned.set()
    assert ran.unstarted == 4
    assert seen_returned == [False, False]


def test_an_error_stops_the_starting_and_is_raised_after_the_rest_finished() -> None:
    started: list[int] = []
    finished: list[int] = []
    second_started, failing = threading.Event(), threading.Event()

    def work(n: int) -> None:
        started.append(n)
        if n == 0:
            second_started.wait(timeout=10)
            failing.set()
            raise RuntimeError("the database is gone")
        second_started.set()
        if n == 1:
            failing.wait(timeout=10)  # in flight when item 0 fails
        finished.append(n)

    with pytest.raises(RuntimeError, match="database"):
        fan_out(list(range(100)), work, workers=2)
    # Item 1, in flight, finished. At most one more had started before the error was seen.
    assert 1 in finished
    assert set(started) <= {0, 1, 2}
    assert set(finished) == set(started) - {0}


def test_a_fan_outs_work_is_background_work() -> None:
    assert not running_in_background()
    ran = fan_out([1, 2, 3], lambda _n: running_in_background())
    assert ran.results == [True, True, True]
    assert not running_in_background()


def test_a_sweep_marked_as_background_is_so_while_it_runs_only() -> None:
    @in_background
    def sweep(n: int) -> tuple[int, bool]:
        return n, running_in_background()

    assert sweep(7) == (7, True)
    assert not running_in_background()
    # Marked twice (a sweep's own fan-out): still background after the inner one ends.
    assert in_background(lambda: (sweep(1), running_in_background()))() == ((1, True), True)


def test_the_database_pool_has_a_connection_for_every_thread_that_may_want_one() -> None:
    background = inspect.signature(BackgroundWork.__init__).parameters["workers"].default
    runners, probe = 2, 1
    wanted = LISTENERS + WORKERS + SYNC_WORKERS + background + runners + probe
    assert wanted <= POOL_SIZE + POOL_OVERFLOW


def test_fan_out_due_leaves_out_what_is_backing_off_and_counts_the_rest() -> None:
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    retries = Retries("deliver digests")
    retries.failed("U2", now, RuntimeError("503"))
    ran = fan_out_due(
        ["U1", "U2", "U3"], str, lambda user: 2, retries=retries, now=now, budget=None
    )
    assert sorted(ran.results) == [2, 2]
    assert (sum(ran.results), ran.given, ran.stopped) == (4, 2, False)
    later = now + timedelta(minutes=1)
    assert (
        fan_out_due(["U2"], str, lambda user: 1, retries=retries, now=later, budget=None).given == 1
    )
