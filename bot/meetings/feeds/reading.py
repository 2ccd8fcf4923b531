"""What a feed's owner is told about the events the last read of their calendar left out,
and why (pure): one kind sentence, in the current language."""

from __future__ import annotations

from collections.abc import Callable

from bot.blocks import clip, escape_mrkdwn
from bot.i18n import _, ngettext
from bot.meetings.model import FeedReading

# Why events were left out, by ParseReport's codes, for `n` events: "3 have no start time".
_SKIPPED_BECAUSE: dict[str, Callable[[int], str]] = {
    "unreadable": lambda n: ngettext(
        "{n} could not be read at all", "{n} could not be read at all", n
    ),
    "cut_off": lambda n: ngettext(
        "{n} was cut off (the download ended inside it)",
        "{n} were cut off (the download ended inside them)",
        n,
    ),
    "no_uid": lambda n: ngettext("{n} has no identifier", "{n} have no identifier", n),
    "no_start": lambda n: ngettext("{n} has no start time", "{n} have no start time", n),
    "bad_time": lambda n: ngettext(
        "{n} has a start or end I can't make sense of",
        "{n} have a start or end I can't make sense of",
        n,
    ),
    "bad_repeat_rule": lambda n: ngettext(
        "{n} repeats in a way I can't follow", "{n} repeat in a way I can't follow", n
    ),
    "too_old": lambda n: ngettext(
        "{n} is a series that starts before 1970", "{n} are series that start before 1970", n
    ),
}
_ZONES_NAMED = 3


def _had_a_problem(count: int) -> str:
    return ngettext("{n} had a problem", "{n} had a problem", count)


def _listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c" in the current language."""
    if len(items) == 1:
        return items[0]
    # TRANSLATORS: the end of a list: "{items}" are the first ones, comma-separated.
    return _("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def reading_text(reading: FeedReading) -> str:
    """One kind sentence on what the last read of a feed left out and why; "" if nothing."""
    skipped = zones = ""
    total = sum(reading.skipped.values())
    if total:
        why = [
            _SKIPPED_BECAUSE.get(code, _had_a_problem)(count)
            for code, count in sorted(reading.skipped.items(), key=lambda item: -item[1])
        ]
        # TRANSLATORS: a clause, lower case where the language allows: it may follow another
        # ("...; and ..."), and Kairos capitalises whatever begins the sentence.
        skipped = ngettext(
            "I left out {n} event of your calendar: {because}",
            "I left out {n} events of your calendar: {because}",
            total,
            because=_listed(why),
        )
    if reading.unknown_zones:
        names = [f"“{escape_mrkdwn(clip(name, 60))}”" for name in reading.unknown_zones]
        shown = names[:_ZONES_NAMED]
        if len(names) > _ZONES_NAMED:
            more = len(names) - _ZONES_NAMED
            shown.append(ngettext("{n} more", "{n} more", more))
        # TRANSLATORS: a clause, lower case where the language allows (see "I left out...").
        zones = ngettext(
            "I don't know the time zone {zones}, so I read those times in {where}: "
            "please check that those meetings are at the right hour",
            "I don't know the time zones {zones}, so I read those times in {where}: "
            "please check that those meetings are at the right hour",
            len(names),
            zones=_listed(shown),
            where=reading.fallback_zone or _("your own time zone"),
        )
    if skipped and zones:
        # TRANSLATORS: two clauses of one sentence: events left out, and unknown time zones.
        sentence = _("{skipped}; and {zones}", skipped=skipped, zones=zones)
    else:
        sentence = skipped or zones
    if not sentence:
        return ""
    return sentence[0].upper() + sentence[1:] + "."
