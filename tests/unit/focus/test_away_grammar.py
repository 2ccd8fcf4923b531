"""`/focus away`, `/focus back`, `/focus holidays`: the words, the days they name seen from
the person's today, and a clear refusal for everything else."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.focus.commands import ClearHolidays, EndLeave, SetHolidays, TakeLeave
from bot.focus.days import label, leave_days, parse_day
from bot.focus.grammar import parse_focus_command
from bot.focus.holidays import describe_region, parse_region

WEDNESDAY = date(2026, 12, 9)


def days_of(text: str, today: date = WEDNESDAY) -> tuple[date, date]:
    command = parse_focus_command(text)
    assert isinstance(command, TakeLeave)
    return leave_days(command.first, command.last, until=command.until, today=today)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("away today", WEDNESDAY, WEDNESDAY),
        ("away tomorrow", date(2026, 12, 10), date(2026, 12, 10)),
        ("away fri", date(2026, 12, 11), date(2026, 12, 11)),
        ("away wed", WEDNESDAY, WEDNESDAY),  # today is Wednesday
        ("away friday to tue", date(2026, 12, 11), date(2026, 12, 15)),
        ("away 12 jan", date(2027, 1, 12), date(2027, 1, 12)),  # the next 12 January
        ("away 21 dec to 3 jan", date(2026, 12, 21), date(2027, 1, 3)),
        ("away dec 21 - jan 3", date(2026, 12, 21), date(2027, 1, 3)),
        ("away 2027-01-12 to 2027-01-16", date(2027, 1, 12), date(2027, 1, 16)),
        ("away next week", date(2026, 12, 14), date(2026, 12, 18)),
        ("away until mon", WEDNESDAY, date(2026, 12, 13)),  # back on Monday
        ("away until next week", WEDNESDAY, date(2026, 12, 13)),
        ("away until 12 jan", WEDNESDAY, date(2027, 1, 11)),
        ("AWAY 29 Feb", date(2028, 2, 29), date(2028, 2, 29)),  # the next leap day
    ],
)
def test_days_resolve_from_the_persons_today(text: str, first: date, last: date) -> None:
    assert days_of(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("away", "Which days"),
        ("away someday", "couldn't read `someday`"),
        ("away 30 feb", "not a day in the calendar"),
        ("away 2026-12-01", "in the past"),
        ("away 2027-01-16 to 2027-01-12", "before it starts"),
        ("away until today", "back today already"),
        ("away today to 2028-01-01", "more than a year"),
        ("back now", "takes nothing after it"),
        ("holidays", "Which country"),
    ],
)
def test_bad_input_gets_a_specific_answer(text: str, says: str) -> None:
    with pytest.raises(KairosUserError, match=says) as raised:
        days_of(text) if text.startswith("away") else parse_focus_command(text)
    assert raised.value.example is not None
    assert raised.value.example.startswith("/focus ")


def test_back_and_holidays_commands() -> None:
    assert parse_focus_command("back") == EndLeave()
    assert parse_focus_command("holidays de-by") == SetHolidays("de-by")
    assert parse_focus_command("holidays off") == ClearHolidays()


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("nl", "NL", "Netherlands (nl)"),
        ("DE-by", "DE-BY", "Germany, BY (de-by)"),
        ("us-ca", "US-CA", "United States, CA (us-ca)"),
    ],
)
def test_regions_are_checked_against_the_holidays_package(
    typed: str, stored: str, shown: str
) -> None:
    assert parse_region(typed) == stored
    assert describe_region(stored) == shown


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("xx", "don't know public holidays for `xx`"),
        ("nl-zz", "no region `zz`"),
        ("the netherlands", "couldn't read"),
    ],
)
def test_unknown_countries_and_regions_are_refused(typed: str, says: str) -> None:
    with pytest.raises(KairosUserError, match=says) as raised:
        parse_region(typed)
    assert "de-by" in raised.value.message or "regions" in raised.value.message


def test_labels_name_the_day() -> None:
    assert label(WEDNESDAY, WEDNESDAY) == "today"
    assert label(date(2026, 12, 14), WEDNESDAY) == "Mon 14 Dec"
    assert label(date(2027, 1, 12), WEDNESDAY) == "Tue 12 Jan 2027"


@given(st.text(max_size=60))
def test_any_text_after_away_parses_or_is_refused_kindly(text: str) -> None:
    try:
        command = parse_focus_command("away " + text)
    except KairosUserError:
        return
    assert isinstance(command, TakeLeave)
    try:
        start, end = leave_days(command.first, command.last, until=command.until, today=WEDNESDAY)
    except KairosUserError:
        return
    assert WEDNESDAY <= start <= end


def test_parse_day_reads_ordinals_and_full_names() -> None:
    assert parse_day("12th january") == parse_day("jan 12")
