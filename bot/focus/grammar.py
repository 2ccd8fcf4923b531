"""Parsing of `/focus` command text into typed commands (pure).

    (empty) | status                  show status
    [add] <days> <start>-<end>        add a weekly focus block
    remove <days> <start>-<end>       remove that time (`remove all` = `clear`)
    clear                             remove every block
    now [duration]                    a session from now, 60m by default, 5m..12h
    until <time>                      a session until that local time (≤ 12 h ahead)
    off                               end focus now and deliver the digest
    hours <days> <start>-<end> | hours off
    away … | back | holidays …        leave and public holidays (away_grammar.py)
    help

Every bad input raises KairosUserError with what was wrong and a working example; nothing
else escapes (a property test feeds it arbitrary text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from bot.errors import KairosUserError
from bot.focus.away_grammar import parse_away, parse_back, parse_holidays
from bot.focus.commands import (
    AddBlocks,
    ClearBlocks,
    ClearWorkingHours,
    EndFocus,
    FocusCommand,
    RemoveBlocks,
    SetWorkingHours,
    ShowHelp,
    ShowStatus,
    StartSession,
    StartUntil,
)
from bot.focus.model import MAX_SESSION, MIN_SESSION
from bot.focus.schedule import (
    ALL_DAYS,
    DAYS_PER_WEEK,
    MINUTES_PER_DAY,
    WEEKDAYS,
    WEEKEND,
    day_runs,
    normalize_days,
    run_length,
)

__all__ = [
    "AddBlocks",
    "ClearBlocks",
    "ClearWorkingHours",
    "EndFocus",
    "FocusCommand",
    "RemoveBlocks",
    "SetWorkingHours",
    "ShowHelp",
    "ShowStatus",
    "StartSession",
    "StartUntil",
    "clock_text",
    "days_text",
    "parse_focus_command",
    "spec_text",
]

DEFAULT_SESSION = timedelta(minutes=60)


DAY_ABBREVIATIONS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for day, name in enumerate(_DAY_NAMES):
        for length in range(3, len(name) + 1):
            words[name[:length]] = day
        words[name + "s"] = day  # "mondays"
    words.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
    return words


_DAY_WORDS = _day_words()
_DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "weekends": WEEKEND,
    "weekend": WEEKEND,
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
}

# Times start with an ASCII digit (or are `noon`/`midnight`); day words never do.
_TIME_BEGINS = re.compile(r"[0-9]|\bnoon\b|\bmidnight\b")
_TIME = re.compile(
    r"(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2}))?(?:\s*(?P<half>[ap])\.?(?:m\.?)?)?"
)
_DURATION = re.compile(
    r"(?:(?P<hours>[0-9]+)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(?P<minutes>[0-9]+)\s*(?:m|min|mins|minute|minutes)?)?"
)
_SHOWN_LIMIT = 40


class _PartError(Exception):
    """A part of the text did not parse; the caller adds an example that fits the whole."""


def parse_focus_command(text: str) -> FocusCommand:
    """Read `/focus` text into a command; anything invalid is a KairosUserError."""
    cleaned = _clean(text)
    if not cleaned:
        return ShowStatus()
    word, _, rest = cleaned.partition(" ")
    handler = _SUBCOMMANDS.get(word)
    if handler is not None:
        return handler(rest)
    return AddBlocks(*_parse_spec(cleaned, "/focus"))


def spec_text(days: tuple[int, ...], start: int, end: int) -> str:
    """A `<days> <start>-<end>` spec in the command's own syntax: `mon-fri 09:00-11:00`."""
    return f"{days_text(days)} {clock_text(start)}-{clock_text(end)}"


def days_text(days: tuple[int, ...]) -> str:
    """Days in the command's syntax: `daily`, `mon-fri`, `sat,sun`, `fri-mon,wed`."""
    if len(normalize_days(days)) == DAYS_PER_WEEK:
        return "daily"
    parts = []
    for first, last in day_runs(days):
        names = DAY_ABBREVIATIONS[first], DAY_ABBREVIATIONS[last]
        length = run_length(first, last)
        parts.append(names[0] if length == 1 else ("-" if length > 2 else ",").join(names))
    return ",".join(parts)


