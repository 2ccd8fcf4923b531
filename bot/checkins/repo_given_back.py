"""The SQL of the hours check-ins give back: the series watched across a calendar sync, and
the figures of the check-ins one channel's weekly summary covers. Never commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from bot.checkins.repo import AnswerRate, GivenBack, answer_rates
from bot.checkins.tables import CheckIn, Status
from bot.meetings.tables import Meeting, MeetingSighting

# The meetings domain's flag of a recurring series without an end date (MeetingFlags).
OPEN_ENDED = "recurring_without_end"


@dataclass(frozen=True)
class WatchedCheckIn:
    """A check-in not stopped whose series has given nothing back yet."""

    checkin_id: int
    series_key: str
    zone: str


@dataclass(frozen=True)
class SeriesMeeting:
    """One stored occurrence of a series: when, how many people, how long."""

    starts_at: datetime
    people: int
    minutes: int
    open_ended: bool = False  # a recurring series with no end date (no UNTIL or COUNT)


def watched(session: Session) -> list[WatchedCheckIn]:
    """The check-ins whose series a calendar sync may show ended, cancelled or shortened."""
    rows = session.execute(
        select(CheckIn.id, CheckIn.series_key, CheckIn.zone)
        .where(
            CheckIn.series_key.is_not(None),
            CheckIn.status != Status.STOPPED,
            CheckIn.given_back_at.is_(None),
        )
        .order_by(CheckIn.id)
    )
    return [WatchedCheckIn(i, str(key), zone) for i, key, zone in rows]


def upcoming(
    session: Session, series_keys: Collection[str], start: datetime, end: datetime
) -> dict[str, list[SeriesMeeting]]:
    """The stored occurrences of these series that start from start to end and that some
    feed still shows, by start."""
    found: dict[str, list[SeriesMeeting]] = {key: [] for key in series_keys}
    if not series_keys:
        return found
    rows = session.execute(
        select(
            Meeting.series_key, Meeting.starts_at, Meeting.people, Meeting.minutes, Meeting.flags
        )
        .where(
            Meeting.series_key.in_(sorted(series_keys)),
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            # A row no feed shows is a meeting gone from every calendar: two feeds dropping
            # it in the same moment (PostgreSQL) can each leave it to the other to delete.
            exists().where(MeetingSighting.meeting_id == Meeting.id),
        )
        .order_by(Meeting.series_key, Meeting.starts_at)
    )
    for key, starts_at, people, minutes, flags in rows:
        open_ended = OPEN_ENDED in str(flags or "").split(",")
        found[key].append(SeriesMeeting(starts_at, people, minutes, open_ended))
    return found


def covered(session: Session, channel_id: str, members: Sequence[str]) -> set[int]:
    """The check-ins a channel's summary covers: posted in it, or organized by a member."""
    return set(
        session.scalars(
            select(CheckIn.id).where(
                or_(CheckIn.channel_id == channel_id, CheckIn.organizer_id.in_(list(members)))
            )
        )
    )


def given_back_by(
    session: Session, checkin_ids: Collection[int], start: datetime, end: datetime
) -> GivenBack:
    """Attendee-hours a week given back by these check-ins (those not stopped): recorded
    from start to end, and in total."""
    if not checkin_ids:
        return GivenBack(0.0, 0.0)
    hours = func.coalesce(func.sum(CheckIn.hours_given_back), 0.0)
    these = (CheckIn.id.in_(sorted(checkin_ids)), CheckIn.status != Status.STOPPED)
    recent = session.scalar(
        select(hours).where(*these, CheckIn.given_back_at >= start, CheckIn.given_back_at < end)
    )
    total = session.scalar(select(hours).where(*these, CheckIn.given_back_at.is_not(None)))
    return GivenBack(float(recent or 0.0), float(total or 0.0))


def answer_rates_of(
    session: Session, checkin_ids: Collection[int], start: datetime, end: datetime
) -> list[AnswerRate]:
    """The answer rates of these check-ins' rounds wrapped up from start to end."""
    return [rate for rate in answer_rates(session, start, end) if rate.checkin_id in checkin_ids]
