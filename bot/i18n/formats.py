"""Dates, times, durations and numbers as a language writes them, in a person's time zone.

Babel supplies the words and the order (CLDR's data): Dutch reads "di 12 jan om 09:30",
"1 uur 30 min", "1.234,5". English keeps Kairos's own style rather than CLDR's "en", which
is American ("Tue, Jan 12", "9:30 AM"): day before month and a 24-hour clock, as Kairos's
English has always read ("Tue 12 Jan 09:30", bot/focus/text.py) and as `/focus` parses
back, and the compact "1h 30m". Every function takes an aware datetime: a naive one has no
zone to convert from, which is how a DST bug starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, format_skeleton
from babel.numbers import format_decimal
from babel.units import format_unit

from bot.i18n.catalog import SOURCE_LANGUAGE, translated


@dataclass(frozen=True)
class _Style:
    """How one language writes each piece: Babel patterns, or CLDR skeletons (`skeletons`)."""

    weekday: str
    short_date: str
    weekday_date: str
    time: str
    skeletons: bool
    units: Literal["narrow", "short"]


# Patterns, not skeletons: CLDR's "en" would reorder the date and use a 12-hour clock.
_ENGLISH = _Style("EEE", "d MMM", "EEE d MMM", "HH:mm", skeletons=False, units="narrow")
# Skeletons let CLDR order the pieces for the language ("MMMEd" is "di 12 jan" in Dutch).
_CLDR = _Style("E", "MMMd", "MMMEd", "Hm", skeletons=True, units="short")


def time_of_day(instant: datetime, zone: ZoneInfo, language: str) -> str:
    """The clock time in the zone: `09:30` (both languages: a 24-hour clock)."""
    return _format(instant, zone, language, "time")


def weekday(instant: datetime, zone: ZoneInfo, language: str) -> str:
    """The day of the week, abbreviated: `Tue` / `di`."""
    return _format(instant, zone, language, "weekday")


def short_date(instant: datetime, zone: ZoneInfo, language: str) -> str:
    """Day and month: `12 Jan` / `12 jan`."""
    return _format(instant, zone, language, "short_date")


def weekday_date(instant: datetime, zone: ZoneInfo, language: str) -> str:
    """Weekday, day and month: `Tue 12 Jan` / `di 12 jan`."""
    return _format(instant, zone, language, "weekday_date")


def weekday_date_time(instant: datetime, zone: ZoneInfo, language: str) -> str:
    """A whole moment: `Tue 12 Jan at 09:30` / `di 12 jan om 09:30`."""
    date = weekday_date(instant, zone, language)
    time = time_of_day(instant, zone, language)
    # TRANSLATORS: a day and a time of day, as in "Tue 12 Jan at 09:30".
    return translated(language)._("{date} at {time}", date=date, time=time)


def duration(length: timedelta, language: str) -> str:
    """A duration rounded to the minute: `1h 30m`, `1d 3h`, `0m` / `1 uur 30 min`, `0 min`."""
    minutes = max(0, round(length / timedelta(minutes=1)))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    amounts = [(days, "duration-day"), (hours, "duration-hour"), (minutes, "duration-minute")]
    shown = [(amount, unit) for amount, unit in amounts if amount] or amounts[-1:]
    code = _code(language)
    return " ".join(
        format_unit(amount, unit, length=_style(code).units, locale=_locale(code))
        for amount, unit in shown
    )


def number(value: int | float | Decimal, language: str) -> str:
    """A number with the language's separators: `1,234.5` / `1.234,5`."""
    return format_decimal(value, locale=_locale(_code(language)))


def _format(instant: datetime, zone: ZoneInfo, language: str, piece: str) -> str:
    if instant.tzinfo is None:
        raise ValueError(f"a naive datetime has no zone to convert from: {instant!r}")
    code = _code(language)
    style = _style(code)
    pattern: str = getattr(style, piece)
    local = instant.astimezone(zone)
    if style.skeletons:
        return format_skeleton(pattern, local, tzinfo=zone, locale=_locale(code))
    return format_datetime(local, pattern, tzinfo=zone, locale=_locale(code))


def _code(language: str) -> str:
    """The language's code, English for one Kairos has no catalog for."""
    return translated(language).language


def _style(code: str) -> _Style:
    return _ENGLISH if code == SOURCE_LANGUAGE else _CLDR


@lru_cache(maxsize=16)
def _locale(code: str) -> Locale:
    return Locale.parse(code)
