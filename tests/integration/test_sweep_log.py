"""The sweep's log: one line for a sweep that did something, none for an idle one."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.scheduler import Outcome, Sweeper, SweepRunner, did_something

INTERVAL = timedelta(seconds=20)


def _sweep_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.scheduler"]


def test_an_idle_sweep_logs_nothing(
    uow: UnitOfWork, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.scheduler")
    sweepers = [Sweeper("deliver digests", lambda _u, _n: 0), Sweeper("other", lambda _u, _n: None)]
    assert SweepRunner(uow, clock, sweepers, interval=INTERVAL).run_once()
    assert _sweep_lines(caplog) == []


def test_a_sweep_that_did_something_logs_one_info_line(
    uow: UnitOfWork, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.scheduler")
    sweepers = [
        Sweeper("deliver digests", lambda _u, _n: 2),
        Sweeper("join public channels", lambda _u, _n: 0),
        Sweeper("enforce retention", lambda _u, _n: Outcome.MORE_DUE),
    ]
    assert SweepRunner(uow, clock, sweepers, interval=INTERVAL).run_once()
    assert _sweep_lines(caplog) == ["swept (sweep lease): deliver digests: 2; enforce retention"]
    assert [r.levelno for r in caplog.records if r.name == "bot.scheduler"] == [logging.INFO]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [(0, False), (3, True), (None, False), (True, False), (Outcome.MORE_DUE, True), ("x", False)],
)
def test_what_counts_as_doing_something(outcome: object, expected: bool) -> None:
    assert did_something(outcome) is expected