def clock_text(minute: int) -> str:
    """Minutes after midnight as 24-hour `HH:MM` (1440 is `24:00`)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _clean(text: str) -> str:
    # Slack escapes &, < and > in slash command text; typographic dashes come from phones
    # and from copying Kairos's own replies ("Mon–Fri 09:00–11:00").
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.lower().split())


def _shown(text: str) -> str:
    """User text safe to echo inside backticks: short, no backticks, no mrkdwn controls."""
    if len(text) > _SHOWN_LIMIT:
        text = text[: _SHOWN_LIMIT - 1].rstrip() + "…"
    text = text.replace("`", "'").replace("&", "&amp;")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _status(rest: str) -> FocusCommand:
    if rest:
        raise KairosUserError(
            f"`/focus status` needs nothing after it, and I don't know `{_shown(rest)}`.",
            example="/focus status",
        )
    return ShowStatus()


def _help(_rest: str) -> FocusCommand:
    return ShowHelp()


def _add(rest: str) -> FocusCommand:
    return AddBlocks(*_parse_spec(rest, "/focus"))


def _remove(rest: str) -> FocusCommand:
    if rest == "all":
        return ClearBlocks()
    return RemoveBlocks(*_parse_spec(rest, "/focus remove"))


def _clear(rest: str) -> FocusCommand:
    if rest:
        try:
            spec = spec_text(*_parse_spec(rest, "/focus remove"))
        except KairosUserError:
            spec = "mon 09:00-11:00"
        raise KairosUserError(
            "`/focus clear` removes all your focus blocks and takes nothing after it. "
            "To remove only some of the time, use `/focus remove`.",
            example=f"/focus remove {spec}",
        )
    return ClearBlocks()


def _off(rest: str) -> FocusCommand:
    if rest:
        raise KairosUserError(
            f"`/focus off` ends your focus right now and takes nothing after it "
            f"(I don't know `{_shown(rest)}`).",
            example="/focus off",
        )
    return EndFocus()


def _hours(rest: str) -> FocusCommand:
    if rest in ("off", "none", "clear"):
        return ClearWorkingHours()
    if not rest:
        raise KairosUserError(
            "Tell me your working hours after `/focus hours`, or `/focus hours off` for none.",
            example="/focus hours mon-fri 09:00-17:00",
        )
    return SetWorkingHours(*_parse_spec(rest, "/focus hours"))


def _now(rest: str) -> FocusCommand:
    rest = rest.removeprefix("for ").strip()
    if rest.startswith("until "):
        return _until(rest.removeprefix("until "))
    if not rest:
        return StartSession(DEFAULT_SESSION)
    match = _DURATION.fullmatch(rest)
    if match is None or not (match["hours"] or match["minutes"]):
        raise KairosUserError(
            f"I couldn't read `{_shown(rest)}` as a duration. "
            "Write it like `45m`, `2h`, `1h30m` or `90` (minutes).",
            example="/focus now 90m",
        )
    minutes = _small_int(match["hours"] or "0") * 60 + _small_int(match["minutes"] or "0")
    if timedelta(minutes=minutes) < MIN_SESSION:
        raise KairosUserError(
            "A focus session needs to last at least 5 minutes.", example="/focus now 25m"
        )
    if timedelta(minutes=minutes) > MAX_SESSION:
        raise KairosUserError(
            "A focus session can last at most 12 hours. For focus every week, "
            "add a focus block instead.",
            example="/focus mon-fri 09:00-12:00",
        )
    return StartSession(timedelta(minutes=minutes))


def _until(rest: str) -> FocusCommand:
    if not rest:
        raise KairosUserError(
            "Until when? Give me a time after `/focus until`.", example="/focus until 17:00"
        )
    try:
        minute = _parse_time(rest, end=True)
    except _PartError as problem:
        raise KairosUserError(str(problem), example="/focus until 17:00") from None
    # `until 24:00` and `until midnight` mean the coming midnight.
    return StartUntil(minute % MINUTES_PER_DAY)


_SUBCOMMANDS: dict[str, Callable[[str], FocusCommand]] = {
    "status": _status,
    "help": _help,
    "?": _help,
    "add": _add,
    "remove": _remove,
    "clear": _clear,
    "off": _off,
    "hours": _hours,
    "now": _now,
    "until": _until,
    "away": parse_away,
    "back": parse_back,
    "holidays": parse_holidays,
}


def _small_int(digits: str) -> int:
    # Huge digit strings would be slow (or refused) by int() and overflow timedelta;
    # anything this long is out of every range anyway.
    return int(digits) if len(digits) <= 6 else 10**6


def _parse_spec(text: str, command: str) -> tuple[tuple[int, ...], int, int]:
    """Days and a time range, with an example built from whatever part was right."""
    text = re.sub(r"\s+to\s+", "-", text)
    begins = _TIME_BEGINS.search(text)
    days_part = text[: begins.start()] if begins else text
    times_part = text[begins.start() :] if begins else ""
    default = (9 * 60, 17 * 60) if command == "/focus hours" else (9 * 60, 11 * 60)

    try:
        days = _parse_days(days_part)
    except _PartError as problem:
        first = text.split(" ")[0]
        if not times_part and command == "/focus" and not _mentions_a_day(first):
            raise KairosUserError(
                f"I don't know `/focus {_shown(first)}`. Try `/focus help` for what I understand.",
                example="/focus help",
            ) from None
        try:
            start, end = _parse_range(times_part)
        except _PartError:
            start, end = default
        if start == end:
            start, end = default
        raise KairosUserError(
            str(problem), example=f"{command} {spec_text(WEEKDAYS, start, end)}"
        ) from None

    try:
        start, end = _parse_range(times_part)
    except _PartError as problem:
        raise KairosUserError(
            str(problem), example=f"{command} {spec_text(days, *default)}"
        ) from None
    if start == end:
        raise KairosUserError(
            f"That starts and ends at {clock_text(start)}. Give an end time after the start.",
            example=f"{command} {spec_text(days, start, (start + 120) % MINUTES_PER_DAY)}",
        )
    return days, start, end


def _parse_days(text: str) -> tuple[int, ...]:
    text = re.sub(r"\s*-\s*", "-", text.strip())
    text = re.sub(r"\bevery\s*day\b", "daily", text)
    items = [item for item in re.split(r"[\s,&]+", text) if item and item != "and"]
    if not items:
        raise _PartError("Which days? Start with the days, like `mon-fri`, `weekdays` or `daily`.")
    days: set[int] = set()
    for item in items:
        if item in _DAY_GROUPS:
            days.update(_DAY_GROUPS[item])
            continue
        ends = item.split("-")
        if len(ends) > 2 or not all(ends):
            raise _PartError(
                f"I couldn't read `{_shown(item)}` as days. A range looks like `mon-fri`."
            )
        first, last = (_day(word) for word in ends) if len(ends) == 2 else (_day(item),) * 2
        days.update((first + i) % DAYS_PER_WEEK for i in range(run_length(first, last)))
    return normalize_days(days)


def _mentions_a_day(word: str) -> bool:
    return any(w in _DAY_WORDS or w in _DAY_GROUPS for w in re.split(r"[-,&]", word))


def _day(word: str) -> int:
    if word in _DAY_WORDS:
        return _DAY_WORDS[word]
    raise _PartError(
        f"I couldn't read `{_shown(word)}` as a day. Use `mon` to `sun`, ranges like "
        "`mon-fri`, lists like `mon,wed`, or `weekdays`, `weekends`, `daily`."
    )


def _parse_range(text: str) -> tuple[int, int]:
    if not text:
        raise _PartError("Which hours? Put a time range after the days, like `09:00-11:00`.")
    parts = [part.strip() for part in text.split("-")]
    if len(parts) == 1:
        raise _PartError(
            f"I need a start and an end, like `09:00-11:00`, not just `{_shown(text)}`."
        )
    if len(parts) > 2:
        raise _PartError(
            f"I can read one time range at a time, like `09:00-11:00`, not `{_shown(text)}`."
        )
    return _parse_time(parts[0], end=False), _parse_time(parts[1], end=True)


def _parse_time(text: str, *, end: bool) -> int:
    """Minutes after midnight; 24:00 (1440) only as an end, 12am is 00:00, 12pm is noon."""
    if text == "noon":
        return 12 * 60
    if text == "midnight":
        return MINUTES_PER_DAY if end else 0
    match = _TIME.fullmatch(text)
    if match is None:
        raise _PartError(
            f"I couldn't read `{_shown(text)}` as a time. "
            "Write times like `9:00`, `17:30`, `9am` or `5:30pm`."
        )
    hour, minute = int(match["hour"]), int(match["minute"] or "0")
    if minute > 59:
        raise _PartError(f"I couldn't read `{_shown(text)}` as a time: minutes go up to 59.")
    if match["half"]:
        if not 1 <= hour <= 12:
            raise _PartError(
                f"I couldn't read `{_shown(text)}` as a time: with am/pm, hours go from 1 to 12."
            )
        return (hour % 12 + (12 if match["half"] == "p" else 0)) * 60 + minute
    if hour > 24 or (hour == 24 and minute):
        raise _PartError(f"I couldn't read `{_shown(text)}` as a time: hours go up to 23.")
    if hour == 24 and not end:
        raise _PartError("`24:00` can only end a block. To start at midnight, write `00:00`.")
    return hour * 60 + minute
