"""No agenda, no attendee: nudging organizers of meetings that have no agenda (DOMAIN rule 4).

One nudge per series (or single meeting), and one reminder 24 hours before the next
occurrence if there is still no agenda. A nudge waits while its organizer is focusing
or outside their working hours: it is a request for their attention, like a mention.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus import repo as focus_repo
from bot.focus.model import off_hours
from bot.focus.service import zone_named
from bot.meetings.tables import AgendaNudge, Meeting
from bot.ports import SlackPort
from bot.slack.blocks.nudges import NudgeMessage, nudge_message

log = logging.getLogger(__name__)

AHEAD = timedelta(days=14)
REMIND_BEFORE = timedelta(hours=24)
NUDGES_PER_SWEEP = 50
MAX_AGENDA_CHARS = 2900  # one Block Kit section, with room for a heading


@dataclass(frozen=True)
class Due:
    """A nudge or reminder to send now."""

    series_key: str
    organizer_id: str
    title: str
    starts_at: datetime
    people: int
    reminder: bool


def _next_without_agenda(session: Session, now: datetime) -> dict[str, Meeting]:
    """Per series, the next meeting that may be nudged: no agenda, two+ people, no exemption."""
    rows = session.scalars(
        select(Meeting)
        .where(
            Meeting.starts_at >= now,
            Meeting.starts_at < now + AHEAD,
            Meeting.has_agenda.is_(False),
            Meeting.exemption.is_(None),
            Meeting.organizer_id.is_not(None),
            Meeting.people >= 2,
        )
        .order_by(Meeting.starts_at)
    )
    first: dict[str, Meeting] = {}
    for meeting in rows:
        first.setdefault(meeting.series_key, meeting)
    return first


def due_nudges(session: Session, now: datetime) -> list[Due]:
    """Nudges and reminders whose time has come (organizers' focus not yet considered)."""
    first = _next_without_agenda(session, now)
    if not first:
        return []
    sent = {
        n.series_key: n
        for n in session.scalars(
            select(AgendaNudge).where(AgendaNudge.series_key.in_(sorted(first)))
        )
    }
    due: list[Due] = []
    for key, meeting in first.items():
        assert meeting.organizer_id is not None
        nudge = sent.get(key)
        if nudge is None:
            reminder = False
        elif (
            nudge.dismissed_at is None
            and nudge.agenda is None
            and nudge.reminded_at is None
            and meeting.starts_at - REMIND_BEFORE <= now
        ):
            reminder = True
        else:
            continue
        organizer, title = meeting.organizer_id, meeting.title
        due.append(Due(key, organizer, title, meeting.starts_at, meeting.people, reminder))
    return due[:NUDGES_PER_SWEEP]


def _away(session: Session, user_id: str, now: datetime) -> bool:
    for person in focus_repo.reachability(session, [user_id]):
        tz = zone_named(person.tz)
        if person.state.in_focus(tz, now) or off_hours(person.state.working_hours, tz, now):
            return True
    return False


def send_due_nudges(uow: UnitOfWork, slack: SlackPort, now: datetime) -> int:
    """Send what is due to organizers who are not focusing; how many went out."""
    with uow() as session:
        due = [d for d in due_nudges(session, now) if not _away(session, d.organizer_id, now)]
    sent = 0
    for item in due:
        message = nudge_message(
            NudgeMessage(
                series_key=item.series_key,
                title=item.title,
                starts_at=item.starts_at,
                people=item.people,
                reminder=item.reminder,
            ),
            tz=zone_named(slack.user_timezone(item.organizer_id)),
        )
        # Recorded and sent in one unit of work: a failed DM is tried again next sweep.
        with uow() as session:
            nudge = session.get(AgendaNudge, item.series_key)
            if nudge is None:
                nudge = AgendaNudge(
                    series_key=item.series_key,
                    organizer_id=item.organizer_id,
                    meeting_starts_at=item.starts_at,
                    sent_at=now,
                )
                session.add(nudge)
            elif item.reminder and nudge.reminded_at is None:
                nudge.reminded_at = now
            else:
                continue  # another replica got there first
            nudge.channel_id, nudge.message_ts = slack.send_dm(
                item.organizer_id, message.text, message.blocks
            )
        sent += 1
    return sent


class NotYourMeeting(KairosUserError):  # noqa: N818 - reads better at call sites
    """Someone pressed a button on a nudge that is not theirs (forwarded, say)."""

    def __init__(self) -> None:
        super().__init__("Only the meeting's organizer can change this.")


def _own_nudge(session: Session, series_key: str, user_id: str) -> AgendaNudge:
    nudge = session.get(AgendaNudge, series_key)
    if nudge is None or nudge.organizer_id != user_id:
        raise NotYourMeeting()
    return nudge


def not_needed(uow: UnitOfWork, series_key: str, user_id: str, now: datetime) -> AgendaNudge:
    """ "Not needed": no more nudges for this series."""
    with uow() as session:
        nudge = _own_nudge(session, series_key, user_id)
        nudge.dismissed_at = nudge.dismissed_at or now
        return nudge


def save_agenda(
    uow: UnitOfWork, series_key: str, user_id: str, agenda: str, now: datetime
) -> AgendaNudge:
    """The organizer's agenda, kept by Kairos (a calendar feed is read-only)."""
    text = agenda.strip()
    if len(text) < 3:
        raise KairosUserError("Write a line or two: what is the meeting for?", field="agenda")
    if len(text) > MAX_AGENDA_CHARS:
        raise KairosUserError(
            f"That's {len(text)} characters; an agenda here can be at most "
            f"{MAX_AGENDA_CHARS}. Link a document for the long version.",
            field="agenda",
        )
    with uow() as session:
        nudge = _own_nudge(session, series_key, user_id)
        nudge.agenda, nudge.agenda_at = text, now
        return nudge


def meeting_title(uow: UnitOfWork, series_key: str) -> str:
    """The title of a series' next meeting (for the modal), or a neutral one."""
    with uow() as session:
        title = session.scalar(
            select(Meeting.title).where(Meeting.series_key == series_key).limit(1)
        )
    return title or "your meeting"
