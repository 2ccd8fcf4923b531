"""A channel's norms: what it is for, sync or async, the response time people may expect, the
urgent route, and what it is not for (pure: standard library only).

The response time is a value, not a time: the away/reachability arithmetic counts it in the
recipient's working time. Nothing here computes when an answer is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_LINE = 150
# A working week of minutes, and four working weeks: longer is not a response time a
# channel can promise, and is almost certainly a typo.
MAX_WORKING_MINUTES = 40 * 60
MAX_WORKING_DAYS = 20

# The block ids of the editor's inputs: a problem found in one is shown next to it.
PURPOSE = "norms_purpose"
KIND = "norms_kind"
RESPONSE = "norms_response"
URGENT_CHANNEL = "norms_urgent_channel"
URGENT_OTHER = "norms_urgent_other"
NOT_FOR = "norms_not_for"


class ChannelKind(StrEnum):
    """How a channel is used."""

    ASYNC = "async"
    SYNC = "sync"
    ANNOUNCEMENTS = "announcements"


class ResponseKind(StrEnum):
    """How a response time is counted, always in the recipient's working time."""

    # `amount` working minutes after the message arrived.
    WORKING_MINUTES = "working_minutes"
    # By the end of the `amount`-th working day after the one the message arrived on.
    NEXT_WORKING_DAY = "next_working_day"
    # By the end of the working day the message arrived on (or the next, if it arrived
    # outside working hours). `amount` is 0.
    SAME_DAY = "same_day"


@dataclass(frozen=True)
class ResponseTime:
    """The answer time a channel promises: a kind and an amount."""

    kind: ResponseKind
    amount: int = 0


class UrgentKind(StrEnum):
    """Where something truly urgent goes."""

    CHANNEL = "channel"
    CALL = "call"


@dataclass(frozen=True)
class UrgentRoute:
    """The urgent route: a channel (with its id), or calling the person."""

    kind: UrgentKind
    channel_id: str | None = None


CALL = UrgentRoute(UrgentKind.CALL)


@dataclass(frozen=True)
class Norms:
    """One channel's agreed norms."""

    purpose: str
    kind: ChannelKind
    response: ResponseTime | None = None
    urgent: UrgentRoute | None = None
    not_for: str | None = None


def _(msgid: str, /) -> str:
    """Marks an English message for the catalog (Babel's extractor looks for `_`), unchanged.

    This model imports only the standard library, so it cannot translate: a Refusal keeps the
    message id and its values, and bot/norms/messages.py says it in the reader's language.
    """
    return msgid


class Refusal(ValueError):  # noqa: N818 - as NotYours in bot/errors.py
    """Why a person's input is refused: the English text, with the message id and values it
    was made from, so that it can be shown in the reader's language (refusal_text)."""

    def __init__(self, msgid: str, /, **values: object) -> None:
        super().__init__(msgid.format_map(values))
        self.msgid = msgid
        self.values = values


class NormsInputError(ValueError):
    """What is wrong with the editor's input, by input block id (every problem at once):
    `problems` in English, `refusals` to say them in the reader's language."""

    def __init__(self, refusals: dict[str, Refusal]) -> None:
        problems = {block: str(refusal) for block, refusal in refusals.items()}
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems
        self.refusals = refusals


# --- response time -------------------------------------------------------------------------

