"""The SQL of check-ins: setting one up, changing it, planning its rounds, the summary's
figures. Never commits. Rounds and asks: repo_rounds.py, repo_asks.py; forget-me and
retention: repo_privacy.py.

The repo takes ids: that only a check-in's organizer may change it is the service's check.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, RoundTimes
from bot.checkins.tables import (
    CheckIn,
    CheckInAsk,
    CheckInPerson,
    CheckInRound,
    RoundState,
    Status,
)
from bot.db.base import table
from bot.db.inserts import insert_new, rows_changed


@dataclass(frozen=True)
class AnswerRate:
    """One check-in's rounds wrapped up in a period, and their answers: counts only."""

    checkin_id: int
    title: str
    channel_id: str
    rounds: int
    asked: int
    answered: int


@dataclass(frozen=True)
class GivenBack:
    """Attendee-hours a week given back by meetings made async: recorded in a period, and
    by every check-in not stopped."""

    recent: float
    total: float


# --- the cadence as stored -------------------------------------------------------------------


def _cadence_columns(cadence: Cadence) -> dict[str, object]:
    return {
        "weekdays": ",".join(str(day) for day in sorted(cadence.weekdays)),
        "local_time": cadence.local_time.strftime("%H:%M"),
        "zone": cadence.zone,
        "every_weeks": cadence.every_weeks,
        "first_week": cadence.first_week,
    }


def cadence_of_row(row: CheckIn) -> Cadence:
    """A stored check-in's cadence, as the model holds it."""
    hour, minute = (int(part) for part in row.local_time.split(":"))
    weekdays = frozenset(int(day) for day in row.weekdays.split(",") if day)
    return Cadence(weekdays, time(hour, minute), row.zone, row.every_weeks, row.first_week)


def questions_of_row(row: CheckIn) -> tuple[str, ...]:
    """A stored check-in's questions, in order."""
    return tuple(str(question) for question in json.loads(row.questions))


def plan_of(session: Session, row: CheckIn) -> CheckInPlan:
    """A stored check-in as the plan its organizer chose (the edit modal's initial values)."""
    return CheckInPlan(
        title=row.title,
        channel_id=row.channel_id,
        questions=questions_of_row(row),
        question_set=QuestionSet(row.question_set),
        people=tuple(people_of(session, row.id)),
        cadence=cadence_of_row(row),
        due_working_minutes=row.due_working_minutes,
    )


def _plan_columns(plan: CheckInPlan) -> dict[str, object]:
    return {
        "title": plan.title,
        "channel_id": plan.channel_id,
        "question_set": plan.question_set.value,
        "questions": json.dumps(list(plan.questions)),
        "due_working_minutes": plan.due_working_minutes,
        **_cadence_columns(plan.cadence),
    }


# --- setting up and changing a check-in ------------------------------------------------------


def create(
    session: Session,
    organizer_id: str,
    plan: CheckInPlan,
    now: datetime,
    *,
    series_key: str | None = None,
) -> int:
    """Store a new, active check-in and its people; its id."""
    row = CheckIn(
        organizer_id=organizer_id, series_key=series_key, status=Status.ACTIVE.value,
        created_at=now, updated_at=now, **_plan_columns(plan),
    )  # fmt: skip
    session.add(row)
    session.flush()
    _put_people(session, row.id, plan.people)
    return row.id


def _put_people(session: Session, checkin_id: int, people: Sequence[str]) -> None:
    """Replace a check-in's people, keeping the organizer's order (a repeat counts once)."""
    session.execute(delete(CheckInPerson).where(CheckInPerson.checkin_id == checkin_id))
    ordered = list(dict.fromkeys(people))
    rows = [
        {"checkin_id": checkin_id, "user_id": user_id, "position": n}
        for n, user_id in enumerate(ordered)
    ]
    insert_new(session, table(CheckInPerson), rows, ("checkin_id", "user_id"))


def get(session: Session, checkin_id: int) -> CheckIn | None:
    """A check-in, read afresh (a change may have been made in this session)."""
    return session.scalar(
        select(CheckIn).where(CheckIn.id == checkin_id).execution_options(populate_existing=True)
    )


