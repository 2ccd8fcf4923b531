"""Attendees' side of "no agenda, no attendee": digest lines and the anonymous ask.

An attendee who uses Kairos sees each upcoming meeting without an agenda once, in their
next digest, with an "Ask for an agenda" button; if the organizer gave Kairos an agenda,
they see that instead. Asks are counted per series and told to the organizer as a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError, NotYours, UnreadableValue
from bot.meetings.model import is_series_key
from bot.meetings.tables import AgendaNotice, AgendaNudge, Meeting, MeetingAttendee

AHEAD = timedelta(days=14)
PER_DIGEST = 3


@dataclass(frozen=True)
class Notice:
    """One meeting to mention in an attendee's digest."""

    series_key: str
    title: str
    starts_at: datetime
    agenda: str | None  # the agenda the organizer gave Kairos, if any


def pending_notices(session: Session, user_id: str, now: datetime) -> list[Notice]:
    """Up to PER_DIGEST series this person attends that lack an agenda, not shown before."""
    shown = select(AgendaNotice.series_key).where(AgendaNotice.user_id == user_id)
    rows = session.execute(
        select(Meeting, AgendaNudge.agenda, AgendaNudge.dismissed_at)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .outerjoin(AgendaNudge, AgendaNudge.series_key == Meeting.series_key)
        .where(
            MeetingAttendee.user_id == user_id,
            Meeting.starts_at >= now,
            Meeting.starts_at < now + AHEAD,
            Meeting.has_agenda.is_(False),
            Meeting.exemption.is_(None),
            Meeting.people >= 2,
            Meeting.organizer_id.is_distinct_from(user_id),
            Meeting.series_key.not_in(shown),
        )
        .order_by(Meeting.starts_at)
    )
    found: dict[str, Notice] = {}
    for meeting, agenda, dismissed in rows:
        if dismissed is not None and agenda is None:
            continue  # the organizer said no agenda is needed
        found.setdefault(
            meeting.series_key, Notice(meeting.series_key, meeting.title, meeting.starts_at, agenda)
        )
    return list(found.values())[:PER_DIGEST]


def mark_noticed(session: Session, user_id: str, notices: Sequence[Notice], now: datetime) -> None:
    """These notices went out in a digest: never again for these series."""
    for notice in notices:
        if session.get(AgendaNotice, (notice.series_key, user_id)) is None:
            session.add(AgendaNotice(series_key=notice.series_key, user_id=user_id, noticed_at=now))


@dataclass(frozen=True)
class Ask:
    """The outcome of an "Ask for an agenda" press."""

    asks: int  # attendees who asked, this one included
    new: bool  # False when this person had asked already
    organizer_id: str | None
    title: str


def ask_for_agenda(uow: UnitOfWork, series_key: str, user_id: str, now: datetime) -> Ask:
    """Count one attendee's ask (once per person); who asked is never told."""
    if not is_series_key(series_key):
        raise UnreadableValue()
    with uow() as session:
        meeting = _attended(session, series_key, user_id)
        notice = session.get(AgendaNotice, (series_key, user_id))
        if notice is None:
            notice = AgendaNotice(series_key=series_key, user_id=user_id, noticed_at=now)
            session.add(notice)
        new = notice.asked_at is None
        notice.asked_at = notice.asked_at or now
        session.flush()
        asks = session.scalar(
            select(func.count())
            .select_from(AgendaNotice)
            .where(AgendaNotice.series_key == series_key, AgendaNotice.asked_at.is_not(None))
        )
        return Ask(int(asks or 0), new, meeting.organizer_id, meeting.title)


def _attended(session: Session, series_key: str, user_id: str) -> Meeting:
    """The series' first meeting, if this person is invited to it and did not organize it."""
    meeting = session.scalar(
        select(Meeting).where(Meeting.series_key == series_key).order_by(Meeting.starts_at)
    )
    if meeting is None:
        raise KairosUserError("That meeting is no longer in anyone's calendar.")
    if meeting.organizer_id == user_id:
        raise NotYours(
            "That isn't yours to ask: it's your own meeting. Add its agenda from the nudge "
            "Kairos sent you."
        )
    invited = session.scalar(
        select(MeetingAttendee.user_id)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(Meeting.series_key == series_key, MeetingAttendee.user_id == user_id)
        .limit(1)
    )
    if invited is None:
        raise NotYours(
            "That isn't yours: only the meeting's attendees can ask for its agenda. "
            "Nothing was sent."
        )
    return meeting
