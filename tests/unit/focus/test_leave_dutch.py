"""Leave and public holidays in Dutch: the replies to `/focus away`, `back` and `holidays`,
the status lines about them, the calendar's leave and its buttons, and the refusals; each
still fits Slack's limits and the English stays as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.errors import KairosUserError
from bot.focus.absence import FROM_CALENDAR, FROM_COMMAND
from bot.focus.away import apply_away, away_lines, span_text
from bot.focus.commands import AwayCommand, ClearHolidays, EndLeave, SetHolidays
from bot.focus.grammar import parse_focus_command
from bot.focus.holidays import country_name, describe_region, parse_region
from bot.focus.leave_messages import (
    MAX_SHOWN,
    CalendarLeaveItem,
    calendar_leave_buttons,
    calendar_leave_line,
    listing,
)
from bot.focus.tables import LeavePeriod, Person
from bot.i18n import speaking

TODAY = date(2026, 12, 4)  # a Friday
# 10:00 in Amsterdam on TODAY.
NOW = datetime(2026, 12, 4, 9, tzinfo=UTC)
KEY = "0123456789abcdef0123456789abcdef"


def _person(region: str | None = None) -> Person:
    person = Person(user_id="U0ANOUK", tz="Europe/Amsterdam", focus_blocks="", working_hours="")
    person.holiday_region = region
    return person


def _away(person: Person, command: AwayCommand | str, language: str) -> str:
    parsed = parse_focus_command(command) if isinstance(command, str) else command
    assert isinstance(parsed, AwayCommand)
    with speaking(language):
        return apply_away(person, parsed, NOW)


def _item(title: str, *, ignored: bool = False, key: str = KEY) -> CalendarLeaveItem:
    return CalendarLeaveItem(date(2026, 12, 14), date(2026, 12, 18), title, key, ignored)


# ---- /focus away and /focus back


def test_taking_leave_is_answered_in_dutch_and_nothing_english_is_left() -> None:
    reply = _away(_person(), "away 14 dec to 18 dec", "nl")
    assert reply.startswith("Geniet ervan! Je bent van ")
    assert " tot en met " in reply
    assert reply.endswith("Eerder terug? `/focus back`.")
    for english in ("Enjoy", "You're on leave", "Mentions of you", "whoever", "Back early"):
        assert english not in reply


def test_taking_leave_in_english_reads_as_it_always_has() -> None:
    reply = _away(_person(), "away 14 dec to 18 dec", "en")
    assert reply == (
        "Enjoy your time off! You're on leave from Mon 14 Dec to Fri 18 Dec. Mentions of you "
        "wait, and whoever mentions you is told you're back Sat 19 Dec. Back early? "
        "`/focus back`."
    )


def test_the_same_leave_again_changes_nothing_and_says_so_in_dutch() -> None:
    person = _person()
    _away(person, "away 14 dec to 18 dec", "nl")
    again = _away(person, "away 15 dec", "nl")
    assert again.startswith("Je bent op ")
    assert again.endswith(" al vrij, dus er is niets veranderd.")
    assert len(person.leave) == 1


def test_coming_back_is_answered_in_dutch() -> None:
    person = _person()
    assert _away(person, EndLeave(), "nl") == (
        "Je bent vandaag niet vrij, dus er viel niets te beëindigen."
    )
    _away(person, "away 14 dec", "nl")
    later = _away(person, EndLeave(), "nl")
    assert later.startswith("Je bent vandaag niet vrij, dus er viel niets te beëindigen. ")
    assert "Je volgende verlof is op " in later
    _away(person, "away today", "nl")
    assert _away(person, EndLeave(), "nl").startswith("Welkom terug! Je verlof is voorbij")


def test_leave_from_the_calendar_cannot_be_ended_here_and_dutch_says_where_instead() -> None:
    person = _person()
    person.leave.append(
        LeavePeriod(
            user_id=person.user_id,
            starts_on=TODAY,
            ends_on=TODAY,
            ends_at=NOW,
            source=FROM_CALENDAR,
            event_key=KEY,
            title="Vakantie",
            created_at=NOW,
        )
    )
    reply = _away(person, EndLeave(), "nl")
    assert reply == (
        "Volgens je agenda ben je vandaag afwezig (“Vakantie”), dus dat kan ik hier niet "
        "beëindigen. Ga je vandaag toch werken? Druk dan in `/focus status` op “Vakantie” "
        "negeren."
    )


def test_a_span_of_days_reads_in_dutch() -> None:
    with speaking("nl"):
        one_day = span_text(date(2026, 12, 14), date(2026, 12, 14), TODAY)
        days = span_text(date(2026, 12, 14), date(2026, 12, 18), TODAY)
    assert one_day.startswith("op ")
    assert days.startswith("van ")
    assert " tot en met " in days
    with speaking("en"):
        assert span_text(date(2026, 12, 14), date(2026, 12, 18), TODAY) == (
            "from Mon 14 Dec to Fri 18 Dec"
        )


# ---- public holidays


def test_public_holidays_are_set_and_cleared_in_dutch_with_the_countrys_dutch_name() -> None:
    person = _person()
    reply = _away(person, SetHolidays("de-by"), "nl")
    assert reply.startswith("Feestdagen in Duitsland, BY (de-by) zijn nu je vrije dagen: ")
    assert "(de eerstvolgende is " in reply
    assert person.holiday_region == "DE-BY"
    assert _away(person, ClearHolidays(), "nl") == (
        "Feestdagen zijn voor jou geen vrije dagen meer."
    )
    assert _away(person, ClearHolidays(), "nl") == (
        "Je had geen feestdagen ingesteld, dus er is niets veranderd."
    )


def test_country_names_follow_the_language() -> None:
    with speaking("nl"):
        assert country_name("NL") == "Nederland"
        assert describe_region("DE-BY") == "Duitsland, BY (de-by)"
    with speaking("en"):
        assert country_name("NL") == "Netherlands"
        assert describe_region("NL") == "Netherlands (nl)"


@pytest.mark.parametrize(
    ("typed", "start"),
    [
        ("?!", "Ik herken `?!` niet als land: "),
        ("xx", "Ik ken geen feestdagen voor `xx`. "),
        ("de-zz", "Ik ken in Duitsland geen regio `zz`. Regio's die ik ken: "),
    ],
)
def test_a_region_kairos_does_not_know_is_refused_in_dutch(typed: str, start: str) -> None:
    with speaking("nl"), pytest.raises(KairosUserError) as caught:
        parse_region(typed)
    assert caught.value.message.startswith(start)
    assert "/focus holidays" in (caught.value.example or "")


# ---- the status lines


def test_the_status_lines_about_leave_and_holidays_are_dutch() -> None:
    person = _person("NL")
    for week in ("away 14 dec", "away 21 dec", "away 28 dec", "away 4 jan", "away 11 jan"):
        _away(person, week, "nl")
    _away(person, "away 18 jan", "nl")
    with speaking("nl"):
        lines = away_lines(person, TODAY)
    leave, holidays = lines
    assert leave.startswith("*Verlof*: op ")
    assert "(zelf ingesteld met /focus away)" in leave
    assert leave.endswith("; en nog 1")
    assert holidays == "*Feestdagen*: Nederland (nl)"
    with speaking("nl"):
        assert away_lines(_person(), TODAY) == [
            "*Feestdagen*: geen (stel ze in met `/focus holidays nl`)"
        ]
    assert all(row.source == FROM_COMMAND for row in person.leave)


def test_calendar_leave_and_its_buttons_are_dutch_and_fit_a_button() -> None:
    items = [_item("Vakantie in Spanje"), _item("", ignored=True)]
    with speaking("nl"):
        line = calendar_leave_line(items, TODAY)
        (actions,) = calendar_leave_buttons(items)
        long = calendar_leave_buttons([_item("Een heel lange titel " * 10, ignored=True)])
    assert line is not None
    assert line.startswith("*Verlof uit je agenda*: “Vakantie in Spanje”, ")
    assert "; een afwezigheid in je agenda, " in line
    assert line.endswith(" (genegeerd: telt niet als verlof)")
    ignore, count = (button["text"]["text"] for button in actions["elements"])
    assert ignore == "“Vakantie in Spanje” negeren"
    assert count == "“afwezig” weer meetellen"
    (long_actions,) = long
    text = long_actions["elements"][0]["text"]["text"]
    assert len(text) <= 75
    assert text.endswith("…” weer meetellen")


def test_a_list_cut_short_says_how_many_more_in_dutch() -> None:
    shown = ["a", "b"]
    with speaking("nl"):
        assert listing(shown, 2) == "a; b"
        assert listing(shown, 2 + MAX_SHOWN) == f"a; b; en nog {MAX_SHOWN}"
    with speaking("en"):
        assert listing(shown, 3) == "a; b; and 1 more"
