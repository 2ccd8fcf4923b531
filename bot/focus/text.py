"""User-facing wording for focus hours: schedules, times, durations, status (pure).

Times are 24-hour `HH:MM` in the person's zone; ranges use an en dash, as in
"Mon–Fri 09:00–11:00". Everything written here also parses back with `/focus`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.focus.grammar import clock_text
from bot.focus.model import HORIZON, FocusStatus, Period
from bot.focus.schedule import (
    DAYS_PER_WEEK,
    Schedule,
    WeeklySpec,
    day_runs,
    normalize_days,
    run_length,
    weekly_specs,
)

DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS_AHEAD_BY_NAME = 6

HELP_TEXT = (
    "*Focus hours*: while you focus, mentions of you wait and arrive afterwards in one digest.\n"
    "• `/focus mon-fri 9:00-11:30`: add a weekly focus block (your time zone)\n"
    "• `/focus remove mon 10:00-11:00` or `/focus clear`: remove focus time\n"
    "• `/focus now 90m` or `/focus until 17:00`: focus from now\n"
    "• `/focus off`: stop focusing now and get your digest\n"
    "• `/focus hours mon-fri 9:00-17:30` or `/focus hours off`: your working hours\n"
    "• `/focus away 12 jan to 16 jan`, `/focus away until mon` or `/focus back`: leave\n"
    "• `/focus holidays nl` (or `de-by`, `us-ca`) or `/focus holidays off`: public holidays\n"
    "• `/focus`: where you stand"
)


def format_clock(minute: int) -> str:
    """Minutes after midnight as `HH:MM`, 24-hour (1440 is `24:00`)."""
    return clock_text(minute)


def format_days(days: tuple[int, ...]) -> str:
    """Days compactly: `Daily`, `Mon–Fri`, `Sat, Sun`, `Mon, Wed, Fri`, `Fri–Mon`."""
    if len(normalize_days(days)) == DAYS_PER_WEEK:
        return "Daily"
    parts = []
    for first, last in day_runs(days):
        length = run_length(first, last)
        if length == 1:
            parts.append(DAY_LABELS[first])
        else:
            joiner = "–" if length > 2 else ", "
            parts.append(f"{DAY_LABELS[first]}{joiner}{DAY_LABELS[last]}")
    return ", ".join(parts)


def format_spec(spec: WeeklySpec) -> str:
    """One spec: `Mon–Fri 09:00–11:00` (an end before the start runs past midnight)."""
    return f"{format_days(spec.days)} {format_clock(spec.start)}–{format_clock(spec.end)}"


def describe_schedule(schedule: Schedule, *, empty: str = "none") -> str:
    """A schedule grouped by equal times: `Mon–Fri 09:00–11:00, Sat 10:00–12:00`."""
    specs = weekly_specs(schedule)
    return ", ".join(format_spec(spec) for spec in specs) if specs else empty


def format_duration(duration: timedelta) -> str:
    """A duration rounded to the minute: `1h 30m`, `45m`, `2h`, `1d 3h`, `0m`."""
    minutes = max(0, round(duration / timedelta(minutes=1)))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    units = ((days, "d"), (hours, "h"), (minutes, "m"))
    parts = [f"{value}{unit}" for value, unit in units if value]
    return " ".join(parts) or "0m"


def format_when(instant: datetime, tz: ZoneInfo, now: datetime) -> str:
    """A near instant as the person reads it: `11:30`, `tomorrow 09:00`, `Tue 09:00`."""
    local = instant.astimezone(tz)
    days_ahead = (local.date() - now.astimezone(tz).date()).days
    clock = f"{local:%H:%M}"
    if days_ahead == 0:
        return clock
    if days_ahead == 1:
        return f"tomorrow {clock}"
    label = DAY_LABELS[local.weekday()]
    if 1 < days_ahead <= _DAYS_AHEAD_BY_NAME:
        return f"{label} {clock}"
    return f"{label} {local.day} {local:%b} {clock}"


def format_day_when(instant: datetime, tz: ZoneInfo) -> str:
    """An instant with its day always named: `Mon 12 Jan 09:00` (for someone back from leave,
    where "09:00" alone would not say which day)."""
    local = instant.astimezone(tz)
    return f"{DAY_LABELS[local.weekday()]} {local.day} {local:%b} {local:%H:%M}"


def focus_until_text(end: datetime, tz: ZoneInfo, now: datetime) -> str:
    """`in focus until 11:30`."""
    return f"in focus until {format_when(end, tz, now)}"


def describe_status(status: FocusStatus, tz: ZoneInfo) -> str:
    """The `/focus` status in a sentence or two, from the person's point of view."""
    now = status.at
    available = status.available_at
    if status.day_off is not None:
        wait = f"until {format_day_when(available, tz)}" if available else "until you're back"
        return f"You're {status.day_off} today. Mentions wait {wait}."
    if status.focus is not None:
        return _in_focus_status(status.focus, status, tz)
    if status.off_hours:
        if available is None:
            return "You're outside your working hours, with no free working time this week."
        return (
            "You're outside your working hours. "
            f"Mentions wait until {format_when(available, tz, now)}."
        )
    if status.next_focus_start is not None:
        return f"You're not in focus. Next focus: {format_when(status.next_focus_start, tz, now)}."
    return "You're not in focus, and no focus is planned."


def _in_focus_status(focus: Period, status: FocusStatus, tz: ZoneInfo) -> str:
    now, end, available = status.at, focus.end, status.available_at
    if end >= now + HORIZON:
        first = "You're in focus all week."
    else:
        first = f"You're {focus_until_text(end, tz, now)}."
    if available is None:
        return f"{first} Mentions wait: you have no free working time in the next week."
    if available != end:
        return f"{first} Mentions wait until {format_when(available, tz, now)}."
    return f"{first} Mentions wait until then."
