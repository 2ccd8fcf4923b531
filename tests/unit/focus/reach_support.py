"""Strategies and an independent reference for "when is this person next reachable?".

The reference does not search: between two consecutive boundaries (a focus or working
period starting or ending, a local midnight, a DST change) reachability cannot change, so
checking it at each boundary checks it everywhere.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from bot.focus.absence import DaysOff, Leave, day_end, day_start, local_day
from bot.focus.model import FocusSession, FocusState, focus_periods
from bot.focus.periods import schedule_periods
from tests.unit.focus.strategies import instants_for, schedules, transitions, zones


def reachable(state: FocusState, tz: ZoneInfo, at: datetime) -> bool:
    """The predicate: not on a day off, not in focus, within working hours."""
    return state.away_reason(tz, at) is None


def boundaries(state: FocusState, tz: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """Every instant in start..end at which reachability may change, sorted, with start."""
    found = {start}
    periods = [
        *focus_periods(
            state.blocks, state.session, tz, start, end, released_until=state.released_until
        ),
        *schedule_periods(state.working_hours, tz, start, end),
    ]
    for period in periods:
        found.update((period.start, period.end))
    day = local_day(start, tz) - timedelta(days=1)
    while day <= local_day(end, tz) + timedelta(days=1):
        found.update((day_start(day, tz), day_end(day, tz)))
        day += timedelta(days=1)
    for year in {start.year, end.year}:
        found.update(transitions(str(tz), year))
    return sorted(t for t in found if start <= t < end)


def reachable_minutes(state: FocusState, tz: ZoneInfo, start: datetime, end: datetime) -> float:
    """How many minutes of start..end the person is reachable."""
    points = [*boundaries(state, tz, start, end), end]
    total = timedelta()
    for here, after in pairwise(points):
        if reachable(state, tz, here):
            total += after - here
    return total / timedelta(minutes=1)


@st.composite
def days_off_near(draw: st.DrawFn, around: date) -> DaysOff:
    """A few leaves and holidays within two weeks of a day (overlapping and touching too)."""
    leave = []
    for _ in range(draw(st.integers(0, 3))):
        first = around + timedelta(days=draw(st.integers(-3, 10)))
        leave.append(Leave(first, first + timedelta(days=draw(st.integers(0, 9)))))
    holidays = None
    if draw(st.booleans()):
        offsets = draw(st.sets(st.integers(-2, 14), max_size=4))
        holidays = frozenset(around + timedelta(days=offset) for offset in offsets)
    return DaysOff(tuple(leave), holidays)


@st.composite
def situations(draw: st.DrawFn) -> tuple[FocusState, ZoneInfo, datetime]:
    """A person (blocks, working hours, maybe a session, days off) and an instant."""
    zone = draw(zones)
    tz = ZoneInfo(zone)
    at = draw(instants_for(zone))
    session = None
    if draw(st.booleans()):
        starts = at - timedelta(minutes=draw(st.integers(0, 300)))
        session = FocusSession(starts, starts + timedelta(minutes=draw(st.integers(5, 720))))
    state = FocusState(
        blocks=draw(schedules(max_specs=3)),
        working_hours=draw(schedules(max_specs=3)),
        session=session,
        days_off=draw(days_off_near(local_day(at, tz))),
    )
    return state, tz, at
