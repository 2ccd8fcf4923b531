"""When a sender may expect an answer: a channel's response time counted in the recipient's
working time (pure).

Every count starts where the recipient is next reachable, so the expected instant is never
before their held mention reaches them. Focus, off hours, weekends, holidays and leave are
skipped by worktime, which asks the same model.available_at the digest sweep does.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.focus.absence import day_end, local_day
from bot.focus.model import FocusState
from bot.focus.periods import require_aware
from bot.focus.worktime import add_working_minutes, next_working_day_start, reachable_until
from bot.norms.model import ResponseKind, ResponseTime

# A working day is a few stretches between focus blocks; this bounds a malformed schedule.
MAX_STRETCHES_PER_DAY = 200


def working_day_end(state: FocusState, tz: ZoneInfo, start: datetime) -> datetime:
    """The end of the last reachable stretch on the local day of `start` (reachable itself).

    Someone without working hours works until midnight: the day is the only bound.
    """
    require_aware(start)
    limit = day_end(local_day(start, tz), tz)
    for _ in range(MAX_STRETCHES_PER_DAY):
        end = min(reachable_until(state, tz, start), limit)
        following = state.available_at(tz, end)
        if following is None or following >= limit:
            return end
        start = following
    return start


def expected_answer(
    state: FocusState, tz: ZoneInfo, at: datetime, response: ResponseTime
) -> datetime | None:
    """By when an answer may be expected to a message sent at `at`; None when the person has
    no free working time to count in."""
    require_aware(at)
    if response.kind is ResponseKind.WORKING_MINUTES:
        return add_working_minutes(state, tz, at, response.amount)
    if response.kind is ResponseKind.SAME_DAY:
        # Already past today's working time: available_at lands on the next working day.
        first = state.available_at(tz, at)
        return None if first is None else working_day_end(state, tz, first)
    start = at
    for _ in range(max(response.amount, 1)):
        following = next_working_day_start(state, tz, start)
        if following is None:
            return None
        start = following
    return working_day_end(state, tz, start)
