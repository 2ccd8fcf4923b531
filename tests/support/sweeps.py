"""Driving the scheduler's sweeps on a fake clock, for the tests that one item's failure holds
up no other: a sweep at a given moment, the backoff a failed item must wait, and the
warnings it left in the log."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.scheduler import SweepRunner


def sweep_at(runner: SweepRunner, clock: FakeClock, when: datetime) -> None:
    """Set the clock to `when` and run one sweep, which must take the lease."""
    clock.set(when)
    assert runner.run_once()


def retried_with_backoff(
    runner: SweepRunner, clock: FakeClock, tries: Callable[[], int], first: datetime
) -> None:
    """After a failure at `first`: nothing at +30 s, a second (failing) try at +1 min,
    nothing 90 s later, the third try two minutes after the second."""
    assert tries() == 1
    sweep_at(runner, clock, first + timedelta(seconds=30))
    assert tries() == 1, "tried again before its backoff"
    sweep_at(runner, clock, first + timedelta(seconds=61))
    assert tries() == 2, "not tried again after its backoff"
    sweep_at(runner, clock, first + timedelta(seconds=61 + 90))
    assert tries() == 2, "tried again before its (doubled) backoff"
    sweep_at(runner, clock, first + timedelta(seconds=61 + 121))
    assert tries() == 3


def warnings_about(caplog: pytest.LogCaptureFixture, item: str) -> list[str]:
    """The warnings (and worse) logged that name an item: a user, channel or series id."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and item in r.getMessage()
    ]
