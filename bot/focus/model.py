"""Focus hours: is a person in focus, off hours, or reachable, and from when (pure).

Every question takes aware instants and the person's `ZoneInfo`; nothing reads the clock.
Schedules are weekly local wall-time windows (schedule.py); they become UTC periods through
periods.py, which is where the DST decisions live. Answers look at most `HORIZON` ahead:
a weekly schedule repeats, so if nothing changes within eight days, nothing ever will
(someone in focus `daily 00:00-24:00` is never available, and `available_at` says None).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.focus.absence import (
    HOLIDAY,
    LEAVE,
    MAX_DAYS_OFF_RUN,
    NO_DAYS_OFF,
    DaysOff,
    day_off_reason,
    days_off_end,
    on_day_off,
)
from bot.focus.periods import (
    Period,
    merge_periods,
    period_at,
    require_aware,
    schedule_periods,
)
from bot.focus.schedule import (
    EMPTY,
    FULL_WEEK,
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    Schedule,
    WeeklySpec,
    WeeklyWindow,
    add_windows,
    day_spans,
    merge,
    remove_windows,
    subtract,
    union,
    weekly_specs,
    windows_for,
)
from bot.focus.sessions import (
    MAX_SESSION,
    MIN_SESSION,
    FocusSession,
    session_for,
    session_until,
)
from bot.zones import local_to_utc, zone_named

__all__ = [
    "EMPTY",
    "FOCUSING",
    "FULL_WEEK",
    "HOLIDAY",
    "HORIZON",
    "LEAVE",
    "MAX_SESSION",
    "MINUTES_PER_DAY",
    "MINUTES_PER_WEEK",
    "MIN_SESSION",
    "NO_DAYS_OFF",
    "OFF_HOURS",
    "DaysOff",
    "FocusSession",
    "FocusState",
    "FocusStatus",
    "Period",
    "Schedule",
    "WeeklySpec",
    "WeeklyWindow",
    "add_windows",
    "available_at",
    "current_block_end",
    "day_spans",
    "focus_period_at",
    "focus_periods",
    "in_focus",
    "local_to_utc",
    "merge",
    "next_focus_start",
    "off_hours",
    "remove_windows",
    "session_for",
    "session_until",
    "status_at",
    "subtract",
    "union",
    "weekly_specs",
    "windows_for",
    "zone_named",
]

HORIZON = timedelta(days=8)
# Why a mention waits (FocusState.away_reason); LEAVE and HOLIDAY come from absence.py.
FOCUSING = "focusing"
OFF_HOURS = "outside working hours"


# With no free time in the next week, look again in a day rather than never.
RECHECK_WITHOUT_FREE_TIME = timedelta(days=1)


def focus_periods(
    blocks: Schedule,
    session: FocusSession | None,
    tz: ZoneInfo,
    start: datetime,
    end: datetime,
    *,
    released_until: datetime | None = None,
) -> tuple[Period, ...]:
    """Focus (blocks and session, merged) overlapping start..end, in UTC.

    `released_until` is set by `/focus off` during a block: blocks count only from then on.
    """
    found = list(schedule_periods(blocks, tz, start, end))
    if released_until is not None:
        require_aware(released_until)
        found = [
            Period(max(p.start, released_until), p.end) for p in found if p.end > released_until
        ]
    if session is not None and session.ends_at > start and session.starts_at < end:
        found.append(session.period)
    return merge_periods(found)


def focus_period_at(
    blocks: Schedule,
    session: FocusSession | None,
    tz: ZoneInfo,
    at: datetime,
    *,
    released_until: datetime | None = None,
) -> Period | None:
    """The focus period (chained blocks and session) containing `at`, if any.

    A period longer than `HORIZON` either side is cut there: the schedule then covers the
    whole week, and `available_at` returns None for it.
    """
    require_aware(at)
    periods = focus_periods(
        blocks, session, tz, at - HORIZON, at + HORIZON, released_until=released_until
    )
    found = period_at(periods, at)
    if found is None:
        return None
    return Period(max(found.start, at - HORIZON), min(found.end, at + HORIZON))


def in_focus(
    blocks: Schedule,
    session: FocusSession | None,
    tz: ZoneInfo,
    at: datetime,
    *,
    released_until: datetime | None = None,
) -> bool:
    """Whether the person is in focus (a block or a session) at `at`."""
    require_aware(at)
    nearby = focus_periods(
        blocks, session, tz, at, at + timedelta(minutes=1), released_until=released_until
    )
    return period_at(nearby, at) is not None


def off_hours(working_hours: Schedule, tz: ZoneInfo, at: datetime) -> bool:
    """Whether `at` is outside the working hours; without working hours, never."""
    require_aware(at)
    if not working_hours:
        return False
    periods = schedule_periods(working_hours, tz, at, at + timedelta(minutes=1))
    return period_at(periods, at) is None


def available_at(
    blocks: Schedule,
    session: FocusSession | None,
    working_hours: Schedule,
    tz: ZoneInfo,
    at: datetime,
    *,
    released_until: datetime | None = None,
    days_off: DaysOff = NO_DAYS_OFF,
) -> datetime | None:
    """When is this person next reachable: the earliest instant ≥ `at` in working hours, out
    of focus and not on a day off (leave, a public holiday); None if nothing is free within
    HORIZON after the last day off.

    This is when held mentions are delivered, and every feature asks it here. Focus ending
    when working hours end resolves to the next working morning; adjacent blocks and
    overlapping sessions chain; leave over focus and working hours gives the one answer.
    """
    require_aware(at)
    candidate = at.astimezone(UTC)
    # A weekly schedule repeats, leave does not: the horizon counts from the last day off.
    while candidate - at < HORIZON + timedelta(days=MAX_DAYS_OFF_RUN):
        candidate = days_off_end(days_off, tz, candidate) or candidate
        found, day_off = _free_from(
            blocks,
            session,
            working_hours,
            tz,
            candidate,
            released_until=released_until,
            days_off=days_off,
        )
        if not day_off:
            return found
        candidate = found or candidate
    return None


def _free_from(
    blocks: Schedule,
    session: FocusSession | None,
    working_hours: Schedule,
    tz: ZoneInfo,
    start: datetime,
    *,
    released_until: datetime | None,
    days_off: DaysOff,
) -> tuple[datetime | None, bool]:
    """The first free instant within HORIZON of `start`; (instant, True) when a day off comes
    first, to look again from there."""
    limit = start + HORIZON
    # A day of margin past the limit so a period running over it is seen to run over it.
    focus = focus_periods(
        blocks, session, tz, start, limit + timedelta(days=1), released_until=released_until
    )
    working = (
        schedule_periods(working_hours, tz, start, limit + timedelta(days=1))
        if working_hours
        else None
    )
    candidate = start
    while candidate < limit:
        if on_day_off(days_off, tz, candidate):
            return candidate, True
        busy = period_at(focus, candidate)
        if busy is not None:
            candidate = busy.end
            continue
        if working is not None and period_at(working, candidate) is None:
            upcoming = [p.start for p in working if p.start > candidate]
            if not upcoming:
                return None, False
            candidate = upcoming[0]
            continue
        return candidate, False
    return None, False


def next_focus_start(
    blocks: Schedule,
    session: FocusSession | None,
    tz: ZoneInfo,
    at: datetime,
    *,
    released_until: datetime | None = None,
) -> datetime | None:
    """When the next focus period after `at` begins (within HORIZON), for the status reply."""
    require_aware(at)
    periods = focus_periods(blocks, session, tz, at, at + HORIZON, released_until=released_until)
    return next((p.start for p in periods if at < p.start < at + HORIZON), None)


def current_block_end(blocks: Schedule, tz: ZoneInfo, at: datetime) -> datetime | None:
    """The end of the (chained) focus block running at `at`, or None if no block runs."""
    require_aware(at)
    found = period_at(schedule_periods(blocks, tz, at - HORIZON, at + HORIZON), at)
    return None if found is None else found.end


@dataclass(frozen=True)
class FocusStatus:
    """What `/focus status` reports at one instant."""

    at: datetime
    focus: Period | None
    off_hours: bool
    available_at: datetime | None
    next_focus_start: datetime | None
    # LEAVE or HOLIDAY when `at` falls on a day off.
    day_off: str | None = None

    @property
    def in_focus(self) -> bool:
        """Whether the person is in focus."""
        return self.focus is not None

    @property
    def reachable(self) -> bool:
        """Whether a mention sent now is delivered now."""
        return self.available_at == self.at


@dataclass(frozen=True)
class FocusState:
    """Everything that decides one person's focus: blocks, working hours, session, release.

    `released_until` records a `/focus off` during a block: that block's remainder is
    dropped, later blocks still count.
    """

    blocks: Schedule = EMPTY
    working_hours: Schedule = EMPTY
    session: FocusSession | None = None
    released_until: datetime | None = None
    days_off: DaysOff = NO_DAYS_OFF

    def in_focus(self, tz: ZoneInfo, at: datetime) -> bool:
        """Whether the person is in focus at `at`."""
        return in_focus(self.blocks, self.session, tz, at, released_until=self.released_until)

    def away_reason(self, tz: ZoneInfo, at: datetime) -> str | None:
        """Why a mention at `at` waits (LEAVE, HOLIDAY, FOCUSING, OFF_HOURS), or None.

        The cheap question the message hot path asks first; available_at says until when.
        """
        reason = day_off_reason(self.days_off, tz, at)
        if reason is not None:
            return reason
        if self.in_focus(tz, at):
            return FOCUSING
        return OFF_HOURS if off_hours(self.working_hours, tz, at) else None

    def available_at(self, tz: ZoneInfo, at: datetime) -> datetime | None:
        """When mentions held at `at` are delivered, or None if not within HORIZON."""
        return available_at(
            self.blocks,
            self.session,
            self.working_hours,
            tz,
            at,
            released_until=self.released_until,
            days_off=self.days_off,
        )

    def end_focus(self, tz: ZoneInfo, at: datetime) -> FocusState:
        """The state after `/focus off` at `at`: no session, the running block released."""
        block_end = current_block_end(self.blocks, tz, at)
        released = self.released_until
        if block_end is not None and (released is None or block_end > released):
            released = block_end
        return replace(self, session=None, released_until=released)

    def status(self, tz: ZoneInfo, at: datetime) -> FocusStatus:
        """The status report at `at`."""
        return status_at(
            self.blocks,
            self.session,
            self.working_hours,
            tz,
            at,
            released_until=self.released_until,
            days_off=self.days_off,
        )


def status_at(
    blocks: Schedule,
    session: FocusSession | None,
    working_hours: Schedule,
    tz: ZoneInfo,
    at: datetime,
    *,
    released_until: datetime | None = None,
    days_off: DaysOff = NO_DAYS_OFF,
) -> FocusStatus:
    """Focus, off hours, day off, availability and next focus at `at`, in one value."""
    require_aware(at)
    at = at.astimezone(UTC)
    return FocusStatus(
        at=at,
        focus=focus_period_at(blocks, session, tz, at, released_until=released_until),
        off_hours=off_hours(working_hours, tz, at),
        available_at=available_at(
            blocks, session, working_hours, tz, at, released_until=released_until, days_off=days_off
        ),
        next_focus_start=next_focus_start(blocks, session, tz, at, released_until=released_until),
        day_off=day_off_reason(days_off, tz, at),
    )
