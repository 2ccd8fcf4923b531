"""Connect's pure rules: what the sweep saw, where the pause stands (focus, or a run of
days off: leave and public holidays), how long to snooze, and whose status is on Slack.
No database, no Slack: service.py and focus_sync.py act on these.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

FOCUS_EMOJI = ":headphones:"
FOCUS_PREFIX = "Focusing until "
AWAY_EMOJI = ":palm_tree:"
# Why a pause is a run of days off rather than focus (Focus.away).
ON_LEAVE = "leave"
ON_HOLIDAY = "holiday"
LEAVE_TODAY = "On leave today"
LEAVE_PREFIX = "On leave until "
HOLIDAY_TEXT = "Public holiday"
HOLIDAY_RUN_PREFIX = "Public holiday, off until "
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = r"[A-Z][a-z]{2} [0-9]{1,2} [A-Z][a-z]{2}(?: [0-9]{4})?"
# Only the exact texts Kairos writes: a person's own ":palm_tree: On leave" is theirs.
_AWAY_TEXT = re.compile(
    f"{LEAVE_TODAY}|{LEAVE_PREFIX}{_DAY}|{HOLIDAY_TEXT}|{HOLIDAY_RUN_PREFIX}{_DAY}"
)
MAX_STATUS_TEXT = 100
# Snoozes longer than this are renewed, so a mistaken week-long focus never silences a week,
# and leave is paused in the same steps: dnd.setSnooze counts minutes from now and answers
# `too_long` past an undocumented cap, and `/focus back` or a deleted leave is then at most
# one step from being noticed by Slack itself.
MAX_SNOOZE = timedelta(hours=12)
RENEW_BEFORE = timedelta(minutes=2)
# Kairos replaces its status at the end itself; Slack's expiry is the fallback if it is down.
STATUS_GRACE = timedelta(minutes=5)
# A snooze this close to its end is left to run out rather than ended with a call.
LEFT_TO_RUN_OUT = timedelta(minutes=1)
# Look at everyone at least daily, whatever their schedule says (time zone moves, drift).
RECHECK = timedelta(days=1)


class Status(NamedTuple):
    """A Slack custom status; expires_at None means it does not expire."""

    text: str
    emoji: str
    expires_at: datetime | None


NO_STATUS = Status("", "", None)


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
    """Where the person's pause stands now: the running period's end, else the next start.

    A run of days off wins over focus: then `away` says why (ON_LEAVE, ON_HOLIDAY) and
    `ends_at` is the end of the run, so a focus block inside leave changes nothing.
    """

    ends_at: datetime | None
    next_start: datetime | None
    tz: ZoneInfo
    away: str | None = None


def stored(text: str | None, emoji: str | None, expires_at: datetime | None) -> Status | None:
    """A status as stored in three nullable columns; no text means none was stored."""
    return None if text is None else Status(text, emoji or "", expires_at)


def looks_like_ours(status: Status) -> bool:
    """Whether a status is one Kairos sets during focus or days off."""
    # Left over from an earlier pause (a token revoked mid-focus, then connected again):
    # never save it as the person's own status.
    if status.emoji == AWAY_EMOJI:
        return _AWAY_TEXT.fullmatch(status.text) is not None
    return status.emoji == FOCUS_EMOJI and status.text.startswith(FOCUS_PREFIX)


def last_day_off(end: datetime, tz: ZoneInfo) -> date:
    """The last local day of a run of days off that ends at `end` (a local midnight, or
    the end of a gap that swallowed it)."""
    return (end - timedelta(microseconds=1)).astimezone(tz).date()


def day_label(day: date, today: date) -> str:
    """`Fri 16 Jan`, with the year when it is not this one; never "tomorrow", which a
    status shown for days would soon get wrong."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def away_status(away: str, end: datetime, tz: ZoneInfo, now: datetime) -> Status:
    """The status for a run of days off ending at `end`: `:palm_tree: On leave until Fri
    16 Jan` (its last day), `On leave today`, `Public holiday`; expiring a little after."""
    last, today = last_day_off(end, tz), now.astimezone(tz).date()
    if away == ON_LEAVE:
        text = LEAVE_TODAY if last <= today else LEAVE_PREFIX + day_label(last, today)
    else:
        text = HOLIDAY_TEXT if last <= today else HOLIDAY_RUN_PREFIX + day_label(last, today)
    return Status(text, AWAY_EMOJI, end + STATUS_GRACE)


def pause_changed(
    seen_end: datetime | None, seen_status: Status | None, end: datetime, wanted: Status
) -> bool:
    """Whether the running pause is a new one: its end moved, or it turned from focus into
    days off (or back) with the same end, which the status must show."""
    return seen_end != end or (seen_status is not None and seen_status.emoji != wanted.emoji)


def shows(current: Status, ours: Status) -> bool:
    """Whether Slack shows this status (its expiry aside: Slack rounds it)."""
    return (current.text, current.emoji) == (ours.text, ours.emoji)


def snooze_minutes(focus_end: datetime, now: datetime) -> int:
    """How long to snooze: to the end of focus, at most MAX_SNOOZE, at least a minute."""
    until = min(focus_end, now + MAX_SNOOZE)
    return max(1, math.ceil((until - now) / timedelta(minutes=1)))


def ours_to_replace(current: Status, ours: Status | None, now: datetime) -> bool:
    """At the end of focus: whether the status on Slack is still Kairos's to give back."""
    if ours is None:
        # Either the person took their status over during focus (it stays theirs), or a
        # start was cut short after setting Kairos's status: only the latter looks like ours.
        return looks_like_ours(current)
    # Slack clears an expired status by itself; if Kairos was down past the grace, the
    # empty status is still "ours" to replace. Anything else is the person's choice.
    expired = ours.expires_at is not None and now >= ours.expires_at
    return shows(current, ours) or (expired and shows(current, NO_STATUS))


def status_to_restore(saved: Status | None, now: datetime) -> Status:
    """The person's own status to give back; one that would have expired by now is none."""
    restore = saved or NO_STATUS
    if restore.expires_at is not None and restore.expires_at <= now:
        return NO_STATUS
    return restore


def next_change(focus: Focus, snooze_ends: datetime | None, now: datetime) -> datetime:
    """When the sweep must look at the person again: focus starts or ends, a snooze runs
    out, or a day has passed."""
    candidates = [now + RECHECK]
    if focus.ends_at is not None:
        candidates.append(focus.ends_at)
        if snooze_ends is not None and snooze_ends < focus.ends_at:
            candidates.append(snooze_ends - RENEW_BEFORE)
    elif focus.next_start is not None:
        candidates.append(focus.next_start)
    return min(candidates)
