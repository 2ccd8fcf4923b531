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
    language [nl|en|auto]             the language Kairos speaks to you
    help

Each has Dutch words too (`nu 90m`, `tot 11:30`, `uit`, `ma-vr 9-11`, `taal nl`): see
words.py, which also says how the words that could be read two ways are read. Every bad
input raises KairosUserError, in the reader's language, with what was wrong and a working
example; nothing else escapes (a property test feeds it arbitrary text).
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
    LanguageCommand,
    RemoveBlocks,
    SetLanguage,
    SetWorkingHours,
    ShowHelp,
    ShowLanguage,
    ShowStatus,
    StartSession,
    StartUntil,
)
from bot.focus.grammar_parts import (
    TIME_BEGINS,
    PartError,
    duration_minutes,
    mentions_a_day,
    parse_days,
    parse_range,
    parse_time,
    shown,
)
from bot.focus.model import MAX_SESSION, MIN_SESSION
from bot.focus.schedule import (
    DAYS_PER_WEEK,
    MINUTES_PER_DAY,
    WEEKDAYS,
    day_runs,
    normalize_days,
    run_length,
)
from bot.focus.words import (
    ALL_WORDS,
    DUTCH_SUBCOMMANDS,
    FOR_WORDS,
    FROM_WORDS,
    LANGUAGE_WORDS,
    OFF_WORDS,
    UNTIL_WORDS,
)
from bot.i18n import _, pgettext
from bot.i18n.languages import parse_language_setting

