"""Why held mentions waited (pure).

Each mention stores why it was held (`held_for`), since `/focus back` deletes a leave that
began today and cuts an older one off at yesterday, and `/focus off` forgets its session.
Mentions held before that was stored are told from when they were held, reading the
person's state as it is when the digest goes out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.focus.absence import HOLIDAY, LEAVE, ONE_DAY, day_off_reason, local_day
from bot.focus.model import FOCUSING, OFF_HOURS, FocusState, off_hours
from bot.i18n import _

# The reasons in the order a sentence names them.
_REASONS = (LEAVE, HOLIDAY, FOCUSING, OFF_HOURS)
# Messages the person saved with "Read after focus": not held, and no reason to give.
SAVED = "saved"


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


# A held mention: when it was held, and why if that was stored.
Held = tuple[datetime, str | None]


def _reason_of(state: FocusState, tz: ZoneInfo, held: Held) -> str:
    held_at, stored = held
    if stored == SAVED or stored in _REASONS:
        return stored
    return held_reason(state, tz, held_at)


def reason_text(reasons: Collection[str], *, holidays: int = 1) -> str:
    """The reasons as one phrase: `on leave`, `focusing or outside your working hours`.

    `holidays` is on how many different public holidays mentions were held.
    """
    phrases = [_phrase(reason, holidays) for reason in _REASONS if reason in reasons]
    if not phrases:
        return unknown_reason()
    if len(phrases) == 1:
        return phrases[0]
    # TRANSLATORS: the last of the reasons mentions waited: "focusing, on leave or ...".
    return _("{reasons} or {last}", reasons=", ".join(phrases[:-1]), last=phrases[-1])


# The phrases fill "While you were {reason}, 3 mentions came in." (digest/messages.py).
def _phrase(reason: str, holidays: int) -> str:
    if reason == LEAVE:
        # TRANSLATORS: fills "While you were {reason}, ..." in the digest.
        return _("on leave")
    if reason == HOLIDAY:
        # TRANSLATORS: fills "While you were {reason}, ..." in the digest.
        return _("on public holidays") if holidays > 1 else _("on a public holiday")
    if reason == FOCUSING:
        # TRANSLATORS: fills "While you were {reason}, ..." in the digest.
        return _("focusing")
    # TRANSLATORS: fills "While you were {reason}, ..." in the digest.
    return _("outside your working hours")


def unknown_reason() -> str:
    """The phrase when Kairos cannot tell why mentions waited."""
    # TRANSLATORS: fills "While you were {reason}, ..." in the digest.
    return _("away")


def why_held(state: FocusState, tz: ZoneInfo, held: Iterable[Held]) -> tuple[str, bool]:
    """(the digest's reason phrase, whether it gets the away layout) for these mentions.

    The away layout is for a digest with anything held on a day of leave. Public holidays
    alone do not make one: a holiday, or a long weekend, brings about as many mentions as a
    weekend does, and the usual digest reads best for those. Leave is what brings a backlog
    worth sorting by how directly it concerns the person.
    """
    reasons: set[str] = set()
    holidays = set()
    saved = False
    for mention in held:
        reason = _reason_of(state, tz, mention)
        if reason == SAVED:
            saved = True
            continue
        reasons.add(reason)
        if reason == HOLIDAY:
            holidays.add(local_day(mention[0], tz))
    # Decided as held_on_leave decides it, for App Home to list the digest the same way.
    if saved and not reasons:
        return SAVED, False  # only saved messages: the digest says so (digest/messages.py)
    return reason_text(reasons, holidays=len(holidays)), LEAVE in reasons


def held_on_leave(state: FocusState, tz: ZoneInfo, held: Iterable[Held]) -> bool:
    """Whether any of these mentions was held on leave: the digest had the away layout."""
    return any(_reason_of(state, tz, mention) == LEAVE for mention in held)
