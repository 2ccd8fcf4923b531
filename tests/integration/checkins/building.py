"""A check-in and its rounds as the tests of the check-in repos use them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.checkins import repo
from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, RoundTimes, questions_of
from bot.clock import FakeClock
from bot.db.engine import make_engine, make_session_factory
from bot.db.uow import UnitOfWork

ORGANIZER, ANA, BOB, CAROL = "U0ORG", "U0ANA", "U0BOB", "U0CAROL"
TEAM, OTHER = "C0TEAM", "C0OTHER"
# The fixtures' clock: Monday 23 November 2026, 09:00 UTC (10:00 in Amsterdam).
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)

CADENCE = Cadence(frozenset({0, 2}), time(9, 30), "Europe/Amsterdam")
PLAN = CheckInPlan(
    title="Standup",
    channel_id=TEAM,
    questions=questions_of(QuestionSet.STANDUP),
    question_set=QuestionSet.STANDUP,
    people=(ANA, BOB, CAROL),
    cadence=CADENCE,
)

T = TypeVar("T")


def times(opens_at: datetime) -> RoundTimes:
    """A round opening then, reminded two hours and due four hours later."""
    return RoundTimes(opens_at, opens_at + 2 * HOUR, opens_at + 4 * HOUR)


def add_checkin(uow: UnitOfWork, plan: CheckInPlan = PLAN, **kwargs: str) -> int:
    """Store the plan as ORGANIZER's check-in; its id."""
    with uow() as session:
        return repo.create(session, kwargs.get("organizer", ORGANIZER), plan, MONDAY,
                           series_key=kwargs.get("series_key"))  # fmt: skip


def add_round(uow: UnitOfWork, checkin_id: int, opens_at: datetime) -> int:
    """Plan one round of the check-in; its id."""
    with uow() as session:
        repo.plan_rounds(session, checkin_id, [times(opens_at)], opens_at + HOUR)
        (found,) = [r for r in repo.rounds_of(session, checkin_id) if r.opens_at == opens_at]
        return found.id


def race(database_url: str, work: Callable[[Session], T]) -> list[T]:
    """What `work` returned in each of two replicas (their own engines and transactions)
    started at the same moment, in the order they finished."""
    engines = [make_engine(database_url) for _ in range(2)]
    start = threading.Barrier(2)
    results: list[T] = []
    errors: list[BaseException] = []

    def replica(uow: UnitOfWork) -> None:
        try:
            start.wait()
            with uow() as session:
                results.append(work(session))
        except BaseException as error:  # reported below: a thread's error would be lost
            errors.append(error)

    try:
        uows = [UnitOfWork(make_session_factory(e), FakeClock(MONDAY)) for e in engines]
        threads = [threading.Thread(target=replica, args=(u,)) for u in uows]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for engine in engines:
            engine.dispose()
    assert errors == []
    assert len(results) == 2
    return results
