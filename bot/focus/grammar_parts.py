"""The pieces of `/focus` text: days, times of day and durations (pure; grammar.py puts
them together). Each piece reads English and Dutch words (words.py); what is wrong is said
in the reader's language."""

from __future__ import annotations

import re

from bot.focus.schedule import (
    ALL_DAYS,
    DAYS_PER_WEEK,
    WEEKDAYS,
    WEEKEND,
    normalize_days,
    run_length,
)
from bot.focus.words import DAY_JOINERS, DAY_WORDS
from bot.i18n import _

DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "weekends": WEEKEND,
    "weekend": WEEKEND,
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
    "werkdagen": WEEKDAYS,
    "werkdag": WEEKDAYS,
    "doordeweeks": WEEKDAYS,
    "weekenden": WEEKEND,
    "dagelijks": ALL_DAYS,
    "elkedag": ALL_DAYS,
}
# "every day", "elke dag", "iedere dag", "alle dagen": one word, so a list can hold it.
_EVERY_DAY = re.compile(r"\b(?:every\s*day|(?:elke|iedere)\s*dag|alle\s+dagen)\b")

# Times start with an ASCII digit (or are `noon`/`midnight`); day words never do.
TIME_BEGINS = re.compile(r"[0-9]|\bnoon\b|\bmidnight\b|\bmiddernacht\b")
_TIME = re.compile(
    r"(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2}))?(?:\s*(?P<half>[ap])\.?(?:m\.?)?)?"
)
_DURATION = re.compile(
    r"(?:(?P<hours>[0-9]+)\s*(?:h|hr|hrs|hour|hours|u|uur|uren))?\s*"
    r"(?:(?P<minutes>[0-9]+)\s*(?:m|min|mins|minute|minutes|minuut|minuten)?)?"
)
_MIDNIGHT = frozenset({"midnight", "middernacht"})
_SHOWN_LIMIT = 40


class PartError(Exception):
    """A part of the text did not parse; the caller adds an example that fits the whole."""


def shown(text: str) -> str:
    """User text safe to echo inside backticks: short, no backticks, no mrkdwn controls."""
    if len(text) > _SHOWN_LIMIT:
        text = text[: _SHOWN_LIMIT - 1].rstrip() + "…"
    text = text.replace("`", "'").replace("&", "&amp;")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def small_int(digits: str) -> int:
    """The number the digits write, capped: huge digit strings would be slow (or refused) by
    int() and overflow timedelta, and anything this long is out of every range anyway."""
    return int(digits) if len(digits) <= 6 else 10**6


def duration_minutes(text: str) -> int | None:
    """A duration (`90`, `1h30m`, `2 uur`, `1u30`, `90 min`) in minutes, or None."""
    match = _DURATION.fullmatch(text)
    if match is None or not (match["hours"] or match["minutes"]):
        return None
    return small_int(match["hours"] or "0") * 60 + small_int(match["minutes"] or "0")


def parse_days(text: str) -> tuple[int, ...]:
    """Days as typed (`mon-fri`, `ma,wo`, `weekdays`, `elke dag`) as day numbers."""
    text = re.sub(r"\s*-\s*", "-", text.strip())
    text = _EVERY_DAY.sub("daily", text)
    items = [item for item in re.split(r"[\s,&]+", text) if item and item not in DAY_JOINERS]
    if not items:
        raise PartError(
            _("Which days? Start with the days, like `mon-fri`, `weekdays` or `daily`.")
        )
    days: set[int] = set()
    for item in items:
        if item in DAY_GROUPS:
            days.update(DAY_GROUPS[item])
            continue
        ends = item.split("-")
        if len(ends) > 2 or not all(ends):
            raise PartError(
                _(
                    "I couldn't read `{text}` as days. A range looks like `mon-fri`.",
                    text=shown(item),
                )
            )
        first, last = (_day(word) for word in ends) if len(ends) == 2 else (_day(item),) * 2
        days.update((first + i) % DAYS_PER_WEEK for i in range(run_length(first, last)))
    return normalize_days(days)


def mentions_a_day(word: str) -> bool:
    """Whether a word names a day or a group of days somewhere (`mon-frx` does)."""
    return any(w.rstrip(".") in DAY_WORDS or w in DAY_GROUPS for w in re.split(r"[-,&]", word))


def _day(word: str) -> int:
    # "ma." and "vr." are how Dutch abbreviates days; no day word has a dot of its own.
    day = DAY_WORDS.get(word.rstrip(".")) if word.rstrip(".") else None
    if day is not None:
        return day
    raise PartError(
        _(
            "I couldn't read `{text}` as a day. Use `mon` to `sun`, ranges like `mon-fri`, "
            "lists like `mon,wed`, or `weekdays`, `weekends`, `daily`.",
            text=shown(word),
        )
    )


def parse_range(text: str) -> tuple[int, int]:
    """`09:00-11:00` as minutes after midnight (start, end)."""
    if not text:
        raise PartError(_("Which hours? Put a time range after the days, like `09:00-11:00`."))
    parts = [part.strip() for part in text.split("-")]
    if len(parts) == 1:
        raise PartError(
            _(
                "I need a start and an end, like `09:00-11:00`, not just `{text}`.",
                text=shown(text),
            )
        )
    if len(parts) > 2:
        raise PartError(
            _(
                "I can read one time range at a time, like `09:00-11:00`, not `{text}`.",
                text=shown(text),
            )
        )
    return parse_time(parts[0], end=False), parse_time(parts[1], end=True)


def parse_time(text: str, *, end: bool) -> int:
    """Minutes after midnight; 24:00 (1440) only as an end, 12am is 00:00, 12pm is noon."""
    if text == "noon":
        return 12 * 60
    if text in _MIDNIGHT:
        return 24 * 60 if end else 0
    match = _TIME.fullmatch(text)
    if match is None:
        raise PartError(
            _(
                "I couldn't read `{text}` as a time. "
                "Write times like `9:00`, `17:30`, `9am` or `5:30pm`.",
                text=shown(text),
            )
        )
    hour, minute = int(match["hour"]), int(match["minute"] or "0")
    if minute > 59:
        raise PartError(
            _("I couldn't read `{text}` as a time: minutes go up to 59.", text=shown(text))
        )
    if match["half"]:
        if not 1 <= hour <= 12:
            raise PartError(
                _(
                    "I couldn't read `{text}` as a time: with am/pm, hours go from 1 to 12.",
                    text=shown(text),
                )
            )
        return (hour % 12 + (12 if match["half"] == "p" else 0)) * 60 + minute
    if hour > 24 or (hour == 24 and minute):
        raise PartError(
            _("I couldn't read `{text}` as a time: hours go up to 23.", text=shown(text))
        )
    if hour == 24 and not end:
        raise PartError(_("`24:00` can only end a block. To start at midnight, write `00:00`."))
    return hour * 60 + minute