def people_of(session: Session, checkin_id: int) -> list[str]:
    """Who a check-in asks, in the organizer's order."""
    return list(
        session.scalars(
            select(CheckInPerson.user_id)
            .where(CheckInPerson.checkin_id == checkin_id)
            .order_by(CheckInPerson.position, CheckInPerson.user_id)
        )
    )


def drop_planned(session: Session, checkin_id: int, after: datetime | None = None) -> None:
    """Delete rounds planned but not opened (from `after` on): they are planned again, or
    never (a pause, a stop)."""
    planned = [CheckInRound.checkin_id == checkin_id, CheckInRound.state == RoundState.DUE]
    if after is not None:
        planned.append(CheckInRound.opens_at > after)
    # Asks are added as a round opens; any of a round still due go first all the same,
    # explicitly: deleting must not depend on a connection's foreign-key setting.
    rounds = select(CheckInRound.id).where(*planned)
    session.execute(delete(CheckInAsk).where(CheckInAsk.round_id.in_(rounds)))
    session.execute(delete(CheckInRound).where(*planned))


def update_plan(session: Session, checkin_id: int, plan: CheckInPlan, now: datetime) -> bool:
    """Change a check-in that is not stopped to this plan: rounds not opened yet are
    planned again; a round already open keeps its people and times. Whether it changed."""
    changed = update(CheckIn).where(CheckIn.id == checkin_id, CheckIn.status != Status.STOPPED)
    values = {**_plan_columns(plan), "updated_at": now, "planned_until": None}
    if rows_changed(session.execute(changed.values(**values))) != 1:
        return False
    _put_people(session, checkin_id, plan.people)
    drop_planned(session, checkin_id, after=now)
    return True


def _set_status(
    session: Session, checkin_id: int, was: Sequence[Status], to: Status, now: datetime
) -> bool:
    moved = update(CheckIn).where(CheckIn.id == checkin_id, CheckIn.status.in_(was))
    values: dict[str, object] = {"status": to.value, "updated_at": now, "planned_until": None}
    if to is Status.STOPPED:
        values["stopped_at"] = now
    if rows_changed(session.execute(moved.values(**values))) != 1:
        return False
    if to is not Status.ACTIVE:
        # Resuming plans from then on: rounds that fell in the pause are not opened late.
        drop_planned(session, checkin_id)
    return True


def pause(session: Session, checkin_id: int, now: datetime) -> bool:
    """Pause an active check-in: no round opens until it is resumed (one already open is
    still wrapped up). Whether it was active."""
    return _set_status(session, checkin_id, (Status.ACTIVE,), Status.PAUSED, now)


def resume(session: Session, checkin_id: int, now: datetime) -> bool:
    """Resume a paused check-in: its rounds are planned again from now. Whether it was."""
    return _set_status(session, checkin_id, (Status.PAUSED,), Status.ACTIVE, now)


def stop(session: Session, checkin_id: int, now: datetime) -> bool:
    """Stop a check-in for good (its open round is still wrapped up); retention deletes it
    later. Whether it was running or paused."""
    return _set_status(session, checkin_id, (Status.ACTIVE, Status.PAUSED), Status.STOPPED, now)


def of_person(session: Session, user_id: str) -> list[CheckIn]:
    """The check-ins a person organizes or is asked in, not stopped, oldest first."""
    asked_in = select(CheckInPerson.checkin_id).where(CheckInPerson.user_id == user_id)
    return list(
        session.scalars(
            select(CheckIn)
            .where(
                or_(CheckIn.organizer_id == user_id, CheckIn.id.in_(asked_in)),
                CheckIn.status != Status.STOPPED,
            )
            .order_by(CheckIn.created_at, CheckIn.id)
        )
    )


def of_series(session: Session, series_key: str) -> CheckIn | None:
    """The check-in, not stopped, that replaces this meeting series, if any."""
    return session.scalar(
        select(CheckIn)
        .where(CheckIn.series_key == series_key, CheckIn.status != Status.STOPPED)
        .order_by(CheckIn.id)
        .limit(1)
    )


# --- planning rounds -------------------------------------------------------------------------


def to_plan(session: Session, horizon: datetime, limit: int) -> list[CheckIn]:
    """Active check-ins whose rounds are not planned up to `horizon`, least planned first."""
    return list(
        session.scalars(
            select(CheckIn)
            .where(
                CheckIn.status == Status.ACTIVE,
                or_(CheckIn.planned_until.is_(None), CheckIn.planned_until < horizon),
            )
            .order_by(CheckIn.planned_until.is_not(None), CheckIn.planned_until, CheckIn.id)
            .limit(limit)
        )
    )


