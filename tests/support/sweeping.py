"""What the sweep tests of several domains share: two replicas sweeping at the same moment,
the posts a sweep sent by their metadata's event type, a person's row, and a budget's clock
that moves on each read (to run a sweep out of time without waiting)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from bot.clock import FakeClock
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.tables import Person

T = TypeVar("T")


def race_replicas(
    database_url: str, at: datetime, work: Callable[[UnitOfWork], T], *, timeout: float = 120
) -> list[T]:
    """What `work` returned in each of two replicas (their own engines, units of work and
    clocks at `at`) started at the same moment, in the order they finished; an error in
    either fails the test."""
    engines = [make_engine(database_url) for _ in range(2)]
    start = threading.Barrier(2)
    results: list[T] = []
    errors: list[BaseException] = []

    def replica(uow: UnitOfWork) -> None:
        try:
            start.wait()
            results.append(work(uow))
        except BaseException as error:  # reported below: a thread's error would be lost
            errors.append(error)

    try:
        uows = [UnitOfWork(make_session_factory(e), FakeClock(at)) for e in engines]
        threads = [threading.Thread(target=replica, args=(u,)) for u in uows]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=timeout)
    finally:
        for engine in engines:
            engine.dispose()
    assert not errors, errors
    assert len(results) == 2
    return results


def posted_events(fake: FakeSlack, prefix: str) -> Counter[str]:
    """How many posts went out (and were taken) of each event type that starts with
    `prefix`."""
    found: Counter[str] = Counter()
    for call in fake.calls_to("chat.postMessage"):
        event = str((call.args.get("metadata") or {}).get("event_type", ""))
        if call.ok and event.startswith(prefix):
            found[event] += 1
    return found


def person_row(user_id: str, updated_at: datetime, **fields: object) -> Person:
    """A person Kairos keeps in Amsterdam, with no working hours nor focus blocks unless
    `fields` say otherwise."""
    values: dict[str, object] = {"tz": "Europe/Amsterdam", "focus_blocks": "", "working_hours": ""}
    return Person(user_id=user_id, **{**values, "updated_at": updated_at, **fields})


class Ticks:
    """A budget's monotonic clock that moves a second each time it is read."""

    def __init__(self) -> None:
        self.now = -1.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now
