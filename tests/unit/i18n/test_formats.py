"""Dates, times, durations and numbers in English and Dutch, in the reader's time zone.

English must read exactly as Kairos's English does today (bot/focus/text.py), so that moving
a message onto bot/i18n/formats.py changes nothing for an English reader.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.text import format_day_when, format_duration, format_when
from bot.i18n.formats import (
    duration,
    number,
    short_date,
    time_of_day,
    weekday,
    weekday_date,
    weekday_date_time,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NEW_YORK = ZoneInfo("America/New_York")
TUESDAY = datetime(2027, 1, 12, 8, 30, tzinfo=UTC)  # 09:30 in Amsterdam
FIFTH = datetime(2027, 1, 5, 8, 30, tzinfo=UTC)

Formatter = Callable[[datetime, ZoneInfo, str], str]


@pytest.mark.parametrize(
    ("formatter", "instant", "english", "dutch"),
    [
        (time_of_day, TUESDAY, "09:30", "09:30"),
        (weekday, TUESDAY, "Tue", "di"),
        (short_date, TUESDAY, "12 Jan", "12 jan"),
        (short_date, FIFTH, "5 Jan", "5 jan"),
        (weekday_date, TUESDAY, "Tue 12 Jan", "di 12 jan"),
        (weekday_date, FIFTH, "Tue 5 Jan", "di 5 jan"),
        (weekday_date_time, TUESDAY, "Tue 12 Jan at 09:30", "di 12 jan om 09:30"),
        (weekday_date, datetime(2027, 3, 1, 12, tzinfo=UTC), "Mon 1 Mar", "ma 1 mrt"),
        (weekday_date, datetime(2027, 5, 6, 12, tzinfo=UTC), "Thu 6 May", "do 6 mei"),
        (weekday_date, datetime(2027, 10, 9, 12, tzinfo=UTC), "Sat 9 Oct", "za 9 okt"),
        # Late in the evening in UTC is already the next day in Amsterdam.
        (weekday_date_time, datetime(2027, 1, 12, 23, 30, tzinfo=UTC),
         "Wed 13 Jan at 00:30", "wo 13 jan om 00:30"),
    ],
)  # fmt: skip
def test_in_amsterdam(formatter: Formatter, instant: datetime, english: str, dutch: str) -> None:
    assert formatter(instant, AMSTERDAM, "en") == english
    assert formatter(instant, AMSTERDAM, "nl") == dutch


@pytest.mark.parametrize(
    ("instant", "english", "dutch"),
    [
        # Spring forward on 28 March 2027: 02:00 CET becomes 03:00 CEST.
        (datetime(2027, 3, 28, 0, 30, tzinfo=UTC), "Sun 28 Mar at 01:30", "zo 28 mrt om 01:30"),
        (datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "Sun 28 Mar at 03:30", "zo 28 mrt om 03:30"),
        # Fall back on 31 October 2027: 02:30 happens twice, an hour apart in UTC.
        (datetime(2027, 10, 31, 0, 30, tzinfo=UTC), "Sun 31 Oct at 02:30", "zo 31 okt om 02:30"),
        (datetime(2027, 10, 31, 1, 30, tzinfo=UTC), "Sun 31 Oct at 02:30", "zo 31 okt om 02:30"),
        (datetime(2027, 10, 31, 2, 30, tzinfo=UTC), "Sun 31 Oct at 03:30", "zo 31 okt om 03:30"),
    ],
)
def test_across_daylight_saving_time(instant: datetime, english: str, dutch: str) -> None:
    assert weekday_date_time(instant, AMSTERDAM, "en") == english
    assert weekday_date_time(instant, AMSTERDAM, "nl") == dutch


def test_the_same_instant_in_another_zone() -> None:
    assert weekday_date_time(TUESDAY, NEW_YORK, "en") == "Tue 12 Jan at 03:30"
    assert weekday_date_time(TUESDAY, NEW_YORK, "nl") == "di 12 jan om 03:30"


@pytest.mark.parametrize(
    ("length", "english", "dutch"),
    [
        (timedelta(minutes=90), "1h 30m", "1 uur 30 min"),
        (timedelta(minutes=45), "45m", "45 min"),
        (timedelta(hours=2), "2h", "2 uur"),
        (timedelta(days=1, hours=3), "1d 3h", "1 dag 3 uur"),
        (timedelta(days=2, minutes=5), "2d 5m", "2 dagen 5 min"),
        (timedelta(minutes=1), "1m", "1 min"),
        (timedelta(seconds=29), "0m", "0 min"),
        (timedelta(0), "0m", "0 min"),
        (timedelta(minutes=-5), "0m", "0 min"),
    ],
)
def test_duration(length: timedelta, english: str, dutch: str) -> None:
    assert duration(length, "en") == english
    assert duration(length, "nl") == dutch


@pytest.mark.parametrize(
    ("value", "english", "dutch"),
    [(7, "7", "7"), (1234.5, "1,234.5", "1.234,5"), (1_000_000, "1,000,000", "1.000.000")],
)
def test_number(value: float, english: str, dutch: str) -> None:
    assert number(value, "en") == english
    assert number(value, "nl") == dutch


@pytest.mark.parametrize("language", ["de", "fr-FR", ""])
def test_a_language_kairos_does_not_speak_is_written_in_english(language: str) -> None:
    assert weekday_date_time(TUESDAY, AMSTERDAM, language) == "Tue 12 Jan at 09:30"
    assert duration(timedelta(minutes=90), language) == "1h 30m"
    assert number(1234.5, language) == "1,234.5"


def test_nl_with_a_region_is_dutch() -> None:
    assert weekday_date_time(TUESDAY, AMSTERDAM, "nl-NL") == "di 12 jan om 09:30"


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        time_of_day(datetime(2027, 1, 12, 9, 30), AMSTERDAM, "en")


# English as bot/focus/text.py writes it today, for any instant, zone and duration.

ZONES = [
    AMSTERDAM,
    NEW_YORK,
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("Pacific/Auckland"),
    ZoneInfo("UTC"),
]
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=200, deadline=None)
@given(instant=instants, zone=st.sampled_from(ZONES))
def test_english_dates_and_times_read_as_focus_texts_do(instant: datetime, zone: ZoneInfo) -> None:
    assert time_of_day(instant, zone, "en") == format_when(instant, zone, instant)
    joined = f"{weekday_date(instant, zone, 'en')} {time_of_day(instant, zone, 'en')}"
    assert joined == format_day_when(instant, zone)


@settings(max_examples=200, deadline=None)
@given(length=st.timedeltas(min_value=timedelta(days=-1), max_value=timedelta(days=400)))
def test_english_durations_read_as_focus_texts_do(length: timedelta) -> None:
    assert duration(length, "en") == format_duration(length)
