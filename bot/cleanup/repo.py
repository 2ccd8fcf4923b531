"""Reading what the summary needs: members' meetings, focus figures, answers, history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bot.cleanup.channel_questions import AskedRow
from bot.cleanup.model import FocusFigures, MeetingRow, WeekPoint
from bot.cleanup.tables import AsyncQuestion, SummaryPost
from bot.db.lists import in_batches
from bot.focus.absence import DaysOff
from bot.focus.model import zone_named
from bot.focus.periods import schedule_periods
from bot.focus.repo import reachability
from bot.focus.tables import HeldMention, Person, UrgentUse
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee, MeetingSighting
from bot.norms.tables import NormQuestion

# Bound parameters per IN list: well inside SQLite's and PostgreSQL's limits. The summary
# benchmark's prepared-statement figures are for this size (bench/summary.py).
CHUNK = 900


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    return in_batches(ids, CHUNK)


def plan_for_these_values(session: Session) -> None:
    """Have PostgreSQL plan this transaction's queries for their actual values.

    psycopg prepares a statement it has run five times on a connection, and PostgreSQL may
    then keep one generic plan for it. For the summary's meetings query that plan guesses
    a hundred meetings in the window instead of thousands and picks a nested loop: two
    times slower in bench/summary.py. SET LOCAL ends with the transaction.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def with_calendars(session: Session, user_ids: Sequence[str]) -> list[str]:
    """The people among these who connected a calendar."""
    found: list[str] = []
    for chunk in _chunks(sorted(set(user_ids))):
        found.extend(
            session.scalars(select(CalendarFeed.user_id).where(CalendarFeed.user_id.in_(chunk)))
        )
    return sorted(found)


def asked_in(session: Session, channel_id: str, start: datetime, end: datetime) -> list[AskedRow]:
    """The questions asked in the channel in [start, end): one row per person asked."""
    found = session.execute(
        select(
            NormQuestion.message_ts,
            NormQuestion.asked_at,
            NormQuestion.due_at,
            NormQuestion.answered_at,
        ).where(
            NormQuestion.channel_id == channel_id,
            NormQuestion.asked_at >= start,
            NormQuestion.asked_at < end,
        )
    )
    return [AskedRow(*row) for row in found]


def meeting_rows(
    session: Session, user_ids: Sequence[str], start: datetime, end: datetime
) -> list[MeetingRow]:
    """Meetings in any of these people's calendars starting in start..end (may repeat)."""
    rows: list[MeetingRow] = []
    for chunk in _chunks(user_ids):
        seen = select(MeetingSighting.meeting_id).where(MeetingSighting.user_id.in_(chunk))
        query = select(
            Meeting.id,
            Meeting.series_key,
            Meeting.title,
            Meeting.starts_at,
            Meeting.ends_at,
            Meeting.people,
            Meeting.is_recurring,
            Meeting.is_private,
            Meeting.has_agenda,
            Meeting.flags,
            Meeting.organizer_id,
        ).where(Meeting.starts_at >= start, Meeting.starts_at < end, Meeting.id.in_(seen))
        for row in session.execute(query):
            rows.append(
                MeetingRow(
                    meeting_id=row.id,
                    series_key=row.series_key,
                    title="" if row.is_private else row.title,
                    starts_at=row.starts_at,
                    ends_at=row.ends_at,
                    people=row.people,
                    is_recurring=row.is_recurring,
                    is_private=row.is_private,
                    has_agenda=row.has_agenda,
                    flags=frozenset(filter(None, row.flags.split(","))),
                    organizer_id=row.organizer_id,
                )
            )
    return rows


