"""Bringing Slack in line with focus and days off for one connected person: snooze and
status.

Given what the sweep saw and where the pause stands (`Seen` and `Focus`, in model.py): the Slack
calls that follow, with their outcome recorded afterwards. Slack calls happen outside
database transactions.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.blocks import clip
from bot.connect import repo
from bot.connect.model import (
    FOCUS_EMOJI,
    FOCUS_PREFIX,
    LEFT_TO_RUN_OUT,
    MAX_STATUS_TEXT,
    NO_STATUS,
    ON_HOLIDAY,
    ON_LEAVE,
    RECHECK,
    RENEW_BEFORE,
    STATUS_GRACE,
    Focus,
    Seen,
    Status,
    away_status,
    looks_like_ours,
    next_change,
    ours_to_replace,
    pause_changed,
    shows,
    snooze_minutes,
    status_to_restore,
)
from bot.connect.ports import ConnectPort
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.absence import LEAVE, day_off_reason, days_off_end, next_day_off_start
from bot.focus.model import focus_period_at, next_focus_start
from bot.focus.service import zone
from bot.focus.text import format_when
from bot.i18n import speaking
from bot.i18n.catalog import SOURCE_LANGUAGE


def focus_now(session: Session, user_id: str, now: datetime) -> Focus:
    """Where the person's pause stands now, read from their stored schedule, leave and
    public holidays (a day off wins over focus)."""
    person = focus_repo.get_person(session, user_id)
    if person is None:
        return Focus(ends_at=None, next_start=None, tz=ZoneInfo("UTC"))
    state, tz = focus_repo.state_of(person), zone(person)
    reason = day_off_reason(state.days_off, tz, now)
    run_end = days_off_end(state.days_off, tz, now)
    if reason is not None and run_end is not None:
        away = ON_LEAVE if reason == LEAVE else ON_HOLIDAY
        return Focus(ends_at=run_end, next_start=None, tz=tz, away=away)
    released = state.released_until
    period = focus_period_at(state.blocks, state.session, tz, now, released_until=released)
    if period is not None:
        return Focus(ends_at=period.end, next_start=None, tz=tz)
    starts = (
        next_focus_start(state.blocks, state.session, tz, now, released_until=released),
        next_day_off_start(state.days_off, tz, now, now + RECHECK),
    )
    upcoming = min((start for start in starts if start is not None), default=None)
    return Focus(ends_at=None, next_start=upcoming, tz=tz)


def pause_status(focus: Focus, end: datetime, now: datetime) -> Status:
    """The status for the running pause: days off, or focus."""
    if focus.away is not None:
        return away_status(focus.away, end, focus.tz, now)
    return focus_status(end, focus.tz, now)


def focus_status(end: datetime, tz: ZoneInfo, now: datetime) -> Status:
    """The status Kairos sets: `:headphones: Focusing until 11:30` (person's time)."""
    # In English for everyone: colleagues of every language read it, and model.py knows a
    # status for Kairos's own (looks_like_ours) by its English words, as with days off.
    with speaking(SOURCE_LANGUAGE):
        until = format_when(end, tz, now)
    text = clip(FOCUS_PREFIX + until, MAX_STATUS_TEXT)
    return Status(text, FOCUS_EMOJI, end + STATUS_GRACE)


def snooze(port: ConnectPort, token: str, focus_end: datetime, now: datetime) -> datetime:
    """Snooze the person's notifications towards the end of the pause; returns when it
    ends (at most MAX_SNOOZE away: a longer pause is renewed by the sweep)."""
    minutes = snooze_minutes(focus_end, now)
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
    wanted = pause_status(focus, end, now)
    if not seen.snoozing:
        saved = seen.saved
        if saved is None:
            current = port.get_status(seen.token)
            saved = NO_STATUS if looks_like_ours(current) else current
            record_saved(uow, seen.user_id, saved)
        status = wanted
        port.set_status(seen.token, *status)
        snooze_ends = snooze(port, seen.token, end, now)
    elif pause_changed(seen.focus_ends_at, status, end, wanted):
        # A new pause is a new decision: snooze again, even after an urgent.
        if status is not None and shows(port.get_status(seen.token), status):
            status = wanted
            port.set_status(seen.token, *status)
        else:
            status = None  # the person set their own status meanwhile: it stays theirs
        snooze_ends = snooze(port, seen.token, end, now)
    elif snooze_ends is not None and snooze_ends < end and snooze_ends - RENEW_BEFORE <= now:
        snooze_ends = snooze(port, seen.token, end, now)
    record(
        uow, seen.user_id, now, snoozing=True, focus=focus, status=status, snooze_ends=snooze_ends
    )


def leave_focus(port: ConnectPort, seen: Seen, now: datetime) -> None:
    """The pause (focus or days off) is over: end the snooze if it still runs; restore
    the status if it is still Kairos's."""
    if seen.snooze_ends_at is not None and seen.snooze_ends_at - now > LEFT_TO_RUN_OUT:
        port.end_snooze(seen.token)
    if seen.status is None and seen.saved is None:
        return
    current = port.get_status(seen.token)
    if not ours_to_replace(current, seen.status, now):
        return
    restore = status_to_restore(seen.saved, now)
    if not shows(current, restore):
        port.set_status(seen.token, *restore)


def record_saved(uow: UnitOfWork, user_id: str, saved: Status) -> None:
    """Keep the person's own status before Kairos replaces it, so a crash never loses it."""
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
    """What the sweep did on Slack, and when it looks at the person next."""
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
