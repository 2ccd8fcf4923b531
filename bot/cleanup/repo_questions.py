"""The could-it-be-async questions: who is due one, who was asked, what they answered.
Never commits: the caller's unit of work does."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Exists, Row, exists, or_, select, union
from sqlalchemy.orm import Session

from bot.cleanup.model import FRESH_FOR, ONE_A_DAY, SAME_SERIES_AGAIN_AFTER
from bot.cleanup.tables import AsyncQuestion
from bot.db.base import table
from bot.db.inserts import insert_new
from bot.focus.tables import Person
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee


def _asked_lately(user_id: str, now: datetime) -> Exists:
    """Whether the person was asked anything in the last day (a rolling 24 hours, so
    never twice on one calendar day, wherever they are)."""
    return exists().where(
        AsyncQuestion.user_id == user_id, AsyncQuestion.asked_at > now - ONE_A_DAY
    )


def asked_lately(session: Session, user_id: str, now: datetime) -> bool:
    """Whether the person was asked anything in the last 24 hours."""
    return bool(session.scalar(select(_asked_lately(user_id, now))))


def meeting_to_ask_about(
    session: Session, user_id: str, now: datetime
) -> Row[str, datetime, str] | None:
    """(series, start, title) of the person's recurring meeting that ended last, within
    FRESH_FOR, in a series they were not asked about lately; None when there is none."""
    recent = select(AsyncQuestion.series_key).where(
        AsyncQuestion.user_id == user_id,
        AsyncQuestion.asked_at >= now - SAME_SERIES_AGAIN_AFTER,
    )
    return session.execute(
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


def add_asked(
    session: Session,
    user_id: str,
    *,
    series_key: str,
    starts_at: datetime,
    title: str,
    via: str,
    now: datetime,
) -> None:
    """Record that a question went out (a second record of it is ignored)."""
    insert_new(
        session,
        table(AsyncQuestion),
        [
            {
                "user_id": user_id,
                "series_key": series_key,
                "meeting_starts_at": starts_at,
                "asked_at": now,
                "via": via,
                "title": title,
            }
        ],
        ["user_id", "series_key", "meeting_starts_at"],
    )


def _may_answer(user_id: str, series_key: str, starts_at: datetime) -> ColumnElement[bool]:
    """Whether the question was asked of this person, or could have been and its record was
    lost (the question goes out before it is recorded): they attended that occurrence."""
    asked = exists().where(
        AsyncQuestion.user_id == user_id,
        AsyncQuestion.series_key == series_key,
        AsyncQuestion.meeting_starts_at == starts_at,
    )
    attended = exists().where(
        MeetingAttendee.meeting_id == Meeting.id,
        MeetingAttendee.user_id == user_id,
        Meeting.series_key == series_key,
        Meeting.starts_at == starts_at,
        Meeting.is_recurring.is_(True),
        Meeting.is_private.is_(False),
        Meeting.people >= 2,  # as meeting_to_ask_about asks
    )
    return or_(asked, attended)


def may_answer(session: Session, user_id: str, series_key: str, starts_at: datetime) -> bool:
    """Whether this person was asked (or could have been asked) about that occurrence."""
    return bool(session.scalar(select(_may_answer(user_id, series_key, starts_at))))


def set_answer(
    session: Session,
    user_id: str,
    *,
    series_key: str,
    starts_at: datetime,
    answer: str,
    now: datetime,
) -> None:
    """Store the person's answer on the recorded question (which must exist)."""
    row = session.scalars(
        select(AsyncQuestion).where(
            AsyncQuestion.user_id == user_id,
            AsyncQuestion.series_key == series_key,
            AsyncQuestion.meeting_starts_at == starts_at,
        )
    ).one()
    row.answer, row.answered_at = answer, now


def candidates(session: Session, now: datetime, limit: int) -> list[str]:
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
            .limit(limit)
        )
    )