_NONE = frozenset({"", "none", "no", "n/a", "-", "geen", "nee", "niet"})
_SAME_DAY = frozenset(
    {
        "same day", "same working day", "same business day", "today", "end of day", "eod",
        "by end of day", "dezelfde dag", "zelfde dag", "dezelfde werkdag", "vandaag",
        "einde van de dag",
    }
)  # fmt: skip
_NEXT_DAY = frozenset(
    {
        "next working day", "next business day", "next day", "the next working day",
        "volgende werkdag", "de volgende werkdag", "volgende dag", "next workday",
    }
)  # fmt: skip
_NAMED = {
    **dict.fromkeys(_SAME_DAY, ResponseTime(ResponseKind.SAME_DAY)),
    **dict.fromkeys(_NEXT_DAY, ResponseTime(ResponseKind.NEXT_WORKING_DAY, 1)),
}
# Words in front of the amount that say nothing: "within 4h", "binnen 4 uur", "max 2 days".
_LEAD = re.compile(r"^(?:within|in|under|max(?:imum)?|at most|binnen|uiterlijk|maximaal)\s+")
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "een": 1, "één": 1, "two": 2, "twee": 2}
_AMOUNT = re.compile(
    r"^(?P<n>\d+(?:[.,]\d+)?|a|an|one|een|één|two|twee)\s*"
    r"(?P<unit>(?:working\s+|business\s+|work\s+)?"
    r"(?:hours?|hrs?|h|minutes?|mins?|m|days?|d)|werkuren|werkuur|uren|uur|u|minuten|minuut|min"
    r"|werkdagen|werkdag|dagen|dag)$"
)
_HOURS_MINUTES = re.compile(r"^(?P<h>\d+)\s*h\s*(?P<m>\d+)\s*m?$")


def parse_response_time(text: str) -> ResponseTime | None:
    """Read a response time ("within 4 working hours", "2 werkdagen", "same day"); None for
    none; a Refusal (a ValueError, with the reason) for anything that is not a duration."""
    said = " ".join(text.lower().split()).rstrip(".")
    if said in _NONE:
        return None
    named = _NAMED.get(said)
    if named is not None:
        return named
    said = _LEAD.sub("", said)
    combined = _HOURS_MINUTES.match(said)
    if combined:
        return _minutes(int(combined["h"]) * 60 + int(combined["m"]), text)
    match = _AMOUNT.match(said)
    if match is None:
        raise Refusal(
            _(
                "“{text}” isn't a response time. Try “within 4 working hours”, "
                "“next working day”, “same day”, or leave it empty for none."
            ),
            text=text.strip(),
        )
    number = match["n"]
    amount = _WORD_NUMBERS.get(number) or float(number.replace(",", "."))
    unit = match["unit"].split()[-1]
    if unit.startswith(("d", "werkdag", "dag")):
        if amount != int(amount) or not 1 <= amount <= MAX_WORKING_DAYS:
            raise Refusal(
                _("A response time in days is a whole number from 1 to {limit}."),
                limit=MAX_WORKING_DAYS,
            )
        return ResponseTime(ResponseKind.NEXT_WORKING_DAY, int(amount))
    if unit.startswith("m"):
        return _minutes(amount, text)
    return _minutes(amount * 60, text)


def _minutes(minutes: float, text: str) -> ResponseTime:
    if minutes != int(minutes) or not 1 <= minutes <= MAX_WORKING_MINUTES:
        raise Refusal(
            _(
                "“{text}” is outside what a channel can promise: between a minute and "
                "{hours} working hours (or say it in working days)."
            ),
            text=text.strip(),
            hours=MAX_WORKING_MINUTES // 60,
        )
    return ResponseTime(ResponseKind.WORKING_MINUTES, int(minutes))


# --- urgent route --------------------------------------------------------------------------

_CALL = frozenset(
    {
        "call", "call the person", "call them", "call me", "phone", "phone the person",
        "phone them", "pick up the phone", "ring", "ring them", "bel", "bellen",
        "bel de persoon", "bel ze", "bel hem", "bel haar", "telefoon", "pak de telefoon",
        "pak de telefoon op",
    }
)  # fmt: skip
# Email and chat wait like everything else, so they are never the urgent route.
_NEVER_URGENT = re.compile(
    r"\b(?:e-?mail|mail|dm|dms|direct message|chat|slack|message|bericht|whatsapp|teams)\b"
)
_CHANNEL_REF = re.compile(r"^<#(?P<id>[CG][A-Z0-9]{1,20})(?:\|[^>]*)?>$")


