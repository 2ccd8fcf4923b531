"""A check-in and its rounds as the check-in tests use them, and the sweep that runs them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.checkins import repo
from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, RoundTimes, questions_of
from bot.checkins.service_rounds import run_checkins
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.retry import Retries
from bot.scheduler import Outcome
from bot.slack.gateway import SlackGateway
from tests.support.sweeping import posted_events, race_replicas

ORGANIZER, ANA, BOB, CAROL = "U0ORG", "U0ANA", "U0BOB", "U0CAROL"
TEAM, OTHER = "C0TEAM", "C0OTHER"
MEMBERS = [ORGANIZER, ANA, BOB, CAROL]  # the team's channel (conftest.py)
# The fixtures' clock: Monday 23 November 2026, 09:00 UTC (10:00 in Amsterdam).
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
# The plan's first round: Wednesday 25 November, 09:30 in Amsterdam (08:30 UTC).
WEDNESDAY = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
REMIND = WEDNESDAY + 2 * HOUR
DUE = WEDNESDAY + 4 * HOUR
NEXT_MONDAY = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)

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


def status(uow: UnitOfWork, checkin_id: int) -> str:
    """The check-in's status as stored."""
    with uow() as session:
        row = repo.get(session, checkin_id)
        assert row is not None
        return row.status


def race(database_url: str, work: Callable[[Session], T]) -> list[T]:
    """What `work` returned in each of two replicas (their own engines and transactions)
    started at the same moment, in the order they finished."""

    def in_one_transaction(uow: UnitOfWork) -> T:
        with uow() as session:
            return work(session)

    return race_replicas(database_url, MONDAY, in_one_transaction, timeout=60)


def sweep(
    uow: UnitOfWork, slack: SlackGateway, at: datetime, retries: Retries | None = None
) -> int:
    """One check-in sweep at `at` (with the sweeper's own backoff memory if given); how many
    posts it sent."""
    sent = run_checkins(uow, slack, at, retries or Retries("check-ins"), budget=None,
                        language="en")  # fmt: skip
    assert not isinstance(sent, Outcome)
    return sent


def by_event(fake: FakeSlack) -> Counter[str]:
    """How many check-in posts went out of each kind."""
    return posted_events(fake, "kairos_checkin")