def attendees_days_off(
    session: Session, meeting_ids: Sequence[int], since: datetime
) -> tuple[list[tuple[int, str]], dict[str, tuple[ZoneInfo, DaysOff]]]:
    """(meeting id, user id) of these meetings' attendees who are Kairos users, and each such
    user's zone and days off (leave ending before `since` left out): two queries a chunk."""
    pairs: list[tuple[int, str]] = []
    for chunk in in_batches(sorted(set(meeting_ids)), CHUNK):
        query = (
            select(MeetingAttendee.meeting_id, MeetingAttendee.user_id)
            .join(Person, Person.user_id == MeetingAttendee.user_id)
            .where(MeetingAttendee.meeting_id.in_(chunk))
        )
        pairs.extend((meeting_id, user_id) for meeting_id, user_id in session.execute(query))
    days_off: dict[str, tuple[ZoneInfo, DaysOff]] = {}
    for users in _chunks(sorted({user_id for _meeting, user_id in pairs})):
        for person in reachability(session, users, now=since):
            if person.state.days_off:
                days_off[person.user_id] = (zone_named(person.tz), person.state.days_off)
    return pairs, days_off


def focus_figures(
    session: Session, user_ids: Sequence[str], start: datetime, end: datetime
) -> FocusFigures:
    """Focus hours in start..end and the mentions held and urgent uses, over these people."""
    hours = 0.0
    held = delivered = urgent = 0
    for chunk in _chunks(user_ids):
        for person in reachability(session, chunk):
            zone = zone_named(person.tz)
            for period in schedule_periods(person.state.blocks, zone, start, end):
                overlap = min(period.end, end) - max(period.start, start)
                hours += max(overlap.total_seconds(), 0) / 3600
        counts = session.execute(
            select(HeldMention.status, func.count())
            .where(
                HeldMention.recipient_id.in_(chunk),
                HeldMention.held_at >= start,
                HeldMention.held_at < end,
            )
            .group_by(HeldMention.status)
        )
        for status, count in counts:
            held += count
            delivered += count if status in ("delivered", "seen") else 0
        urgent += (
            session.scalar(
                select(func.count()).where(
                    UrgentUse.recipient_id.in_(chunk), UrgentUse.at >= start, UrgentUse.at < end
                )
            )
            or 0
        )
    return FocusFigures(hours, held, delivered, urgent)


def answers(
    session: Session, series_keys: Iterable[str], since: datetime
) -> list[tuple[str, str, str]]:
    """(series, person, answer) for answers given since then, oldest first."""
    keys = sorted(set(series_keys))
    found: list[tuple[str, str, str]] = []
    for chunk in _chunks(keys):
        query = (
            select(AsyncQuestion.series_key, AsyncQuestion.user_id, AsyncQuestion.answer)
            .where(
                AsyncQuestion.series_key.in_(chunk),
                AsyncQuestion.answer.is_not(None),
                AsyncQuestion.answered_at >= since,
            )
            .order_by(AsyncQuestion.answered_at, AsyncQuestion.id)
        )
        found.extend(
            (row.series_key, row.user_id, str(row.answer)) for row in session.execute(query)
        )
    return found


def history_hours(session: Session, channel_id: str, before: date, weeks: int) -> list[float]:
    """Meeting hours of the channel's last posted weekly summaries before a date, oldest first."""
    query = (
        select(SummaryPost.meeting_hours)
        .where(
            SummaryPost.channel_id == channel_id,
            SummaryPost.week < before,
            SummaryPost.posted_at.is_not(None),
            SummaryPost.meeting_hours.is_not(None),
        )
        .order_by(SummaryPost.week.desc())
        .limit(weeks)
    )
    return [float(hours) for hours in reversed(list(session.scalars(query))) if hours is not None]


def history_weeks(session: Session, channel_id: str, before: date, weeks: int) -> list[WeekPoint]:
    """The channel's last posted weekly summaries before a date, as chart weeks, oldest first."""
    query = (
        select(SummaryPost.week, SummaryPost.meeting_hours, SummaryPost.attendee_hours)
        .where(
            SummaryPost.channel_id == channel_id,
            SummaryPost.week < before,
            SummaryPost.posted_at.is_not(None),
            SummaryPost.meeting_hours.is_not(None),
        )
        .order_by(SummaryPost.week.desc())
        .limit(weeks)
    )
    rows = reversed(session.execute(query).all())
    return [WeekPoint(week, float(hours or 0.0), attendee) for week, hours, attendee in rows]