__all__ = [
    "AddBlocks",
    "ClearBlocks",
    "ClearWorkingHours",
    "EndFocus",
    "FocusCommand",
    "LanguageCommand",
    "RemoveBlocks",
    "SetLanguage",
    "SetWorkingHours",
    "ShowHelp",
    "ShowLanguage",
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


def parse_focus_command(text: str) -> FocusCommand | LanguageCommand:
    """Read `/focus` text into a command; anything invalid is a KairosUserError."""
    cleaned = _clean(text)
    if not cleaned:
        return ShowStatus()
    word, _space, rest = cleaned.partition(" ")
    handler = _SUBCOMMANDS.get(DUTCH_SUBCOMMANDS.get(word, word))
    if handler is not None:
        return handler(rest)
    return AddBlocks(*_parse_spec(cleaned, "/focus"))


def spec_text(days: tuple[int, ...], start: int, end: int) -> str:
    """A `<days> <start>-<end>` spec in the command's own syntax: `mon-fri 09:00-11:00`."""
    return f"{days_text(days)} {clock_text(start)}-{clock_text(end)}"


def days_text(
    days: tuple[int, ...], names: tuple[str, ...] = DAY_ABBREVIATIONS, every: str = "daily"
) -> str:
    """Days in the command's syntax: `daily`, `mon-fri`, `sat,sun`, `fri-mon,wed`."""
    if len(normalize_days(days)) == DAYS_PER_WEEK:
        return every
    parts = []
    for first, last in day_runs(days):
        length = run_length(first, last)
        pair = (names[first], names[last])
        parts.append(names[first] if length == 1 else ("-" if length > 2 else ",").join(pair))
    return ",".join(parts)


def clock_text(minute: int) -> str:
    """Minutes after midnight as 24-hour `HH:MM` (1440 is `24:00`)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _example(command: str, days: tuple[int, ...], start: int, end: int) -> str:
    """A command the reader can type as is, in their words: `/focus uren ma-vr 09:00-17:00`."""
    names = (
        # TRANSLATORS: a day as /focus reads it (bot/focus/words.py knows "ma" to "zo" and
        # "dagelijks"), in examples a person types back: `/focus ma-vr 09:00-11:00`.
        pgettext("typed day", "mon"),
        pgettext("typed day", "tue"),
        pgettext("typed day", "wed"),
        pgettext("typed day", "thu"),
        pgettext("typed day", "fri"),
        pgettext("typed day", "sat"),
        pgettext("typed day", "sun"),
    )
    every = pgettext("typed day", "daily")
    spec = f"{days_text(days, names, every)} {clock_text(start)}-{clock_text(end)}"
    # TRANSLATORS: commands a person types as is: the words must be ones /focus reads.
    if command == "/focus remove":
        return _("/focus remove {spec}", spec=spec)
    if command == "/focus hours":
        return _("/focus hours {spec}", spec=spec)
    return f"/focus {spec}"


def _clean(text: str) -> str:
    # Slack escapes &, < and > in slash command text; typographic dashes come from phones
    # and from copying Kairos's own replies ("Mon–Fri 09:00–11:00").
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.lower().split())


def _status(rest: str) -> FocusCommand:
    if rest:
        raise KairosUserError(
            _(
                "`/focus status` needs nothing after it, and I don't know `{text}`.",
                text=shown(rest),
            ),
            example="/focus status",
        )
    return ShowStatus()


def _help(_rest: str) -> FocusCommand:
    return ShowHelp()


def _add(rest: str) -> FocusCommand:
    return AddBlocks(*_parse_spec(rest, "/focus"))


def _remove(rest: str) -> FocusCommand:
    if rest in ALL_WORDS:
        return ClearBlocks()
    return RemoveBlocks(*_parse_spec(rest, "/focus remove"))


def _clear(rest: str) -> FocusCommand:
    if rest:
        try:
            example = _example("/focus remove", *_parse_spec(rest, "/focus remove"))
        except KairosUserError:
            example = _example("/focus remove", (0,), 9 * 60, 11 * 60)
        raise KairosUserError(
            _(
                "`/focus clear` removes all your focus blocks and takes nothing after it. "
                "To remove only some of the time, use `/focus remove`."
            ),
            example=example,
        )
    return ClearBlocks()


def _off(rest: str) -> FocusCommand:
    if rest:
        raise KairosUserError(
            _(
                "`/focus off` ends your focus right now and takes nothing after it "
                "(I don't know `{text}`).",
                text=shown(rest),
            ),
            example=_("/focus off"),
        )
    return EndFocus()


def _hours(rest: str) -> FocusCommand:
    if rest in OFF_WORDS:
        return ClearWorkingHours()
    if not rest:
        raise KairosUserError(
            _("Tell me your working hours after `/focus hours`, or `/focus hours off` for none."),
            example=_example("/focus hours", WEEKDAYS, 9 * 60, 17 * 60),
        )
    return SetWorkingHours(*_parse_spec(rest, "/focus hours"))


def _now(rest: str) -> FocusCommand:
    rest = _without(rest, FOR_WORDS)
    if rest != (after := _without(rest, UNTIL_WORDS)):
        return _until(after)
    if not rest:
        return StartSession(DEFAULT_SESSION)
    minutes = duration_minutes(rest)
    if minutes is None:
        raise KairosUserError(
            _(
                "I couldn't read `{text}` as a duration. "
                "Write it like `45m`, `2h`, `1h30m` or `90` (minutes).",
                text=shown(rest),
            ),
            example=_("/focus now 90m"),
        )
    if timedelta(minutes=minutes) < MIN_SESSION:
        raise KairosUserError(
            _("A focus session needs to last at least 5 minutes."), example=_("/focus now 25m")
        )
    if timedelta(minutes=minutes) > MAX_SESSION:
        raise KairosUserError(
            _(
                "A focus session can last at most 12 hours. For focus every week, "
                "add a focus block instead."
            ),
            example=_example("/focus", WEEKDAYS, 9 * 60, 12 * 60),
        )
    return StartSession(timedelta(minutes=minutes))


def _without(text: str, words: tuple[str, ...]) -> str:
    """The text without the first of the words it starts with (trimmed)."""
    for word in words:
        if text.startswith(word):
            return text.removeprefix(word).strip()
    return text.strip()


def _until(rest: str) -> FocusCommand:
    if not rest:
        raise KairosUserError(
            _("Until when? Give me a time after `/focus until`."),
            example=_("/focus until 17:00"),
        )
    try:
        minute = parse_time(rest, end=True)
    except PartError as problem:
        raise KairosUserError(str(problem), example=_("/focus until 17:00")) from None
    # `until 24:00` and `until midnight` mean the coming midnight.
    return StartUntil(minute % MINUTES_PER_DAY)


def _language(rest: str) -> LanguageCommand:
    if not rest:
        return ShowLanguage()
    if rest in LANGUAGE_WORDS:
        return SetLanguage(LANGUAGE_WORDS[rest])
    try:
        return SetLanguage(parse_language_setting(rest))  # "nl-NL", "en_GB"
    except ValueError:
        raise KairosUserError(
            _(
                "I can't speak `{text}` with you, sorry: I speak `nl` (Nederlands) and `en` "
                "(English), and `auto` follows your Slack language. Nothing was changed.",
                text=shown(rest),
            ),
            example=_("/focus language nl"),
        ) from None


_SUBCOMMANDS: dict[str, Callable[[str], FocusCommand | LanguageCommand]] = {
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
    "language": _language,
}


def _parse_spec(text: str, command: str) -> tuple[tuple[int, ...], int, int]:
    """Days and a time range, with an example built from whatever part was right."""
    text = re.sub(r"\s+(?:to|tot en met|t/m|tot)\s+", "-", text)
    begins = TIME_BEGINS.search(text)
    days_part = text[: begins.start()] if begins else text
    times_part = text[begins.start() :] if begins else ""
    # "mon-fri from 9-11", "ma-vr van 9 tot 11": the word before the times says nothing.
    words = days_part.split()
    if times_part and len(words) > 1 and words[-1] in FROM_WORDS:
        days_part = " ".join(words[:-1])
    default = (9 * 60, 17 * 60) if command == "/focus hours" else (9 * 60, 11 * 60)

    try:
        days = parse_days(days_part)
    except PartError as problem:
        first = text.split(" ")[0]
        if not times_part and command == "/focus" and not mentions_a_day(first):
            raise KairosUserError(
                _(
                    "I don't know `/focus {text}`. Try `/focus help` for what I understand.",
                    text=shown(first),
                ),
                example=_("/focus help"),
            ) from None
        try:
            start, end = parse_range(times_part)
        except PartError:
            start, end = default
        if start == end:
            start, end = default
        raise KairosUserError(
            str(problem), example=_example(command, WEEKDAYS, start, end)
        ) from None

    try:
        start, end = parse_range(times_part)
    except PartError as problem:
        raise KairosUserError(str(problem), example=_example(command, days, *default)) from None
    if start == end:
        raise KairosUserError(
            _(
                "That starts and ends at {time}. Give an end time after the start.",
                time=clock_text(start),
            ),
            example=_example(command, days, start, (start + 120) % MINUTES_PER_DAY),
        )
    return days, start, end
