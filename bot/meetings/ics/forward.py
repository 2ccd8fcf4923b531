"""Fast-forwarding a long-running series before it is expanded.

dateutil expands a rule from its DTSTART, so a daily stand-up that began years ago is
walked through day by day, every poll, to find the few occurrences in the sync window.
For the common rules (DAILY or WEEKLY, no COUNT), moving DTSTART and DTEND forward by
whole periods of the rule leaves every later occurrence where it was; only occurrences
long before the window are lost, and the window never sees them. Anything less simple is
left as it is. Text only, like text.py: the dates' digits are moved, nothing else.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.meetings.ics.lines import line_name, ymd

_WATCHED = frozenset({"DTSTART", "DTEND", "DURATION", "RRULE", "EXRULE", "RDATE"})
_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})(T\d{6}Z?)")
# Kept between the new DTSTART and the earliest day the window can touch: the expansion's
# own margins are a day or two.
_SLACK = timedelta(days=7)


def fast_forward(lines: list[str], earliest: date) -> list[str]:
    """A series master's lines with DTSTART and DTEND moved forward by whole periods of its
    rule, to no later than a week (and the event's length) before `earliest`; the lines
    as they are when the rule is not one this is sure for, or there is nothing to gain."""
    found = _watched_lines(lines)
    # Not with a DURATION, an EXRULE or an RDATE, nor without a rule and an end.
    if found is None or found.keys() != {"DTSTART", "DTEND", "RRULE"}:
        return lines
    start = _split(lines[found["DTSTART"]], "DTSTART")
    end = _split(lines[found["DTEND"]], "DTEND")
    period = _period_days(lines[found["RRULE"]])
    if period is None or start is None or end is None or not _same_clock(start, end):
        return lines
    length = (end[1] - start[1]).days
    gap = (earliest - _SLACK - timedelta(days=max(length, 0)) - start[1]).days
    if length < 0 or gap < period:
        return lines
    shift = timedelta(days=gap - gap % period)
    moved = list(lines)
    moved[found["DTSTART"]] = _joined("DTSTART", start, shift)
    moved[found["DTEND"]] = _joined("DTEND", end, shift)
    return moved


def _watched_lines(lines: list[str]) -> dict[str, int] | None:
    """Where each watched property is; None if one is there twice (two rules or starts:
    left to the library as written)."""
    found: dict[str, int] = {}
    for index, line in enumerate(lines):
        name = line_name(line)
        if name in _WATCHED:
            if name in found:
                return None
            found[name] = index
    return found


def _same_clock(start: tuple[str, date, str], end: tuple[str, date, str]) -> bool:
    """The same parameters (the same TZID, or none) and both in UTC or neither: both then
    move by the same wall-clock days, and the event's length on that clock stays as it was."""
    return start[0] == end[0] and start[2].endswith("Z") == end[2].endswith("Z")


def _period_days(rule_line: str) -> int | None:
    """Days in one period of a DAILY or WEEKLY rule without COUNT; None for any other."""
    parts: dict[str, str] = {}
    for part in rule_line.partition(":")[2].upper().split(";"):
        key, sep, value = part.partition("=")
        if not sep or key in parts:
            return None
        parts[key] = value
    if "COUNT" in parts:
        return None  # counted from DTSTART
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or int(interval) < 1:
        return None
    days = {"DAILY": 1, "WEEKLY": 7}.get(parts.get("FREQ", ""))
    return None if days is None else days * int(interval)


def _split(line: str, name: str) -> tuple[str, date, str] | None:
    """(parameters, date, time) of a date-time line; None for a DATE or anything else."""
    head, colon, value = line.rpartition(":")
    match = _DATE_TIME.fullmatch(value.strip())
    if not colon or match is None or head[: len(name)].upper() != name:
        return None
    day = ymd(*match.group(1, 2, 3))
    return None if day is None else (head[len(name) :], day, match.group(4))


def _joined(name: str, parts: tuple[str, date, str], shift: timedelta) -> str:
    params, day, time = parts
    return f"{name}{params}:{(day + shift):%Y%m%d}{time}"
