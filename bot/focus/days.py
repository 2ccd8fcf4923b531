"""Days as people type them for leave: `fri`, `12 jan`, `2027-01-12`, `today`, `tomorrow`,
`next week` (pure).

Parsing only checks the words; resolving takes the person's own today, so "fri" is the
next Friday where they are (today, if it is Friday), and "12 jan" is the next 12 January.
Every bad input raises KairosUserError with what was wrong and a working example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.errors import KairosUserError

# The longest leave one command takes: a longer absence is entered again next year.
MAX_LEAVE_DAYS = 366
_WEEK = 7
_FRIDAY = 4
# A date without a year is the next one to come; 29 Feb may be up to 8 years away (2096).
_YEARS_AHEAD = 8
_SHOWN_LIMIT = 30

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _prefixes(names: tuple[str, ...]) -> dict[str, int]:
    words: dict[str, int] = {}
    for number, name in enumerate(names):
        for length in range(3, len(name) + 1):
            words[name[:length]] = number
    return words


_WEEKDAY_WORDS = _prefixes(_WEEKDAYS) | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
_MONTH_WORDS = _prefixes(_MONTHS) | {"sept": 8}
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_MONTH = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?\s*([a-z]+)\.?(?:,?\s+([0-9]{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s*([0-9]{1,2})(?:st|nd|rd|th)?(?:,?\s+([0-9]{4}))?")
EXAMPLE_DAYS = "`fri`, `12 jan`, `2027-01-12`, `tomorrow` or `next week`"


@dataclass(frozen=True)
class DaySpec:
    """A day (or `next week`) as typed, to be resolved against the person's today."""

    kind: str  # "today", "tomorrow", "weekday", "date", "next week"
    weekday: int = 0
    day: int = 0
    month: int = 0
    year: int | None = None


def parse_day(text: str) -> DaySpec:
    """Read one day as typed (already lower-cased and trimmed)."""
    text = text.strip().removeprefix("on ").strip()
    if text in ("today", "tomorrow", "next week"):
        return DaySpec(text)
    if text in _WEEKDAY_WORDS or text.removeprefix("next ") in _WEEKDAY_WORDS:
        return DaySpec("weekday", weekday=_WEEKDAY_WORDS[text.removeprefix("next ")])
    if match := _ISO.fullmatch(text):
        return _checked(int(match[3]), int(match[2]), int(match[1]), text)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.fullmatch(text)
        if match is not None and match[month_group] in _MONTH_WORDS:
            month = _MONTH_WORDS[match[month_group]] + 1
            year = int(match[3]) if match[3] else None
            return _checked(int(match[day_group]), month, year, text)
    raise KairosUserError(
        f"I couldn't read `{shown(text)}` as a day. Write it like {EXAMPLE_DAYS}.",
        example="/focus away 12 jan to 16 jan",
    )


def _checked(day: int, month: int, year: int | None, text: str) -> DaySpec:
    # Without a year, 29 Feb is a day (it comes in a leap year); 30 Feb never is.
    try:
        date(year if year is not None else 2000, month, day)
    except ValueError:
        raise KairosUserError(
            f"`{shown(text)}` is not a day in the calendar.",
            example="/focus away 12 jan to 16 jan",
        ) from None
    return DaySpec("date", day=day, month=month, year=year)


def shown(text: str) -> str:
    """User text safe to echo inside backticks."""
    if len(text) > _SHOWN_LIMIT:
        text = text[: _SHOWN_LIMIT - 1].rstrip() + "…"
    text = text.replace("`", "'").replace("&", "&amp;")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def resolve(spec: DaySpec, today: date) -> tuple[date, date]:
    """The first and last day a spec names, seen from `today` (one day, or next week's
    Monday to Friday)."""
    match spec.kind:
        case "today":
            return today, today
        case "tomorrow":
            day = today + timedelta(days=1)
            return day, day
        case "weekday":
            day = today + timedelta(days=(spec.weekday - today.weekday()) % _WEEK)
            return day, day
        case "next week":
            monday = today + timedelta(days=_WEEK - today.weekday())
            return monday, monday + timedelta(days=_FRIDAY)
    if spec.year is not None:
        day = date(spec.year, spec.month, spec.day)
        return day, day
    for year in range(today.year, today.year + _YEARS_AHEAD + 1):
        try:
            day = date(year, spec.month, spec.day)
        except ValueError:
            continue  # 29 Feb outside a leap year
        if day >= today:
            return day, day
    raise ValueError(f"no {spec} within {_YEARS_AHEAD} years")  # unreachable for 1..31


def leave_days(
    first: DaySpec, last: DaySpec | None, *, until: bool, today: date
) -> tuple[date, date]:
    """The first and last day of leave a command names; KairosUserError for a leave that
    ends before it starts, lies in the past, or lasts over a year."""
    if until:
        start = today
        # "until next week" is back on its Monday, like any other day: its first.
        back_on = resolve(first, today)[0]
        end = back_on - timedelta(days=1)
        if end < start:
            raise KairosUserError(
                f"You'd be back {label(back_on, today)} already, so there is no leave to "
                "add. Name the day you're back, or the days you're away.",
                example="/focus away until mon",
            )
    else:
        start, end = resolve(first, today)
        if last is not None:
            end = resolve(last, start)[1]
    if start < today:
        raise KairosUserError(
            f"{label(start, today)} is in the past: leave can start today at the earliest.",
            example="/focus away today to fri",
        )
    if end < start:
        raise KairosUserError(
            f"That leave ends {label(end, today)}, before it starts "
            f"{label(start, today)}. Put the first day first.",
            example="/focus away 12 jan to 16 jan",
        )
    if (end - start).days >= MAX_LEAVE_DAYS:
        raise KairosUserError(
            "That leave lasts more than a year. Enter up to a year at a time.",
            example="/focus away 1 jul to 31 aug",
        )
    return start, end


def label(day: date, today: date) -> str:
    """A day as Kairos writes it: `today`, `tomorrow`, `Mon 12 Jan` (and the year if not
    this one)."""
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    text = f"{_WEEKDAYS[day.weekday()][:3].title()} {day.day} {_MONTHS[day.month - 1][:3].title()}"
    return text if day.year == today.year else f"{text} {day.year}"
