"""Parsing of the away subcommands of `/focus` (pure; grammar.py dispatches here).

    away <day> [to <day>]        leave on those days, both included
    away until <day>             leave from today; back on that day
    back                         end the leave you are on today
    holidays <country>[-<region>] | holidays off

Days are read by days.py; the country is checked against the `holidays` package by the
service, which knows which countries it has.
"""

from __future__ import annotations

import re

from bot.errors import KairosUserError
from bot.focus.commands import ClearHolidays, EndLeave, FocusCommand, SetHolidays, TakeLeave
from bot.focus.days import EXAMPLE_DAYS, parse_day, shown

_RANGE = re.compile(r"(.+?)\s+(?:to|through|thru|-)\s+(.+)")


def parse_away(rest: str) -> FocusCommand:
    """`away <day> [to <day>]` or `away until <day>`."""
    if not rest:
        raise KairosUserError(
            f"Which days are you away? Give a day or two after `/focus away` ({EXAMPLE_DAYS}).",
            example="/focus away 12 jan to 16 jan",
        )
    for word in ("until ", "till "):
        if rest.startswith(word):
            return TakeLeave(parse_day(rest.removeprefix(word)), until=True)
    match = _RANGE.fullmatch(rest)
    if match is not None:
        return TakeLeave(parse_day(match[1]), parse_day(match[2]))
    return TakeLeave(parse_day(rest))


def parse_back(rest: str) -> FocusCommand:
    """`back`: takes nothing after it."""
    if rest:
        raise KairosUserError(
            f"`/focus back` ends your leave today and takes nothing after it "
            f"(I don't know `{shown(rest)}`).",
            example="/focus back",
        )
    return EndLeave()


def parse_holidays(rest: str) -> FocusCommand:
    """`holidays <country>[-<region>]` or `holidays off`."""
    if rest in ("off", "none", "clear"):
        return ClearHolidays()
    if not rest:
        raise KairosUserError(
            "Which country's public holidays are your days off? Give its two-letter code, "
            "with a region after a dash where holidays differ by region (`de-by`, `us-ca`).",
            example="/focus holidays nl",
        )
    return SetHolidays(rest)
