"""The SQL check-ins need about what they replace: the meeting series, its attendees, and the
channels a new check-in may default to. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.checkins.tables import CheckIn, Status
from bot.cleanup.tables import SummaryChannel
from bot.meetings.tables import Meeting, MeetingAttendee, MeetingSighting


def summary_channel(session: Session) -> str | None:
    """A channel that gets the weekly summary, if any (the first by id, for a stable pick)."""
    return session.scalar(select(SummaryChannel.channel_id).order_by(SummaryChannel.channel_id))


def latest_channel(session: Session, organizer_id: str) -> str | None:
    """The channel of the organizer's most recent check-in."""
    return session.scalar(
        select(CheckIn.channel_id)
        .where(CheckIn.organizer_id == organizer_id)
        .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
        .limit(1)
    )


def series_meetings(session: Session, series_key: str, limit: int) -> list[Meeting]:
    """The series' latest occurrences, newest first."""
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.series_key == series_key)
            .order_by(Meeting.starts_at.desc())
            .limit(limit)
        )
    )


def attendees(session: Session, meeting_ids: Sequence[int]) -> list[str]:
    """Slack users attending these meetings: matched attendees, and people whose own feed
    has the meeting."""
    matched = select(MeetingAttendee.user_id).where(MeetingAttendee.meeting_id.in_(meeting_ids))
    seen = select(MeetingSighting.user_id).where(MeetingSighting.meeting_id.in_(meeting_ids))
    return [*session.scalars(matched), *session.scalars(seen)]


def recent_of(session: Session, organizer_id: str, since: datetime) -> list[CheckIn]:
    """The organizer's check-ins created since then and not stopped."""
    return list(
        session.scalars(
            select(CheckIn).where(
                CheckIn.organizer_id == organizer_id,
                CheckIn.created_at >= since,
                CheckIn.status != Status.STOPPED,
            )
        )
    )


def latest_shape(session: Session, series_key: str) -> tuple[int, int] | None:
    """(people, minutes) of the series' latest occurrence, if Kairos knows it."""
    row = session.execute(
        select(Meeting.people, Meeting.minutes)
        .where(Meeting.series_key == series_key)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).first()
    return None if row is None else (row.people, row.minutes)
