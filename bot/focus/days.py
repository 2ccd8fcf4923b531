"""Days as people type them for leave: `fri`, `12 jan`, `2027-01-12`, `today`, `tomorrow`,
`next week`, and in Dutch `vr`, `12 mei`, `vandaag`, `morgen`, `volgende week` (pure).

Parsing only checks the words; resolving takes the person's own today, so "fri" is the
next Friday where they are (today, if it is Friday), and "12 jan" is the next 12 January.
Every bad input raises KairosUserError with what was wrong and a working example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import KairosUserError
from bot.focus.words import (
    ENGLISH_DAYS,
    ENGLISH_MONTHS,
    MONTH_WORDS,
    NEXT_WEEK_WORDS,
    NEXT_WORDS,
    ON_WORDS,
    TODAY_WORDS,
    TOMORROW_WORDS,
    WEEKDAY_WORDS,
)
from bot.i18n import _, current_language, pgettext
from bot.i18n.catalog import SOURCE_LANGUAGE
from bot.i18n.formats import weekday_date

# The longest leave one command takes: a longer absence is entered again next year.
MAX_LEAVE_DAYS = 366
_WEEK = 7
_FRIDAY = 4
# A date without a year is the next one to come; 29 Feb may be up to 8 years away (2096).
_YEARS_AHEAD = 8
_SHOWN_LIMIT = 30
_UTC = ZoneInfo("UTC")

_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
# Dutch ordinals ("12e", "1ste", "2de") need a space after them: "12dec" stays 12 December.
_DAY_MONTH = re.compile(
    r"([0-9]{1,2})(?:st|nd|rd|th|(?:e|ste|de)(?=\s))?\s*([a-z]+)\.?(?:,?\s+([0-9]{4}))?"
)
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s*([0-9]{1,2})(?:st|nd|rd|th)?(?:,?\s+([0-9]{4}))?")


@dataclass(frozen=True)
class DaySpec:
    """A day (or `next week`) as typed, to be resolved against the person's today."""

    kind: str  # "today", "tomorrow", "weekday", "date", "next week"
    weekday: int = 0
    day: int = 0
    month: int = 0
    year: int | None = None


def parse_day(text: str) -> DaySpec:
    """Read one day as typed (already lower-cased and trimmed), in English or Dutch."""
    text = _without(text.strip(), ON_WORDS)
    if text in TODAY_WORDS:
        return DaySpec("today")
    if text in TOMORROW_WORDS:
        return DaySpec("tomorrow")
    if text in NEXT_WEEK_WORDS:
        return DaySpec("next week")
    # "vr." is how Dutch abbreviates Friday; no day word has a dot of its own.
    weekday = _without(text, NEXT_WORDS).rstrip(".")
    if weekday in WEEKDAY_WORDS:
        return DaySpec("weekday", weekday=WEEKDAY_WORDS[weekday])
    if match := _ISO.fullmatch(text):
        return _checked(int(match[3]), int(match[2]), int(match[1]), text)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.fullmatch(text)
        if match is not None and match[month_group] in MONTH_WORDS:
            month = MONTH_WORDS[match[month_group]] + 1
            year = int(match[3]) if match[3] else None
            return _checked(int(match[day_group]), month, year, text)
    raise KairosUserError(
        _(
            "I couldn't read `{text}` as a day. Write it like `fri`, `12 jan`, `2027-01-12`, "
            "`tomorrow` or `next week`.",
            text=shown(text),
        ),
        example=away_example(),
    )


def away_example() -> str:
    """A leave command the reader can type as is."""
    # TRANSLATORS: a command a person types as is: the words must be ones /focus reads.
    return _("/focus away 12 jan to 16 jan")


def _without(text: str, words: tuple[str, ...]) -> str:
    for word in words:
        if text.startswith(word):
            return text.removeprefix(word).strip()
    return text


def _checked(day: int, month: int, year: int | None, text: str) -> DaySpec:
    # Without a year, 29 Feb is a day (it comes in a leap year); 30 Feb never is.
    try:
        date(year if year is not None else 2000, month, day)
    except ValueError:
        raise KairosUserError(
            _("`{text}` is not a day in the calendar.", text=shown(text)), example=away_example()
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
                _(
                    "You'd be back {day} already, so there is no leave to add. "
                    "Name the day you're back, or the days you're away.",
                    day=label(back_on, today),
                ),
                example=_("/focus away until mon"),
            )
    else:
        start, end = resolve(first, today)
        if last is not None:
            end = resolve(last, start)[1]
    if start < today:
        raise KairosUserError(
            _(
                "{day} is in the past: leave can start today at the earliest.",
                day=label(start, today),
            ),
            example=_("/focus away today to fri"),
        )
    if end < start:
        raise KairosUserError(
            _(
                "That leave ends {end}, before it starts {start}. Put the first day first.",
                end=label(end, today),
                start=label(start, today),
            ),
            example=away_example(),
        )
    if (end - start).days >= MAX_LEAVE_DAYS:
        raise KairosUserError(
            _("That leave lasts more than a year. Enter up to a year at a time."),
            example=_("/focus away 1 jul to 31 aug"),
        )
    return start, end


def label(day: date, today: date) -> str:
    """A day as Kairos writes it in the current language: `today`, `tomorrow`, `Mon 12 Jan`
    / `vandaag`, `morgen`, `di 12 jan` (and the year if not this one)."""
    if day == today:
        # TRANSLATORS: a day, as in "you're back today".
        return pgettext("leave day", "today")
    if day == today + timedelta(days=1):
        # TRANSLATORS: a day, as in "you're back tomorrow".
        return pgettext("leave day", "tomorrow")
    language = current_language()
    if language == SOURCE_LANGUAGE:
        # Kairos's English as it always read (formats.py's English agrees, but this keeps
        # the day free of any time zone: a date is the same day everywhere).
        text = f"{ENGLISH_DAYS[day.weekday()][:3].title()} {day.day} "
        text += ENGLISH_MONTHS[day.month - 1][:3].title()
    else:
        text = weekday_date(datetime.combine(day, time(12), tzinfo=UTC), _UTC, language)
    return text if day.year == today.year else f"{text} {day.year}"
