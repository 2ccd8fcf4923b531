"""Parsing of `/kairos` command text into typed values (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.blocks import clip, escape_mrkdwn
from bot.errors import KairosUserError
from bot.i18n import _
from bot.i18n.languages import Language, parse_language_setting
from bot.workspace.model import ChannelsMode


@dataclass(frozen=True)
class ShowHelp:
    """`/kairos` or `/kairos help`."""


@dataclass(frozen=True)
class Channels:
    """`/kairos channels [all | invited]`: which channels Kairos joins."""

    mode: ChannelsMode


@dataclass(frozen=True)
class Calendar:
    """`/kairos calendar [<address> | off]`: a person's calendar feed."""

    address: str | None = None  # None: show the state
    off: bool = False


class SummaryAction(StrEnum):
    """What `/kairos summary …` asks for."""

    SHOW = "show"
    HERE = "here"
    OFF = "off"
    PREVIEW = "preview"
    POST = "post"


@dataclass(frozen=True)
class Summary:
    """`/kairos summary [here [<weekday> <time>] | off | preview [quarterly] | post]`."""

    action: SummaryAction
    when: tuple[int, int] | None = None  # (weekday 0=Monday, minutes after midnight)
    quarterly: bool = False


@dataclass(frozen=True)
class FocusDay:
    """`/kairos focus-day [<weekday> | off]`."""

    day: int | None = None
    show: bool = False


@dataclass(frozen=True)
class ForgetMe:
    """`/kairos forget-me`: delete everything Kairos holds about the person, once confirmed."""


@dataclass(frozen=True)
class MyData:
    """`/kairos my-data`: everything Kairos holds about the person, as a file in their DM."""


@dataclass(frozen=True)
class ChannelNorms:
    """`/kairos norms [edit]`: the norms of the channel it is typed in, or their editor."""

    edit: bool = False


@dataclass(frozen=True)
class ChannelLanguage:
    """`/kairos language [nl | en | default]`: the language Kairos posts in in this channel;
    `change` with no language makes it follow the workspace's again."""

    change: bool = False
    language: Language | None = None


@dataclass(frozen=True)
class CheckIns:
    """`/kairos async`: the person's async check-ins, with Pause, Resume and Stop."""


KairosCommand = (
    ShowHelp
    | Channels
    | Calendar
    | Summary
    | FocusDay
    | ForgetMe
    | MyData
    | ChannelNorms
    | ChannelLanguage
    | CheckIns
)

WEEKDAY_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")

_CHANNEL_MODES = {
    "all": ChannelsMode.ALL,
    "on": ChannelsMode.ALL,
    "invited": ChannelsMode.INVITED,
    "off": ChannelsMode.INVITED,
}


def parse_kairos_command(text: str) -> KairosCommand:
    """Read `/kairos` text; unknown subcommands are a user error with an example."""
    words = text.split()
    if not words or words[0].lower() == "help":
        return ShowHelp()
    parse = _SUBCOMMANDS.get(words[0].lower())
    if parse is None:
        raise KairosUserError(
            _("I don't know the command `/kairos {command}`.", command=excerpt(words[0])),
            example="/kairos help",
        )
    return parse(words[1:])


def _forget_me(words: list[str]) -> ForgetMe:
    _nothing_after("/kairos forget-me", words)
    return ForgetMe()


def _my_data(words: list[str]) -> MyData:
    _nothing_after("/kairos my-data", words)
    return MyData()


def _nothing_after(command: str, words: list[str]) -> None:
    # Each works on the data of the person who types it; a name after it must not look
    # as though it reached someone else's.
    if words:
        raise KairosUserError(
            _(
                "`{command}` is about your own data and takes nothing after it, not `{words}`.",
                command=command,
                words=_shown(words),
            ),
            example=command,
        )


def _checkins(words: list[str]) -> CheckIns:
    if words:
        raise KairosUserError(
            _("`/kairos async` takes nothing after it, not `{typed}`.", typed=_shown(words)),
            example="/kairos async",
        )
    return CheckIns()


def _norms(words: list[str]) -> ChannelNorms:
    if not words:
        return ChannelNorms()
    if len(words) == 1 and words[0].lower() in ("edit", "set", "change"):
        return ChannelNorms(edit=True)
    raise KairosUserError(
        _("`/kairos norms` takes nothing or `edit`, not `{typed}`.", typed=_shown(words)),
        example="/kairos norms edit",
    )


# A language by its name, as people may type it in either language.
_LANGUAGE_NAMES: dict[str, Language] = {
    "dutch": "nl", "nederlands": "nl", "english": "en", "engels": "en",
}  # fmt: skip


