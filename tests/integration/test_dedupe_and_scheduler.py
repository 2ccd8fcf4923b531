"""Event dedupe and the sweep lease, on both backends with the real unit of work."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock, SystemClock
from bot.db import dedupe
from bot.db.leases import JobLease, try_acquire_lease
from bot.db.uow import UnitOfWork
from bot.privacy import retention
from bot.privacy.retention import Periods
from bot.privacy.retention_service import enforce_retention
from bot.scheduler import CALENDAR_LEASE, Outcome, Sweeper, SweepRunner, start_scheduler


def test_event_id_is_recorded_with_the_work(uow: UnitOfWork) -> None:
    with uow() as session:
        assert not dedupe.already_processed(session, "Ev1")
    with uow(event_id="Ev1"):
        pass
    with uow() as session:
        assert dedupe.already_processed(session, "Ev1")


def test_failed_work_does_not_record_the_event(uow: UnitOfWork) -> None:
    with pytest.raises(RuntimeError), uow(event_id="Ev2"):
        raise RuntimeError("the listener failed")
    with uow() as session:
        assert not dedupe.already_processed(session, "Ev2")


def test_a_retry_is_refused_before_any_work(uow: UnitOfWork) -> None:
    with uow(event_id="Ev3"):
        pass
    work_done = []
    with pytest.raises(dedupe.AlreadyHandled), uow(event_id="Ev3"):
        work_done.append("should not happen")
    assert work_done == []


def test_old_event_ids_expire(uow: UnitOfWork, clock: FakeClock) -> None:
    with uow(event_id="EvOld"):
        pass
    clock.advance(timedelta(hours=23))
    with uow(event_id="EvNew"):
        pass
    clock.advance(timedelta(hours=2))
    assert enforce_retention(uow, clock.now(), Periods())[retention.EVENT_IDS.name] == 1
    with uow() as session:
        assert not dedupe.already_processed(session, "EvOld")
        assert dedupe.already_processed(session, "EvNew")


def test_lease_is_exclusive_until_it_expires(uow: UnitOfWork, clock: FakeClock) -> None:
    ttl = timedelta(seconds=60)
    with uow() as session:
        assert try_acquire_lease(session, "sweep", "replica-a", clock.now(), ttl)
    with uow() as session:
        assert not try_acquire_lease(session, "sweep", "replica-b", clock.now(), ttl)
    with uow() as session:
        assert try_acquire_lease(session, "sweep", "replica-a", clock.now(), ttl)  # renewal
    clock.advance(timedelta(seconds=61))
    with uow() as session:
        assert try_acquire_lease(session, "sweep", "replica-b", clock.now(), ttl)
    with uow() as session:
        assert session.scalar(select(func.count()).select_from(JobLease)) == 1
        assert session.scalar(select(JobLease.holder)) == "replica-b"


def test_only_the_lease_holder_sweeps(uow: UnitOfWork, clock: FakeClock) -> None:
    ran: list[str] = []
    interval = timedelta(seconds=20)

    def sweeper(name: str) -> list[Sweeper]:
        return [Sweeper("record", lambda _uow, _now: ran.append(name))]

    a = SweepRunner(uow, clock, sweeper("a"), interval=interval, holder="a")
    b = SweepRunner(uow, clock, sweeper("b"), interval=interval, holder="b")
    assert a.run_once()
    assert not b.run_once()
    clock.advance(interval * 3 + timedelta(seconds=1))  # replica a died
    assert b.run_once()
    assert ran == ["a", "b"]


def test_the_calendar_job_has_a_lease_of_its_own(uow: UnitOfWork, clock: FakeClock) -> None:
    ran: list[str] = []
    interval = timedelta(seconds=20)

    def record(name: str) -> list[Sweeper]:
        return [Sweeper("record", lambda _uow, _now: ran.append(name))]

    sweep = SweepRunner(uow, clock, record("sweep"), interval=interval, holder="a")
    calendar = SweepRunner(
        uow, clock, record("calendar"), interval=interval, holder="a", lease=CALENDAR_LEASE
    )
    other_calendar = SweepRunner(
        uow, clock, record("other"), interval=interval, holder="b", lease=CALENDAR_LEASE
    )
    assert sweep.run_once()
    assert calendar.run_once()  # not held up by the sweep's lease
    assert not other_calendar.run_once()  # but one replica syncs calendars at a time
    assert ran == ["sweep", "calendar"]


def test_a_failing_sweeper_does_not_stop_the_others(uow: UnitOfWork, clock: FakeClock) -> None:
    ran: list[str] = []

    def broken(_uow: object, _now: object) -> None:
        raise RuntimeError("broken sweeper")

    runner = SweepRunner(
        uow,
        clock,
        [Sweeper("broken", broken), Sweeper("fine", lambda _u, _n: ran.append("fine"))],
        interval=timedelta(seconds=20),
    )
    assert runner.run_once()
    assert ran == ["fine"]


def test_a_run_that_leaves_work_due_is_followed_at_once_by_the_next(uow: UnitOfWork) -> None:
    # A minute's interval: without the follow-up runs only the first would happen in time.
    runs: list[float] = []
    done = threading.Event()

    def backlog(_uow: UnitOfWork, _now: datetime) -> Outcome | None:
        runs.append(time.monotonic())
        if len(runs) < 3:
            return Outcome.MORE_DUE
        done.set()
        return None

    clock = SystemClock()
    interval = timedelta(minutes=1)
    runner = SweepRunner(uow, clock, [Sweeper("backlog", backlog)], interval=interval)
    scheduler = start_scheduler([runner], interval, clock)
    try:
        assert done.wait(15)
        time.sleep(0.5)  # a fourth run would start now if a finished run still asked for one
    finally:
        scheduler.shutdown(wait=True)
    assert len(runs) == 3
    assert not runner.more_due


def test_more_due_needs_the_lease_and_a_sweeper_that_said_so(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    interval = timedelta(seconds=20)

    def more(_uow: object, _now: object) -> Outcome:
        return Outcome.MORE_DUE

    def broken(_uow: object, _now: object) -> Outcome:
        raise RuntimeError("broken sweeper")

    holder = SweepRunner(uow, clock, [Sweeper("more", more)], interval=interval, holder="a")
    other = SweepRunner(uow, clock, [Sweeper("more", more)], interval=interval, holder="b")
    assert holder.run_once()
    assert holder.more_due
    assert not other.run_once()
    assert not other.more_due  # another replica has the work
    failing = SweepRunner(
        uow, clock, [Sweeper("broken", broken)], interval=interval, holder="a", lease="x"
    )
    assert failing.run_once()
    assert not failing.more_due  # a failure waits for the next tick, never spins
