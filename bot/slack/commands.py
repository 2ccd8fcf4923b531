"""Parsing of `/kairos` command text into typed values (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import KairosUserError
from bot.slack.blocks.limits import clip
from bot.workspace.channels import ChannelsMode


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


KairosCommand = ShowHelp | Channels | Calendar

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
    if words[0].lower() == "channels":
        return _channels(words[1:])
    if words[0].lower() == "calendar":
        return _calendar(words[1:])
    shown = clip(words[0], 40).replace("`", "'")
    raise KairosUserError(f"I don't know the command `/kairos {shown}`.", example="/kairos help")


def _channels(words: list[str]) -> Channels:
    if not words:
        return Channels(ChannelsMode.SHOW)
    mode = _CHANNEL_MODES.get(words[0].lower()) if len(words) == 1 else None
    if mode is None:
        shown = clip(" ".join(words), 40).replace("`", "'")
        raise KairosUserError(
            f"`/kairos channels` takes `all` or `invited`, not `{shown}`.",
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
            "`/kairos calendar` takes one address (or `off`); that looked like several words.",
            example="/kairos calendar https://calendar.example.com/private.ics",
        )
    return Calendar(address=words[0])