def _language(words: list[str]) -> ChannelLanguage:
    if not words:
        return ChannelLanguage()
    word = words[0].lower() if len(words) == 1 else ""
    if word in ("default", "auto", "reset", "standaard"):
        return ChannelLanguage(change=True)
    if word in _LANGUAGE_NAMES:
        return ChannelLanguage(change=True, language=_LANGUAGE_NAMES[word])
    if word:
        try:
            return ChannelLanguage(change=True, language=parse_language_setting(word))
        except ValueError:
            pass  # answered below, with what it takes
    raise KairosUserError(
        _("`/kairos language` takes `nl`, `en` or `default`, not `{typed}`.", typed=_shown(words)),
        example="/kairos language nl",
    )


def _channels(words: list[str]) -> Channels:
    if not words:
        return Channels(ChannelsMode.SHOW)
    mode = _CHANNEL_MODES.get(words[0].lower()) if len(words) == 1 else None
    if mode is None:
        raise KairosUserError(
            _("`/kairos channels` takes `all` or `invited`, not `{typed}`.", typed=_shown(words)),
            example="/kairos channels all",
        )
    return Channels(mode)


def _calendar(words: list[str]) -> Calendar:
    if not words:
        return Calendar()
    if len(words) == 1 and words[0].lower() in ("off", "remove", "disconnect"):
        return Calendar(off=True)
    if len(words) > 1:
        raise KairosUserError(
            _("`/kairos calendar` takes one address (or `off`); that looked like several words."),
            example="/kairos calendar https://calendar.example.com/private.ics",
        )
    return Calendar(address=words[0])


def excerpt(typed: str, limit: int = 40) -> str:
    """A short piece of what someone typed, safe to repeat inside `code` in a reply.

    Slack's own escapes are read back first and the text clipped (so no escape is cut in
    half), then &, < and > escaped: `<!channel>` or `<@U123>` is shown, not acted on.
    """
    plain = typed.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return escape_mrkdwn(clip(plain, limit).replace("`", "'"))


def _shown(words: list[str]) -> str:
    return excerpt(" ".join(words))


def _summary(words: list[str]) -> Summary:
    if not words:
        return Summary(SummaryAction.SHOW)
    try:
        action = SummaryAction(words[0].lower())
    except ValueError:
        action = None
    if action is SummaryAction.HERE:
        return Summary(action, when=parse_when(words[1:]) if len(words) > 1 else None)
    if action is SummaryAction.PREVIEW and [w.lower() for w in words[1:]] in ([], ["quarterly"]):
        return Summary(action, quarterly=len(words) == 2)
    if action in (SummaryAction.OFF, SummaryAction.POST) and len(words) == 1:
        return Summary(action)
    raise KairosUserError(
        _(
            "`/kairos summary` takes `here`, `off`, `preview` or `post`, not `{typed}`.",
            typed=_shown(words),
        ),
        example="/kairos summary here friday 15:00",
    )


def parse_when(words: list[str]) -> tuple[int, int]:
    """`<weekday> <time>` as (weekday 0=Monday, minutes after midnight)."""
    example = "/kairos summary here friday 15:00"
    if len(words) != 2:
        raise KairosUserError(
            _(
                "I need a weekday and a time, like `friday 15:00`; `{typed}` isn't that.",
                typed=_shown(words),
            ),
            example=example,
        )
    day = WEEKDAY_NAMES.get(words[0].lower())
    if day is None:
        raise KairosUserError(
            _("`{typed}` isn't a weekday.", typed=_shown(words[:1])), example=example
        )
    return day, _minutes(words[1], example)


def _minutes(text: str, example: str) -> int:
    match = _TIME.match(text.lower())
    hours = int(match.group(1)) if match else -1
    minutes = int(match.group(2) or 0) if match else -1
    suffix = match.group(3) if match else None
    if suffix and 1 <= hours <= 12:
        hours = hours % 12 + (12 if suffix == "pm" else 0)
    elif suffix:
        hours = -1
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise KairosUserError(
            _(
                "`{typed}` isn't a time of day: use 24-hour `15:00`, or `3pm`.",
                typed=_shown([text]),
            ),
            example=example,
        )
    return hours * 60 + minutes


def _focus_day(words: list[str]) -> FocusDay:
    if not words:
        return FocusDay(show=True)
    if len(words) == 1 and words[0].lower() in ("off", "none"):
        return FocusDay(None)
    day = WEEKDAY_NAMES.get(words[0].lower()) if len(words) == 1 else None
    if day is None:
        raise KairosUserError(
            _("`/kairos focus-day` takes a weekday or `off`, not `{typed}`.", typed=_shown(words)),
            example="/kairos focus-day friday",
        )
    return FocusDay(day)


# Each subcommand word (with the spellings people type) and the parser of what follows it.
_SUBCOMMANDS: dict[str, Callable[[list[str]], KairosCommand]] = {
    "channels": _channels,
    "calendar": _calendar,
    "summary": _summary,
    "norms": _norms,
    "language": _language,
    "async": _checkins,
    **dict.fromkeys(("focus-day", "focusday", "focus_day"), _focus_day),
    **dict.fromkeys(("forget-me", "forgetme", "forget_me"), _forget_me),
    **dict.fromkeys(("my-data", "mydata", "my_data"), _my_data),
}
