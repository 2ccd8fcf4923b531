"""Why held mentions waited, told from when they were held (pure).

Asked when the digest goes out, so it reads the person's state as it is then: a focus
session ended with `/focus off` is gone, and so is the part of a leave that `/focus back`
cut off (focus/away.py ends the leave the day before, or deletes one that began today).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.focus.absence import HOLIDAY, LEAVE, ONE_DAY, day_off_reason, local_day
from bot.focus.model import FOCUSING, OFF_HOURS, FocusState, off_hours

# The reasons in the order a sentence names them, as the digest's first line says them.
_PHRASES = {
    LEAVE: "on leave",
    HOLIDAY: "on a public holiday",
    FOCUSING: "focusing",
    OFF_HOURS: "outside your working hours",
}
UNKNOWN = "away"


def held_reason(state: FocusState, tz: ZoneInfo, held_at: datetime) -> str:
    """Why a mention held at `held_at` waited: LEAVE, HOLIDAY, FOCUSING or OFF_HOURS."""
    day_off = day_off_reason(state.days_off, tz, held_at)
    if day_off is not None:
        return day_off
    if state.in_focus(tz, held_at):
        return FOCUSING
    if off_hours(state.working_hours, tz, held_at):
        return OFF_HOURS
    # Held in working hours for no reason left in the state: either a focus session since
    # ended with `/focus off`, or the last day of a leave that `/focus back` cut off, which
    # is the day right after what is left of that leave.
    if state.days_off.leave_on(local_day(held_at, tz) - ONE_DAY) is not None:
        return LEAVE
    return FOCUSING


def reason_text(reasons: Collection[str], *, holidays: int = 1) -> str:
    """The reasons as one phrase: `on leave`, `focusing or outside your working hours`.

    `holidays` is on how many different public holidays mentions were held.
    """
    phrases = [
        "on public holidays" if reason == HOLIDAY and holidays > 1 else phrase
        for reason, phrase in _PHRASES.items()
        if reason in reasons
    ]
    if not phrases:
        return UNKNOWN
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " or " + phrases[-1]


def why_held(state: FocusState, tz: ZoneInfo, held_at: Iterable[datetime]) -> tuple[str, bool]:
    """(the digest's reason phrase, whether it gets the away layout) for these mentions.

    The away layout is for a digest with anything held on a day of leave. Public holidays
    alone do not make one: a holiday, or a long weekend, brings about as many mentions as a
    weekend does, and the usual digest reads best for those. Leave is what brings a backlog
    worth sorting by how directly it concerns the person.
    """
    reasons: set[str] = set()
    holidays = set()
    for instant in held_at:
        reason = held_reason(state, tz, instant)
        reasons.add(reason)
        if reason == HOLIDAY:
            holidays.add(local_day(instant, tz))
    # Decided as held_on_leave decides it, for App Home to list the digest the same way.
    return reason_text(reasons, holidays=len(holidays)), LEAVE in reasons


def held_on_leave(state: FocusState, tz: ZoneInfo, held_at: Iterable[datetime]) -> bool:
    """Whether any of these mentions was held on leave: the digest had the away layout."""
    return any(held_reason(state, tz, instant) == LEAVE for instant in held_at)
