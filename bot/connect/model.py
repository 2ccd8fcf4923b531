"""Connect's pure rules: what the sweep saw, where focus stands, how long to snooze, and
whose status is on Slack. No database, no Slack: service.py and focus_sync.py act on these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

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
    """Where the person's focus stands now: the running period's end, else the next start."""

    ends_at: datetime | None
    next_start: datetime | None
    tz: ZoneInfo


def stored(text: str | None, emoji: str | None, expires_at: datetime | None) -> Status | None:
    """A status as stored in three nullable columns; no text means none was stored."""
    return None if text is None else Status(text, emoji or "", expires_at)


def looks_like_ours(status: Status) -> bool:
    """Whether a status is one Kairos sets during focus."""
    # Left over from an earlier focus (a token revoked mid-focus, then connected again):
    # never save it as the person's own status.
    return status.emoji == FOCUS_EMOJI and status.text.startswith(FOCUS_PREFIX)


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
