"""User-facing wording for focus hours: schedules, times, durations, status (pure).

Times are 24-hour `HH:MM` in the person's zone; ranges use an en dash, as in
"Mon–Fri 09:00–11:00". Everything written here in English also parses back with `/focus`.
Each function speaks the current language (bot/i18n: `speaking`); English keeps its own
compact forms, other languages take their day names and durations from bot/i18n/formats.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.focus.grammar import clock_text
from bot.focus.model import FOCUSING, HOLIDAY, HORIZON, LEAVE, OFF_HOURS, FocusStatus, Period
from bot.focus.schedule import (
    DAYS_PER_WEEK,
    Schedule,
    WeeklySpec,
    day_runs,
    normalize_days,
    run_length,
    weekly_specs,
)
from bot.i18n import _, current_language, formats, ngettext
from bot.i18n.catalog import SOURCE_LANGUAGE

DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS_AHEAD_BY_NAME = 6
# The reason of a line naming those left over when a note runs out of lines ("until later").
AWAY_UNTIL_LATER = "later"
# A Monday, to name weekdays through bot/i18n/formats.py, which names the days of instants.
_UTC = ZoneInfo("UTC")
_A_MONDAY = datetime(2024, 1, 1, 12, tzinfo=_UTC)


def help_text() -> str:
    """`/focus help`: what each command does (the commands themselves stay as typed)."""
    return _(
        "*Focus hours*: while you focus, mentions of you wait and arrive afterwards in one "
        "digest.\n"
        "• `/focus mon-fri 9:00-11:30`: add a weekly focus block (your time zone)\n"
        "• `/focus remove mon 10:00-11:00` or `/focus clear`: remove focus time\n"
        "• `/focus now 90m` or `/focus until 17:00`: focus from now\n"
        "• `/focus off`: stop focusing now and get your digest\n"
        "• `/focus hours mon-fri 9:00-17:30` or `/focus hours off`: your working hours\n"
        "• `/focus away 12 jan to 16 jan`, `/focus away until mon` or `/focus back`: leave\n"
        "• `/focus holidays nl` (or `de-by`, `us-ca`) or `/focus holidays off`: public "
        "holidays\n"
        "• `/focus`: where you stand"
    )


def _english() -> bool:
    return current_language() == SOURCE_LANGUAGE


def format_clock(minute: int) -> str:
    """Minutes after midnight as `HH:MM`, 24-hour (1440 is `24:00`)."""
    return clock_text(minute)


def _day_label(day: int) -> str:
    if _english():
        return DAY_LABELS[day]
    return formats.weekday(_A_MONDAY + timedelta(days=day), _UTC, current_language())


def format_days(days: tuple[int, ...]) -> str:
    """Days compactly: `Daily`, `Mon–Fri`, `Sat, Sun`, `Mon, Wed, Fri`, `Fri–Mon`."""
    if len(normalize_days(days)) == DAYS_PER_WEEK:
        # TRANSLATORS: every day of the week, in a schedule such as "Daily 09:00–11:00".
        return _("Daily")
    parts = []
    for first, last in day_runs(days):
        length = run_length(first, last)
        if length == 1:
            parts.append(_day_label(first))
        else:
            joiner = "–" if length > 2 else ", "
            parts.append(f"{_day_label(first)}{joiner}{_day_label(last)}")
    return ", ".join(parts)


def format_spec(spec: WeeklySpec) -> str:
    """One spec: `Mon–Fri 09:00–11:00` (an end before the start runs past midnight)."""
    return f"{format_days(spec.days)} {format_clock(spec.start)}–{format_clock(spec.end)}"


def describe_schedule(schedule: Schedule, *, empty: str | None = None) -> str:
    """A schedule grouped by equal times: `Mon–Fri 09:00–11:00, Sat 10:00–12:00`; `empty`
    (by default "none") when there is nothing in it."""
    specs = weekly_specs(schedule)
    if specs:
        return ", ".join(format_spec(spec) for spec in specs)
    # TRANSLATORS: an empty schedule, as in "*Focus blocks*: none".
    return empty if empty is not None else _("none")


def format_duration(duration: timedelta) -> str:
    """A duration rounded to the minute: `1h 30m`, `45m`, `2h`, `1d 3h`, `0m`."""
    if not _english():
        return formats.duration(duration, current_language())
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
    english, language = _english(), current_language()
    clock = f"{local:%H:%M}"
    if days_ahead == 0:
        return clock
    if days_ahead == 1:
        # TRANSLATORS: a time of day tomorrow, as in "Mentions wait until tomorrow 09:00".
        return _("tomorrow {time}", time=clock)
    if 1 < days_ahead <= _DAYS_AHEAD_BY_NAME:
        label = DAY_LABELS[local.weekday()] if english else formats.weekday(local, tz, language)
        return f"{label} {clock}"
    if english:
        return f"{DAY_LABELS[local.weekday()]} {local.day} {local:%b} {clock}"
    return f"{formats.weekday_date(local, tz, language)} {clock}"


def format_day_when(instant: datetime, tz: ZoneInfo) -> str:
    """An instant with its day always named: `Mon 12 Jan 09:00` (for someone back from leave,
    where "09:00" alone would not say which day)."""
    local = instant.astimezone(tz)
    if _english():
        return f"{DAY_LABELS[local.weekday()]} {local.day} {local:%b} {local:%H:%M}"
    return f"{formats.weekday_date(local, tz, current_language())} {local:%H:%M}"


def focus_until_text(end: datetime, tz: ZoneInfo, now: datetime) -> str:
    """`in focus until 11:30`."""
    return _("in focus until {time}", time=format_when(end, tz, now))


def describe_status(status: FocusStatus, tz: ZoneInfo) -> str:
    """The `/focus status` in a sentence or two, from the person's point of view."""
    now = status.at
    available = status.available_at
    if status.day_off is not None:
        return _day_off_status(status.day_off, available, tz)
    if status.focus is not None:
        return _in_focus_status(status.focus, status, tz)
    if status.off_hours:
        if available is None:
            return _("You're outside your working hours, with no free working time this week.")
        return _(
            "You're outside your working hours. Mentions wait until {time}.",
            time=format_when(available, tz, now),
        )
    if status.next_focus_start is not None:
        return _(
            "You're not in focus. Next focus: {time}.",
            time=format_when(status.next_focus_start, tz, now),
        )
    return _("You're not in focus, and no focus is planned.")


