"""Attendees' side of "no agenda, no attendee": digest lines and the anonymous ask.

An attendee who uses Kairos sees each upcoming meeting without an agenda once, in their
next digest, with an "Ask for an agenda" button; if the organizer gave Kairos an agenda,
they see that instead. Asks are counted per series and told to the organizer as a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError, NotYours, UnreadableValue
from bot.focus.language import language_for
from bot.i18n import _
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.meetings import repo
from bot.meetings.messages import ask_text
from bot.meetings.model import Notice, is_series_key
from bot.meetings.tables import Meeting
from bot.ports import SlackPort

AHEAD = timedelta(days=14)
PER_DIGEST = 3


def pending_notices(session: Session, user_id: str, now: datetime) -> list[Notice]:
    """Up to PER_DIGEST series this person attends that lack an agenda, not shown before."""
    found: dict[str, Notice] = {}
    for meeting, agenda, dismissed in repo.notice_candidates(session, user_id, now, now + AHEAD):
        if dismissed is not None and agenda is None:
            continue  # the organizer said no agenda is needed
        found.setdefault(
            meeting.series_key, Notice(meeting.series_key, meeting.title, meeting.starts_at, agenda)
        )
    return list(found.values())[:PER_DIGEST]


def mark_noticed(session: Session, user_id: str, notices: Sequence[Notice], now: datetime) -> None:
    """These notices went out in a digest: never again for these series."""
    for notice in notices:
        if repo.notice(session, notice.series_key, user_id) is None:
            repo.add_notice(session, notice.series_key, user_id, now)


@dataclass(frozen=True)
class Ask:
    """The outcome of an "Ask for an agenda" press."""

    asks: int  # attendees who asked, this one included
    new: bool  # False when this person had asked already
    organizer_id: str | None
    title: str
    organizer_language: Language = DEFAULT_LANGUAGE  # who is told speaks their own


def ask_for_agenda(
    uow: UnitOfWork,
    series_key: str,
    user_id: str,
    now: datetime,
    default: Language = DEFAULT_LANGUAGE,
) -> Ask:
    """Count one attendee's ask (once per person); who asked is never told. `default`
    (KAIROS_LANGUAGE) is the organizer's language if Kairos knows none of theirs."""
    if not is_series_key(series_key):
        raise UnreadableValue()
    with uow() as session:
        meeting = _attended(session, series_key, user_id)
        notice = repo.notice(session, series_key, user_id)
        if notice is None:
            notice = repo.add_notice(session, series_key, user_id, now)
        new = notice.asked_at is None
        notice.asked_at = notice.asked_at or now
        session.flush()
        asks = repo.ask_count(session, series_key)
        organizer = meeting.organizer_id
        language = language_for(session, organizer, default) if organizer else default
        return Ask(asks, new, organizer, meeting.title, language)


def tell_organizer(slack: SlackPort, asked: Ask) -> None:
    """A new ask: the organizer hears how many asked (never who); a repeated one says nothing."""
    if asked.new and asked.organizer_id:
        text = ask_text(asked.title, asked.asks, asked.organizer_language)
        slack.send_dm(asked.organizer_id, text, [])


def _attended(session: Session, series_key: str, user_id: str) -> Meeting:
    """The series' first meeting, if this person is invited to it and did not organize it."""
    meeting = repo.first_of_series(session, series_key)
    if meeting is None:
        raise KairosUserError(_("That meeting is no longer in anyone's calendar."))
    if meeting.organizer_id == user_id:
        raise NotYours(
            _(
                "That isn't yours to ask: it's your own meeting. Add its agenda from the nudge "
                "Kairos sent you."
            )
        )
    if not repo.attends_series(session, series_key, user_id):
        raise NotYours(
            _(
                "That isn't yours: only the meeting's attendees can ask for its agenda. "
                "Nothing was sent."
            )
        )
    return meeting
