"""Parsing of the away subcommands of `/focus` (pure; grammar.py dispatches here).

    away <day> [to <day>]        leave on those days, both included
    away until <day>             leave from today; back on that day
    back                         end the leave you are on today
    holidays <country>[-<region>] | holidays off

In Dutch too: `afwezig morgen`, `verlof van 12 jan tot 16 jan`, `afwezig tot ma` (back on
Monday), `afwezig t/m vr` (today up to and including Friday), `terug`, `feestdagen nl`; see
words.py for how `tot` is read. Days are read by days.py; the country is checked against
the `holidays` package by the service, which knows which countries it has.
"""

from __future__ import annotations

import re

from bot.errors import KairosUserError
from bot.focus.commands import ClearHolidays, EndLeave, FocusCommand, SetHolidays, TakeLeave
from bot.focus.days import DaySpec, away_example, parse_day, shown
from bot.focus.words import FROM_WORDS, OFF_WORDS, THROUGH_WORDS, UNTIL_WORDS
from bot.i18n import _

# "tot en met" before "tot": a lazy first day would otherwise leave "en met" to the second.
_RANGE = re.compile(r"(.+?)\s+(?:to|through|thru|tot en met|t/m|tot|-)\s+(.+)")


def parse_away(rest: str) -> FocusCommand:
    """`away <day> [to <day>]` or `away until <day>`."""
    if not rest:
        raise KairosUserError(
            _(
                "Which days are you away? Give a day or two after `/focus away` "
                "(`fri`, `12 jan`, `2027-01-12`, `tomorrow` or `next week`)."
            ),
            example=away_example(),
        )
    for word in THROUGH_WORDS:
        if rest.startswith(word):
            return TakeLeave(DaySpec("today"), parse_day(rest.removeprefix(word)))
    for word in UNTIL_WORDS:
        if rest.startswith(word):
            return TakeLeave(parse_day(rest.removeprefix(word)), until=True)
    first, _space, after = rest.partition(" ")
    if first in FROM_WORDS and after:
        rest = after  # "van 12 jan tot 16 jan", "from mon to wed"
    match = _RANGE.fullmatch(rest)
    if match is not None:
        return TakeLeave(parse_day(match[1]), parse_day(match[2]))
    return TakeLeave(parse_day(rest))


def parse_back(rest: str) -> FocusCommand:
    """`back`: takes nothing after it."""
    if rest:
        raise KairosUserError(
            _(
                "`/focus back` ends your leave today and takes nothing after it "
                "(I don't know `{text}`).",
                text=shown(rest),
            ),
            example=_("/focus back"),
        )
    return EndLeave()


def parse_holidays(rest: str) -> FocusCommand:
    """`holidays <country>[-<region>]` or `holidays off`."""
    if rest in OFF_WORDS:
        return ClearHolidays()
    if not rest:
        raise KairosUserError(
            _(
                "Which country's public holidays are your days off? Give its two-letter "
                "code, with a region after a dash where holidays differ by region "
                "(`de-by`, `us-ca`)."
            ),
            example=_("/focus holidays nl"),
        )
    return SetHolidays(rest)