def _day_off_status(day_off: str, available: datetime | None, tz: ZoneInfo) -> str:
    # A day off is leave or a public holiday (absence.py): one whole sentence for each.
    if available is None:
        if day_off == HOLIDAY:
            return _("You're on a public holiday today. Mentions wait until you're back.")
        return _("You're on leave today. Mentions wait until you're back.")
    when = format_day_when(available, tz)
    if day_off == HOLIDAY:
        return _("You're on a public holiday today. Mentions wait until {time}.", time=when)
    return _("You're on leave today. Mentions wait until {time}.", time=when)


def _in_focus_status(focus: Period, status: FocusStatus, tz: ZoneInfo) -> str:
    now, end, available = status.at, focus.end, status.available_at
    if end >= now + HORIZON:
        first = _("You're in focus all week.")
    else:
        first = _("You're in focus until {time}.", time=format_when(end, tz, now))
    if available is None:
        second = _("Mentions wait: you have no free working time in the next week.")
    elif available != end:
        second = _("Mentions wait until {time}.", time=format_when(available, tz, now))
    else:
        second = _("Mentions wait until then.")
    return f"{first} {second}"


def people_away(reason: str, until: str | None, names: Sequence[str], n: int) -> str:
    """`@Ana and @Bob are focusing until 11:30`: the first `names` of `n` people away for
    one reason (model.FOCUSING, ...) until a time (None: for now). A whole sentence for
    each reason and number, for a translator."""
    shown = list(names)
    if n > len(shown):
        # TRANSLATORS: the last of a list of people, as in "@Ana, @Bob and 3 others".
        shown.append(ngettext("{n} other", "{n} others", n - len(shown)))
    joined = shown[0]
    if len(shown) > 1:
        joined = _("{names} and {last}", names=", ".join(shown[:-1]), last=shown[-1])
    return _away(reason, until, joined, n)


def _away(reason: str, until: str | None, names: str, n: int) -> str:  # noqa: PLR0911
    v = {"names": names, "time": until, "reason": reason}
    if reason == AWAY_UNTIL_LATER:
        return ngettext("{names} is away until later", "{names} are away until later", n, **v)
    if until is None:
        return _away_for_now(reason, n, v)
    if reason == FOCUSING:
        return ngettext(
            "{names} is focusing until {time}", "{names} are focusing until {time}", n, **v
        )
    if reason == OFF_HOURS:
        return ngettext(
            "{names} is outside working hours until {time}",
            "{names} are outside working hours until {time}",
            n,
            **v,
        )
    if reason == LEAVE:
        return ngettext(
            "{names} is on leave until {time}", "{names} are on leave until {time}", n, **v
        )
    if reason == HOLIDAY:
        return ngettext(
            "{names} is on a public holiday until {time}",
            "{names} are on a public holiday until {time}",
            n,
            **v,
        )
    return ngettext("{names} is {reason} until {time}", "{names} are {reason} until {time}", n, **v)


def _away_for_now(reason: str, n: int, v: dict[str, str | None]) -> str:
    if reason == FOCUSING:
        return ngettext("{names} is focusing for now", "{names} are focusing for now", n, **v)
    if reason == OFF_HOURS:
        return ngettext(
            "{names} is outside working hours for now",
            "{names} are outside working hours for now",
            n,
            **v,
        )
    if reason == LEAVE:
        return ngettext("{names} is on leave for now", "{names} are on leave for now", n, **v)
    if reason == HOLIDAY:
        return ngettext(
            "{names} is on a public holiday for now",
            "{names} are on a public holiday for now",
            n,
            **v,
        )
    return ngettext("{names} is {reason} for now", "{names} are {reason} for now", n, **v)
