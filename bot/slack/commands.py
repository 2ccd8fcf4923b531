"""Parsing of `/kairos` command text into typed values (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import KairosUserError
from bot.slack.blocks.limits import clip


@dataclass(frozen=True)
class ShowHelp:
    """`/kairos` or `/kairos help`."""


KairosCommand = ShowHelp


def parse_kairos_command(text: str) -> KairosCommand:
    """Read `/kairos` text; unknown subcommands are a user error with an example."""
    words = text.split()
    if not words or words[0].lower() == "help":
        return ShowHelp()
    shown = clip(words[0], 40).replace("`", "'")
    raise KairosUserError(f"I don't know the command `/kairos {shown}`.", example="/kairos help")
