"""Bringing Slack in line with focus for one connected person: snooze and status.

What the sweep saw (`Seen`), where focus stands (`Focus`), and the Slack calls that follow,
with their outcome recorded afterwards. Slack calls happen outside database transactions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.blocks import clip
from bot.connect import repo
from bot.connect.ports import NO_STATUS, ConnectPort, Status
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.model import focus_period_at, next_focus_start
from bot.focus.service import zone
from bot.focus.text import format_when

FOCUS_EMOJI = ":headphones:"
FOCUS_PREFIX = "Focusing until "
MAX_STATUS_TEXT = 100
# Snoozes longer than this are renewed, so a mistaken week-long focus never silences a week.
MAX_SNOOZE = timedelta(hours=12)
RENEW_BEFORE = timedelta(minutes=2)
# Kairos replaces its status at the end itself; Slack's expiry is the fallback if it is down.
STATUS_GRACE = timedelta(minutes=5)
# A snooze this close to its end is left to run out rather than ended with a call.
LEFT_TO_RUN_OUT = timedelta(minutes=1)
# Look at everyone at least daily, whatever their schedule says (time zone moves, drift).
RECHECK = timedelta(days=1)


@dataclass(frozen=True)
class Seen:
    """A connection as read before talking to Slack (no session is held meanwhile)."""

    user_id: str
    token: str
    snoozing: bool
    focus_ends_at: datetime | None
    snooze_ends_at: datetime | None
    status: Status | None
    saved: Status | None


@dataclass(frozen=True)
class Focus:
    """Where the person's focus stands now: the running period's end, else the next start."""

    ends_at: datetime | None
    next_start: datetime | None
    tz: ZoneInfo


def stored(text: str | None, emoji: str | None, expires_at: datetime | None) -> Status | None:
    return None if text is None else Status(text, emoji or "", expires_at)


def focus_now(session: Session, user_id: str, now: datetime) -> Focus:
    person = focus_repo.get_person(session, user_id)
    if person is None:
        return Focus(ends_at=None, next_start=None, tz=ZoneInfo("UTC"))
    state, tz = focus_repo.state_of(person), zone(person)
    released = state.released_until
    period = focus_period_at(state.blocks, state.session, tz, now, released_until=released)
    if period is not None:
        return Focus(ends_at=period.end, next_start=None, tz=tz)
    upcoming = next_focus_start(state.blocks, state.session, tz, now, released_until=released)
    return Focus(ends_at=None, next_start=upcoming, tz=tz)


def focus_status(end: datetime, tz: ZoneInfo, now: datetime) -> Status:
    """The status Kairos sets: `:headphones: Focusing until 11:30` (person's time)."""
    text = clip(FOCUS_PREFIX + format_when(end, tz, now), MAX_STATUS_TEXT)
    return Status(text, FOCUS_EMOJI, end + STATUS_GRACE)


def looks_like_ours(status: Status) -> bool:
    # Left over from an earlier focus (a token revoked mid-focus, then connected again):
    # never save it as the person's own status.
    return status.emoji == FOCUS_EMOJI and status.text.startswith(FOCUS_PREFIX)


def snooze(port: ConnectPort, token: str, focus_end: datetime, now: datetime) -> datetime:
    until = min(focus_end, now + MAX_SNOOZE)
    minutes = max(1, math.ceil((until - now) / timedelta(minutes=1)))
    port.set_snooze(token, minutes)
    return now + timedelta(minutes=minutes)


def act(uow: UnitOfWork, port: ConnectPort, seen: Seen, focus: Focus, now: datetime) -> None:
    """One person's step of the sweep; Slack first, then what was done is recorded."""
    if focus.ends_at is None:
        # saved without snoozing: a start was cut short after saving; tidy up after it too.
        if seen.snoozing or seen.saved is not None:
            leave_focus(port, seen, now)
        record(uow, seen.user_id, now, snoozing=False, focus=focus)
        return
    end = focus.ends_at
    status, snooze_ends = seen.status, seen.snooze_ends_at
    if not seen.snoozing:
        saved = seen.saved
        if saved is None:
            current = port.get_status(seen.token)
            saved = NO_STATUS if looks_like_ours(current) else current
            record_saved(uow, seen.user_id, saved)
        status = focus_status(end, focus.tz, now)
        port.set_status(seen.token, *status)
        snooze_ends = snooze(port, seen.token, end, now)
    elif seen.focus_ends_at != end:
        # A changed end is a new decision about focus: snooze again, even after an urgent.
        if status is not None and shows(port.get_status(seen.token), status):
            status = focus_status(end, focus.tz, now)
            port.set_status(seen.token, *status)
        else:
            status = None  # the person set their own status meanwhile: it stays theirs
        snooze_ends = snooze(port, seen.token, end, now)
    elif snooze_ends is not None and snooze_ends < end and snooze_ends - RENEW_BEFORE <= now:
        snooze_ends = snooze(port, seen.token, end, now)
    record(
        uow, seen.user_id, now, snoozing=True, focus=focus, status=status, snooze_ends=snooze_ends
    )


def shows(current: Status, ours: Status) -> bool:
    return (current.text, current.emoji) == (ours.text, ours.emoji)


def leave_focus(port: ConnectPort, seen: Seen, now: datetime) -> None:
    """End the snooze if it still runs; restore the status if it is still Kairos's."""
    if seen.snooze_ends_at is not None and seen.snooze_ends_at - now > LEFT_TO_RUN_OUT:
        port.end_snooze(seen.token)
    ours = seen.status
    if ours is None and seen.saved is None:
        return
    current = port.get_status(seen.token)
    if ours is None:
        # Either the person took their status over during focus (it stays theirs), or a
        # start was cut short after setting Kairos's status: only the latter looks like ours.
        mine = looks_like_ours(current)
    else:
        # Slack clears an expired status by itself; if Kairos was down past the grace, the
        # empty status is still "ours" to replace. Anything else is the person's choice.
        expired = ours.expires_at is not None and now >= ours.expires_at
        mine = shows(current, ours) or (expired and shows(current, NO_STATUS))
    if not mine:
        return
    restore = seen.saved or NO_STATUS
    if restore.expires_at is not None and restore.expires_at <= now:
        restore = NO_STATUS  # it would have expired by now anyway
    if not shows(current, restore):
        port.set_status(seen.token, *restore)


def record_saved(uow: UnitOfWork, user_id: str, saved: Status) -> None:
    with uow() as session:
        connection = repo.get(session, user_id)
        if connection is not None:
            connection.saved_status_text = saved.text
            connection.saved_status_emoji = saved.emoji
            connection.saved_status_expires_at = saved.expires_at


def record(
    uow: UnitOfWork,
    user_id: str,
    now: datetime,
    *,
    snoozing: bool,
    focus: Focus,
    status: Status | None = None,
    snooze_ends: datetime | None = None,
) -> None:
    with uow() as session:
        connection = repo.get(session, user_id)
        if connection is None:
            return  # disconnected meanwhile
        connection.snoozing = snoozing
        connection.focus_ends_at = focus.ends_at
        connection.snooze_ends_at = snooze_ends
        connection.status_text = status.text if status else None
        connection.status_emoji = status.emoji if status else None
        connection.status_expires_at = status.expires_at if status else None
        if not snoozing:
            connection.saved_status_text = None
            connection.saved_status_emoji = None
            connection.saved_status_expires_at = None
        connection.next_change_at = next_change(focus, snooze_ends, now)


def next_change(focus: Focus, snooze_ends: datetime | None, now: datetime) -> datetime:
    candidates = [now + RECHECK]
    if focus.ends_at is not None:
        candidates.append(focus.ends_at)
        if snooze_ends is not None and snooze_ends < focus.ends_at:
            candidates.append(snooze_ends - RENEW_BEFORE)
    elif focus.next_start is not None:
        candidates.append(focus.next_start)
    return min(candidates)