def parse_urgent_route(channel_id: str | None, other: str) -> UrgentRoute | None:
    """The urgent route from the editor: a picked channel, or the typed alternative ("call the
    person", a `<#C…>` reference); a Refusal (a ValueError) for email, chat, or both at once."""
    said = " ".join(other.lower().split()).rstrip(".")
    if channel_id and said:
        raise Refusal(_("Pick a channel or type “call the person”, not both."))
    if channel_id:
        return UrgentRoute(UrgentKind.CHANNEL, channel_id)
    if not said:
        return None
    if said in _CALL:
        return CALL
    reference = _CHANNEL_REF.match(other.strip())
    if reference:
        return UrgentRoute(UrgentKind.CHANNEL, reference["id"])
    if _NEVER_URGENT.search(said):
        raise Refusal(
            _(
                "Email and chat messages wait like everything else, so they can't be the "
                "urgent route. Pick a channel above, or type “call the person”."
            )
        )
    raise Refusal(_("The urgent route is a channel (pick one above) or “call the person”."))


# --- the whole form ------------------------------------------------------------------------


def _line(text: str) -> str:
    return " ".join(text.split())


def _check_line(text: str, too_long: str) -> str:
    """The text as one line; a Refusal saying `too_long` (a message with {limit} and
    {length}) when it runs past MAX_LINE."""
    line = _line(text)
    if len(line) > MAX_LINE:
        raise Refusal(too_long, limit=MAX_LINE, length=len(line))
    return line


def parse_norms(
    *,
    purpose: str,
    kind: str,
    response: str,
    urgent_channel: str | None,
    urgent_other: str,
    not_for: str,
) -> Norms:
    """The editor's input as Norms; NormsInputError naming every input that is wrong, and why."""
    problems: dict[str, Refusal] = {}
    purpose_line = ""
    try:
        purpose_line = _check_line(
            purpose, _("Keep the purpose to one line of {limit} characters (this is {length}).")
        )
        if not purpose_line:
            raise Refusal(_("Say in one line what this channel is for."))
    except Refusal as error:
        problems[PURPOSE] = error
    channel_kind = next((k for k in ChannelKind if k.value == kind.strip().lower()), None)
    if channel_kind is None:
        problems[KIND] = Refusal(_("Choose async, sync or announcements."))
    parsed_response: ResponseTime | None = None
    try:
        parsed_response = parse_response_time(response)
    except Refusal as error:
        problems[RESPONSE] = error
    route: UrgentRoute | None = None
    try:
        route = parse_urgent_route(urgent_channel, urgent_other)
    except Refusal as error:
        problems[URGENT_OTHER] = error
    not_for_line = ""
    try:
        not_for_line = _check_line(
            not_for,
            _(
                "Keep what the channel is not for to one line of {limit} characters "
                "(this is {length})."
            ),
        )
    except Refusal as error:
        problems[NOT_FOR] = error
    if problems or channel_kind is None:
        raise NormsInputError(problems)
    return Norms(purpose_line, channel_kind, parsed_response, route, not_for_line or None)


# --- what changed --------------------------------------------------------------------------


class Part(StrEnum):
    """The parts of the norms, in the order they are shown."""

    PURPOSE = "purpose"
    KIND = "kind"
    RESPONSE = "response time"
    URGENT = "urgent route"
    NOT_FOR = "not for"


def changed_parts(before: Norms | None, after: Norms) -> tuple[Part, ...]:
    """Which parts differ (all that are set, for norms set for the first time)."""
    first: tuple[Part, ...] = ()
    if before is None:
        before, first = Norms("", after.kind), (Part.KIND,)
    pairs = (
        (Part.PURPOSE, before.purpose, after.purpose),
        (Part.KIND, before.kind, after.kind),
        (Part.RESPONSE, before.response, after.response),
        (Part.URGENT, before.urgent, after.urgent),
        (Part.NOT_FOR, before.not_for, after.not_for),
    )
    return tuple(part for part, old, new in pairs if old != new or part in first)
