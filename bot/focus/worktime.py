"""Counting in a person's working time: response times (pure).

"Within 4 working hours" counts only time in which the person is reachable: inside working
hours, out of focus, and not on a day off. Every step asks model.available_at where the
next reachable stretch starts, so these answers never disagree with when held mentions are
delivered. Someone without working hours is reachable whenever not in focus or off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.focus.absence import ONE_DAY, day_start, local_day, next_day_off_start
from bot.focus.model import HORIZON, FocusState, focus_periods
from bot.focus.periods import period_at, require_aware, schedule_periods

# A response time longer than this is not a response time: refuse rather than loop.
MAX_WORKING_MINUTES = 60 * 24 * 31


def reachable_until(state: FocusState, tz: ZoneInfo, at: datetime) -> datetime:
    """The end of the reachable stretch that `at` lies in (`at` must be reachable).

    Capped at HORIZON ahead: a stretch that long is cut there and counting goes on.
    """
    require_aware(at)
    limit = at + HORIZON
    ends = [limit]
    focus = focus_periods(
        state.blocks, state.session, tz, at, limit, released_until=state.released_until
    )
    ends.extend(p.start for p in focus if p.start > at)
    if state.working_hours:
        working = period_at(schedule_periods(state.working_hours, tz, at, limit), at)
        if working is not None:
            ends.append(working.end)
    day_off = next_day_off_start(state.days_off, tz, at, limit)
    if day_off is not None:
        ends.append(day_off)
    return min(ends)


def add_working_minutes(
    state: FocusState, tz: ZoneInfo, at: datetime, minutes: int
) -> datetime | None:
    """The instant by which `minutes` of the person's reachable time have passed after `at`.

    With `minutes` 0 it is when they are next reachable. None when the count cannot finish
    (no free working time at all). Focus, off hours, weekends, holidays and leave don't count.
    """
    require_aware(at)
    if not 0 <= minutes <= MAX_WORKING_MINUTES:
        raise ValueError(f"working minutes must be 0..{MAX_WORKING_MINUTES}, got {minutes}")
    remaining = timedelta(minutes=minutes)
    candidate = at.astimezone(UTC)
    while True:
        start = state.available_at(tz, candidate)
        if start is None:
            return None
        if not remaining:
            return start
        end = reachable_until(state, tz, start)
        if end - start >= remaining:
            return start + remaining
        remaining -= end - start
        candidate = end


def next_working_day_start(state: FocusState, tz: ZoneInfo, at: datetime) -> datetime | None:
    """When the person's next working day begins: the first reachable instant on a local
    day after the one `at` falls on (focus on that morning moves it later, as it delays
    an answer). None when no such day comes (no free working time at all)."""
    require_aware(at)
    tomorrow = local_day(at, tz) + ONE_DAY
    return state.available_at(tz, max(day_start(tomorrow, tz), at))


@dataclass(frozen=True)
class Worktime:
    """A person's reachable time, as other domains' models ask about it through a protocol
    of their own (bot/checkins/model.py Workday) rather than importing the focus model."""

    state: FocusState

    def available_at(self, tz: ZoneInfo, at: datetime) -> datetime | None:
        """The earliest instant at or after `at` the person is reachable, or None."""
        return self.state.available_at(tz, at)

    def add_working_minutes(self, tz: ZoneInfo, at: datetime, minutes: int) -> datetime | None:
        """When `minutes` of their reachable time have passed after `at` (None: never)."""
        return add_working_minutes(self.state, tz, at, minutes)
