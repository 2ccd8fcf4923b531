"""`/kairos norms [edit]` as the command parser reads it."""

from __future__ import annotations

import pytest

from bot.errors import KairosUserError
from bot.ids import Command
from bot.slack.commands import ChannelNorms, parse_kairos_command
from bot.slack.manifest import BOT_EVENTS, SLASH_COMMANDS


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("norms", ChannelNorms()),
        ("NORMS", ChannelNorms()),
        ("norms edit", ChannelNorms(edit=True)),
        ("norms  Set", ChannelNorms(edit=True)),
    ],
)
def test_norms_commands(typed: str, expected: ChannelNorms) -> None:
    assert parse_kairos_command(typed) == expected


@pytest.mark.parametrize("typed", ["norms delete", "norms edit now", "norms <!channel>"])
def test_anything_else_after_norms_is_refused_with_an_example(typed: str) -> None:
    with pytest.raises(KairosUserError) as raised:
        parse_kairos_command(typed)
    assert raised.value.example == "/kairos norms edit"
    assert "<!channel>" not in raised.value.message


def test_joining_a_channel_is_subscribed_and_the_command_is_in_the_hint() -> None:
    assert "member_joined_channel" in BOT_EVENTS
    assert "norms" in SLASH_COMMANDS[Command.KAIROS][1]
