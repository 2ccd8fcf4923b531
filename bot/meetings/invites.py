"""Invites shared in Slack: an .ics file posted where Kairos is, read as a meeting invite.

Such meetings are stored like the ones from feeds, but no feed "sees" them, so removing a
feed never removes them; the nudge sweep treats them the same way.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.db.uow import UnitOfWork
from bot.meetings.ics import InvalidCalendar, parse_calendar
from bot.meetings.people import users_by_email
from bot.meetings.store import upsert_meetings
from bot.meetings.sync import LOOK_AHEAD, LOOK_BACK, participant_emails
from bot.ports import SlackPort

log = logging.getLogger(__name__)

# An invite is one event, perhaps with a recurrence; a large file is not an invite.
MAX_INVITE_BYTES = 1024 * 1024


def take_invite(
    uow: UnitOfWork, slack: SlackPort, sender_id: str, file_url: str, now: datetime
) -> int:
    """Download, read and store a shared invite; how many meetings it held (0 if unreadable)."""
    try:
        body = slack.download_file(file_url, MAX_INVITE_BYTES)
    except Exception:
        log.warning("a shared calendar file could not be downloaded", exc_info=True)
        return 0
    tz = slack.user_timezone(sender_id)
    try:
        parsed = parse_calendar(
            body, window_start=now - LOOK_BACK, window_end=now + LOOK_AHEAD, default_tz=tz
        )
    except InvalidCalendar:
        log.info("a shared .ics file from %s is not a calendar", sender_id)
        return 0
    occurrences = parsed.occurrences
    users = users_by_email(uow, slack, participant_emails(occurrences), now)
    with uow() as session:
        upsert_meetings(session, occurrences, tz, now, users)
    log.info("read a shared invite from %s: %d meetings", sender_id, len(occurrences))
    return len(occurrences)
