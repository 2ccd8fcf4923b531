"""Invites shared in Slack: an .ics file posted where Kairos is, read as a meeting invite.

Such meetings are stored like the ones from feeds, but no feed "sees" them, so removing a
feed never removes them; the nudge sweep treats them the same way.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.db.uow import UnitOfWork
from bot.meetings.ics.calendar import InvalidCalendar, parse_calendar
from bot.meetings.model import LOOK_AHEAD, LOOK_BACK, participant_emails
from bot.meetings.people import look_up_people, remember_people
from bot.meetings.store import upsert_meetings
from bot.ports import SlackPort, UnknownUser

log = logging.getLogger(__name__)

# An invite is one event, perhaps with a recurrence; a large file is not an invite.
MAX_INVITE_BYTES = 1024 * 1024


def take_invite(
    uow: UnitOfWork, slack: SlackPort, sender_id: str, file_url: str, now: datetime
) -> int:
    """Download, read and store a shared invite; how many meetings it held (0 if unreadable)."""
    try:
        body = slack.download_file(file_url, MAX_INVITE_BYTES)
    except Exception as error:
        # Courtesy work: a lost invite costs at most a nudge. One line, not a traceback.
        log.warning("a shared calendar file could not be downloaded: %r", error)
        return 0
    try:
        tz = slack.user_timezone(sender_id)
    except UnknownUser:
        tz = "UTC"  # someone from another organization, in a shared channel
    try:
        parsed = parse_calendar(
            body, window_start=now - LOOK_BACK, window_end=now + LOOK_AHEAD, default_tz=tz
        )
    except InvalidCalendar:
        log.info("a shared .ics file from %s is not a calendar", sender_id)
        return 0
    occurrences = parsed.occurrences
    # Two transactions, not one: Slack is asked who the people are between reading what
    # Kairos remembers of them and this write, and no transaction waits on Slack.
    people = look_up_people(uow, slack, participant_emails(occurrences), now)
    with uow() as session:
        remember_people(session, people, now)
        upsert_meetings(session, occurrences, tz, now, people.users)
    log.info("read a shared invite from %s: %d meetings", sender_id, len(occurrences))
    return len(occurrences)


def take_file_invite(
    uow: UnitOfWork, slack: SlackPort, sender_id: str, file_id: str, now: datetime
) -> int:
    """A shared file Slack sent only the id of: read it if files.info says it is an invite."""
    try:
        url = slack.calendar_file_url(file_id)
    except Exception as error:
        log.warning("shared file %s could not be looked up: %r", file_id, error)
        return 0
    return 0 if url is None else take_invite(uow, slack, sender_id, url, now)
