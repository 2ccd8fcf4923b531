"""No agenda, no attendee: nudging organizers of meetings that have no agenda (DOMAIN rule 4).

One nudge per series (or single meeting), and one reminder 24 hours before the next
occurrence if there is still no agenda. A nudge waits while its organizer is focusing
or outside their working hours: it is a request for their attention, like a mention.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError, NotYours, UnreadableValue
from bot.fanout import Budget, fan_out_due
from bot.focus import repo as focus_repo
from bot.focus.language import language_for
from bot.focus.model import zone_named
from bot.i18n import _, speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.meetings import repo
from bot.meetings.messages import AGENDA_FIELD, NudgeMessage, nudge_message
from bot.meetings.model import is_series_key
from bot.meetings.tables import AgendaNudge, Meeting
from bot.ports import SlackPort
from bot.retry import Retries
from bot.scheduler import Outcome, more_due

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
    first: dict[str, Meeting] = {}
    for meeting in repo.nudgeable_meetings(session, now, now + AHEAD):
        first.setdefault(meeting.series_key, meeting)
    return first


def due_nudges(session: Session, now: datetime) -> list[Due]:
    """Nudges and reminders whose time has come (organizers' focus not yet considered)."""
    first = _next_without_agenda(session, now)
    if not first:
        return []
    sent = {n.series_key: n for n in repo.nudges(session, first)}
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
    for person in focus_repo.reachability(session, [user_id], now=now):
        tz = zone_named(person.tz)
        if person.state.away_reason(tz, now) is not None:  # focus, off hours, leave, holiday
            return True
    return False


def send_due_nudges(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries | None = None,
    *,
    budget: Budget | None = None,
    language: Language = DEFAULT_LANGUAGE,
) -> int | Outcome:
    """Send what is due to organizers who are not focusing, several at once (bot/fanout.py);
    how many went out, or Outcome.MORE_DUE when the budget ran out first. A nudge Slack
    refuses is retried after a backoff (`retries`); the others still go. Each organizer is
    nudged in their language; `language` (KAIROS_LANGUAGE) for those Kairos knows none of."""
    retries = retries or Retries("agenda nudges")
    with uow() as session:
        due = [d for d in due_nudges(session, now) if not _away(session, d.organizer_id, now)]
    work = partial(_attempt_nudge, uow, slack, now, retries, language=language)
    ran = fan_out_due(due, _series, work, retries=retries, now=now, budget=budget)
    return more_due(sum(ran.results), "nudge(s) sent") if ran.stopped else sum(ran.results)


def _series(item: Due) -> str:
    return item.series_key


def _attempt_nudge(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    item: Due,
    *,
    language: Language = DEFAULT_LANGUAGE,
) -> int:
    send = partial(_send_nudge, uow, slack, item, now, language)
    return retries.attempt(item.series_key, now, send, context=f"for {item.organizer_id}") or 0


def _send_nudge(
    uow: UnitOfWork, slack: SlackPort, item: Due, now: datetime, default: Language
) -> int:
    tz = zone_named(slack.user_timezone(item.organizer_id))
    # Recorded and sent in one unit of work: a failed DM is tried again after its backoff.
    with uow() as session:
        nudge = repo.nudge(session, item.series_key)
        if nudge is None:
            nudge = repo.add_nudge(session, item.series_key, item.organizer_id, item.starts_at, now)
        elif item.reminder and nudge.reminded_at is None:
            nudge.reminded_at = now
        else:
            return 0  # another replica got there first
        # In the organizer's language, set here: a fan_out worker thread does not inherit it.
        with speaking(language_for(session, item.organizer_id, default)):
            message = nudge_message(_nudge_of(item), tz=tz)
        nudge.channel_id, nudge.message_ts = slack.send_dm(
            item.organizer_id, message.text, message.blocks
        )
    return 1


def _nudge_of(item: Due) -> NudgeMessage:
    return NudgeMessage(item.series_key, item.title, item.starts_at, item.people, item.reminder)


class NotYourMeeting(NotYours):
    """Someone pressed a button on a nudge that is not theirs (forwarded, or forged)."""

    def __init__(self) -> None:
        super().__init__(
            _("That isn't yours: only the meeting's organizer can change it. Nothing was changed.")
        )


def _own_nudge(session: Session, series_key: str, user_id: str) -> AgendaNudge:
    """The nudge for this series, if it was sent to this person; otherwise a refusal."""
    if not is_series_key(series_key):
        raise UnreadableValue(field=AGENDA_FIELD)
    nudge = repo.nudge(session, series_key)
    if nudge is None or nudge.organizer_id != user_id:
        raise NotYourMeeting()
    return nudge


def agenda_form(uow: UnitOfWork, series_key: str, user_id: str) -> str:
    """ "Add agenda": the title for the organizer's modal (no one else learns it)."""
    with uow() as session:
        _own_nudge(session, series_key, user_id)
        return _title(session, series_key)


@dataclass(frozen=True)
class Settled:
    """A nudge its organizer answered: the meeting's title, and where the nudge DM is."""

    title: str
    channel_id: str | None
    message_ts: str | None


def _settled(session: Session, nudge: AgendaNudge) -> Settled:
    return Settled(_title(session, nudge.series_key), nudge.channel_id, nudge.message_ts)


def not_needed(uow: UnitOfWork, series_key: str, user_id: str, now: datetime) -> Settled:
    """ "Not needed": no more nudges for this series."""
    with uow() as session:
        nudge = _own_nudge(session, series_key, user_id)
        nudge.dismissed_at = nudge.dismissed_at or now
        return _settled(session, nudge)


def save_agenda(
    uow: UnitOfWork, series_key: str, user_id: str, agenda: str, now: datetime
) -> Settled:
    """The organizer's agenda, kept by Kairos (a calendar feed is read-only)."""
    if not is_series_key(series_key):
        # The form's metadata, not what the person typed: say so, and keep nothing.
        raise UnreadableValue(
            _("I couldn't read that form. Nothing was saved."), field=AGENDA_FIELD
        )
    text = agenda.strip()
    if len(text) < 3:
        raise KairosUserError(
            _("Write a line or two: what is the meeting for?"), field=AGENDA_FIELD
        )
    if len(text) > MAX_AGENDA_CHARS:
        raise KairosUserError(
            _(
                "That's {count} characters; an agenda here can be at most {limit}. "
                "Link a document for the long version.",
                count=len(text),
                limit=MAX_AGENDA_CHARS,
            ),
            field=AGENDA_FIELD,
        )
    with uow() as session:
        nudge = _own_nudge(session, series_key, user_id)
        nudge.agenda, nudge.agenda_at = text, now
        return _settled(session, nudge)


def _title(session: Session, series_key: str) -> str:
    """The title of a series' next meeting (for the organizer's messages), or a neutral one."""
    return repo.series_title(session, series_key) or _("your meeting")
