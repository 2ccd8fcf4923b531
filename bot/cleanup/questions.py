"""Asking "could this meeting have been async?" after a recurring meeting; anonymous answers.

An attendee who uses Kairos is asked about a recurring meeting that ended in the last two
days: in their next digest, or in a DM when no digest is coming. At most one question in
24 hours per person, the same series at most once in four weeks, never during focus or off
hours. Answers feed the weekly summary as counts, shown once three people answered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import ColumnElement, Exists, exists, or_, select, union
from sqlalchemy.orm import Session

from bot.cleanup.answers import Answer
from bot.cleanup.messages import question_message
from bot.cleanup.tables import AsyncQuestion
from bot.db.base import table
from bot.db.inserts import insert_new
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError, NotYours
from bot.focus import repo as focus_repo
from bot.focus.service import zone_named
from bot.focus.tables import Person
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee
from bot.ports import SlackPort
from bot.retry import Retries

log = logging.getLogger(__name__)

# Asked while the meeting is fresh in mind; older ones are let go.
FRESH_FOR = timedelta(days=2)
SAME_SERIES_AGAIN_AFTER = timedelta(days=28)
ONE_A_DAY = timedelta(hours=24)
PER_SWEEP = 200


@dataclass(frozen=True)
class Question:
    """One question for one person about one occurrence of a series."""

    series_key: str
    starts_at: datetime
    title: str


def _asked_lately(user_id: str, now: datetime) -> Exists:
    """Whether the person was asked anything in the last day (a rolling 24 hours, so
    never twice on one calendar day, wherever they are)."""
    return exists().where(
        AsyncQuestion.user_id == user_id, AsyncQuestion.asked_at > now - ONE_A_DAY
    )


def due_question(session: Session, user_id: str, now: datetime) -> Question | None:
    """The question to ask this person now, if any (the caller checks focus)."""
    if session.scalar(select(_asked_lately(user_id, now))):
        return None
    recent = select(AsyncQuestion.series_key).where(
        AsyncQuestion.user_id == user_id,
        AsyncQuestion.asked_at >= now - SAME_SERIES_AGAIN_AFTER,
    )
    meeting = session.execute(
        select(Meeting.series_key, Meeting.starts_at, Meeting.title)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .where(
            MeetingAttendee.user_id == user_id,
            Meeting.is_recurring.is_(True),
            Meeting.is_private.is_(False),
            Meeting.people >= 2,
            Meeting.ends_at <= now,
            Meeting.ends_at >= now - FRESH_FOR,
            Meeting.series_key.not_in(recent),
        )
        .order_by(Meeting.ends_at.desc(), Meeting.id)
        .limit(1)
    ).first()
    if meeting is None:
        return None
    return Question(meeting.series_key, meeting.starts_at, meeting.title)


def mark_asked(session: Session, user_id: str, question: Question, via: str, now: datetime) -> None:
    """Record that the question went out (a second record of it is ignored)."""
    insert_new(
        session,
        table(AsyncQuestion),
        [
            {
                "user_id": user_id,
                "series_key": question.series_key,
                "meeting_starts_at": question.starts_at,
                "asked_at": now,
                "via": via,
                "title": question.title,
            }
        ],
        ["user_id", "series_key", "meeting_starts_at"],
    )


def record_answer(
    session: Session, user_id: str, question: Question, answer: str, now: datetime
) -> None:
    """Keep a person's answer (a later click changes it)."""
    if answer not in {a.value for a in Answer}:
        raise KairosUserError("That answer isn't one I know: choose yes, partly or no.")
    if not session.scalar(select(_may_answer(user_id, question))):
        raise NotYours(
            "That isn't yours: this question was asked of someone else. Nothing was recorded."
        )
    mark_asked(session, user_id, question, "dm", now)  # in case recording the ask was lost
    row = session.scalars(
        select(AsyncQuestion).where(
            AsyncQuestion.user_id == user_id,
            AsyncQuestion.series_key == question.series_key,
            AsyncQuestion.meeting_starts_at == question.starts_at,
        )
    ).one()
    row.answer, row.answered_at = answer, now


def _may_answer(user_id: str, question: Question) -> ColumnElement[bool]:
    """Whether the question was asked of this person, or could have been and its record was
    lost (the question goes out before it is recorded): they attended that occurrence."""
    asked = exists().where(
        AsyncQuestion.user_id == user_id,
        AsyncQuestion.series_key == question.series_key,
        AsyncQuestion.meeting_starts_at == question.starts_at,
    )
    attended = exists().where(
        MeetingAttendee.meeting_id == Meeting.id,
        MeetingAttendee.user_id == user_id,
        Meeting.series_key == question.series_key,
        Meeting.starts_at == question.starts_at,
        Meeting.is_recurring.is_(True),
        Meeting.is_private.is_(False),
        Meeting.people >= 2,  # as due_question asks
    )
    return or_(asked, attended)


def answer_question(
    uow: UnitOfWork, user_id: str, question: Question, answer: str, now: datetime
) -> None:
    """Record an answer in its own transaction."""
    with uow() as session:
        record_answer(session, user_id, question, answer, now)
    log.info("an async-question answer was recorded")  # never who, never what


def _candidates(session: Session, now: datetime) -> list[str]:
    """People who use Kairos and attended a recurring meeting that just ended."""
    users = union(select(Person.user_id), select(CalendarFeed.user_id)).subquery()
    asked = select(AsyncQuestion.user_id).where(AsyncQuestion.asked_at > now - ONE_A_DAY)
    return list(
        session.scalars(
            select(MeetingAttendee.user_id)
            .distinct()
            .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
            .where(
                MeetingAttendee.user_id.in_(select(users.c.user_id)),
                MeetingAttendee.user_id.not_in(asked),
                Meeting.is_recurring.is_(True),
                Meeting.is_private.is_(False),
                Meeting.ends_at <= now,
                Meeting.ends_at >= now - FRESH_FOR,
            )
            .order_by(MeetingAttendee.user_id)
            .limit(PER_SWEEP)
        )
    )


def _ask_now(session: Session, user_id: str, now: datetime) -> Question | None:
    """A question to DM now: the person is free and no digest is waiting to carry it."""
    person = focus_repo.get_person(session, user_id)
    if person is not None:
        if focus_repo.state_of(person).available_at(zone_named(person.tz), now) != now:
            return None  # in focus or off hours: the digest, or a later sweep, asks
        if focus_repo.held_count(session, user_id):
            return None  # a digest is on its way and carries the question
    return due_question(session, user_id, now)


def ask_due_questions(
    uow: UnitOfWork, slack: SlackPort, now: datetime, retries: Retries | None = None
) -> int:
    """DM the question to people who are free and have no digest coming; how many asked.
    A DM Slack refuses is retried after a backoff (`retries`); the others still go."""
    retries = retries or Retries("ask could-it-be-async")
    with uow() as session:
        people = _candidates(session, now)
    asked = 0
    for user_id in people:
        if not retries.due(user_id, now):
            continue
        with uow() as session:
            question = _ask_now(session, user_id, now)
        if question is None:
            continue
        ask = partial(_ask, uow, slack, user_id, question, now)
        asked += retries.attempt(user_id, now, ask, context=f"about {question.series_key}") or 0
    return asked


def _ask(uow: UnitOfWork, slack: SlackPort, user_id: str, question: Question, now: datetime) -> int:
    rendered = question_message(question.series_key, question.starts_at, question.title)
    slack.send_dm(user_id, rendered.text, rendered.blocks)
    with uow() as session:
        mark_asked(session, user_id, question, "dm", now)
    return 1