def plan_rounds(
    session: Session, checkin_id: int, rounds: Sequence[RoundTimes], until: datetime
) -> int:
    """Insert these rounds of an active check-in, planned up to `until`; how many were new.

    Idempotent: a round already planned (a second call, another replica) is skipped by its
    unique (check-in, opening) key. The check-in's row is updated first, so a pause or a
    stop committed meanwhile makes this insert nothing (PostgreSQL re-reads the row once
    the other transaction commits; SQLite has one writer at a time).
    """
    planned = update(CheckIn).where(CheckIn.id == checkin_id, CheckIn.status == Status.ACTIVE)
    later = case(
        (or_(CheckIn.planned_until.is_(None), CheckIn.planned_until < until), until),
        else_=CheckIn.planned_until,
    )
    if rows_changed(session.execute(planned.values(planned_until=later))) != 1:
        return 0
    rows = [
        {"checkin_id": checkin_id, "opens_at": times.opens_at, "remind_at": times.remind_at,
         "due_at": times.due_at, "state": RoundState.DUE.value}
        for times in rounds
    ]  # fmt: skip
    return insert_new(session, table(CheckInRound), rows, ("checkin_id", "opens_at"))


def rounds_of(session: Session, checkin_id: int) -> list[CheckInRound]:
    """A check-in's rounds, in the order they open."""
    return list(
        session.scalars(
            select(CheckInRound)
            .where(CheckInRound.checkin_id == checkin_id)
            .order_by(CheckInRound.opens_at)
        )
    )


# --- the series it replaces ------------------------------------------------------------------


def claim_cancel_ask(session: Session, checkin_id: int, now: datetime) -> bool:
    """Claim the one "cancel or shorten your series" DM to the organizer; whether won."""
    claimed = update(CheckIn).where(CheckIn.id == checkin_id, CheckIn.asked_to_cancel_at.is_(None))
    return rows_changed(session.execute(claimed.values(asked_to_cancel_at=now))) == 1


def record_given_back(session: Session, checkin_id: int, hours: float, now: datetime) -> bool:
    """Record the attendee-hours a week its series gave back (ended, cancelled or shorter),
    once: a later sync that sees the same does not move the date. Whether it was recorded."""
    recorded = update(CheckIn).where(CheckIn.id == checkin_id, CheckIn.given_back_at.is_(None))
    values = {"hours_given_back": hours, "given_back_at": now}
    return rows_changed(session.execute(recorded.values(**values))) == 1


def given_back(session: Session, start: datetime, end: datetime) -> GivenBack:
    """Attendee-hours a week given back: recorded from start to end, and in total."""
    running = CheckIn.status != Status.STOPPED
    hours = func.coalesce(func.sum(CheckIn.hours_given_back), 0.0)
    recent = session.scalar(
        select(hours).where(running, CheckIn.given_back_at >= start, CheckIn.given_back_at < end)
    )
    total = session.scalar(select(hours).where(running, CheckIn.given_back_at.is_not(None)))
    return GivenBack(float(recent or 0.0), float(total or 0.0))


def answer_rates(session: Session, start: datetime, end: datetime) -> list[AnswerRate]:
    """Each check-in's rounds wrapped up from start to end, and how many were asked and
    answered in them (aggregates: nobody is named), by title."""
    rows = session.execute(
        select(
            CheckIn.id, CheckIn.title, CheckIn.channel_id, func.count(CheckInRound.id),
            func.coalesce(func.sum(CheckInRound.asked_count), 0),
            func.coalesce(func.sum(CheckInRound.answered_count), 0),
        )
        .join(CheckInRound, CheckInRound.checkin_id == CheckIn.id)
        .where(
            CheckInRound.state == RoundState.WRAPPED,
            CheckInRound.wrapped_at >= start,
            CheckInRound.wrapped_at < end,
        )
        .group_by(CheckIn.id, CheckIn.title, CheckIn.channel_id)
        .order_by(CheckIn.title, CheckIn.id)
    )  # fmt: skip
    return [AnswerRate(i, t, c, n, int(a or 0), int(b or 0)) for i, t, c, n, a, b in rows]
