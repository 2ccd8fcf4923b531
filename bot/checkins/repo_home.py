"""The SQL of the check-ins part of App Home: the person's own recurring meetings, from
their feed, that have no check-in yet. Never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from bot.checkins.tables import CheckIn, Status
from bot.meetings.tables import Meeting, MeetingSighting

# A recurring "meeting" of one person is a reminder or a focus block, not a meeting.
MIN_PEOPLE = 2


@dataclass(frozen=True)
class OwnSeries:
    """One recurring meeting the person organizes: its next occurrence."""

    series_key: str
    title: str
    next_at: datetime


def own_series(
    session: Session, user_id: str, now: datetime, limit: int
) -> tuple[list[OwnSeries], int]:
    """The first `limit` recurring meetings in the person's feed that they organize, with
    two people or more, still to come and without a running check-in, soonest first; and
    how many there are in all."""
    has_checkin = exists().where(
        CheckIn.series_key == Meeting.series_key, CheckIn.status != Status.STOPPED
    )
    upcoming = (
        select(Meeting.series_key, func.min(Meeting.starts_at).label("next_at"))
        .join(MeetingSighting, MeetingSighting.meeting_id == Meeting.id)
        .where(
            MeetingSighting.user_id == user_id,
            Meeting.organizer_id == user_id,
            Meeting.is_recurring.is_(True),
            Meeting.people >= MIN_PEOPLE,
            Meeting.starts_at >= now,
            ~has_checkin,
        )
        .group_by(Meeting.series_key)
        .order_by(func.min(Meeting.starts_at), Meeting.series_key)
    )
    rows = session.execute(upcoming).all()
    found = []
    for series_key, next_at in rows[:limit]:
        title = session.scalar(
            select(Meeting.title)
            .where(Meeting.series_key == series_key, Meeting.starts_at == next_at)
            .limit(1)
        )
        found.append(OwnSeries(series_key, title or "", next_at))
    return found, len(rows)
