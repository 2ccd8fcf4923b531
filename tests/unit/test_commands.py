"""`/kairos` parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.slack.commands import Calendar, Channels, ShowHelp, parse_kairos_command
from bot.workspace.channels import ChannelsMode


@pytest.mark.parametrize("text", ["", "  ", "help", "HELP", " help extra"])
def test_help(text: str) -> None:
    assert parse_kairos_command(text) == ShowHelp()


def test_unknown_subcommand_names_it_and_shows_an_example() -> None:
    with pytest.raises(KairosUserError) as caught:
        parse_kairos_command("frobnicate now")
    assert "`/kairos frobnicate`" in caught.value.user_text()
    assert "/kairos help" in caught.value.user_text()


@given(st.text())
def test_any_text_is_a_command_or_a_user_error_with_an_example(text: str) -> None:
    outcome: object
    try:
        outcome = parse_kairos_command(text)
    except KairosUserError as error:
        outcome = error
    if isinstance(outcome, KairosUserError):
        assert outcome.example in (
            "/kairos help",
            "/kairos channels all",
            "/kairos calendar https://calendar.example.com/private.ics",
        )
        assert outcome.message.count("`") % 2 == 0  # the echo cannot break the markup
    elif text.split() and text.split(maxsplit=1)[0].lower() == "channels":
        assert isinstance(outcome, Channels)
    elif text.split() and text.split(maxsplit=1)[0].lower() == "calendar":
        assert isinstance(outcome, Calendar)
    else:
        assert outcome == ShowHelp()


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("channels", ChannelsMode.SHOW),
        ("channels all", ChannelsMode.ALL),
        ("CHANNELS On", ChannelsMode.ALL),
        ("channels invited", ChannelsMode.INVITED),
        ("channels off", ChannelsMode.INVITED),
    ],
)
def test_channels_subcommand(text: str, mode: ChannelsMode) -> None:
    assert parse_kairos_command(text) == Channels(mode)


@pytest.mark.parametrize("text", ["channels some", "channels all now", "channels `x`"])
def test_bad_channels_subcommand_says_what_is_accepted(text: str) -> None:
    with pytest.raises(KairosUserError) as raised:
        parse_kairos_command(text)
    assert "`all` or `invited`" in raised.value.message
    assert raised.value.example == "/kairos channels all"


def test_calendar_subcommands() -> None:
    assert parse_kairos_command("calendar") == Calendar()
    assert parse_kairos_command("calendar off") == Calendar(off=True)
    assert parse_kairos_command("calendar <https://x.test/a.ics>") == Calendar(
        address="<https://x.test/a.ics>"
    )
    with pytest.raises(KairosUserError) as raised:
        parse_kairos_command("calendar https://a.test/x.ics https://b.test/y.ics")
    assert "one address" in raised.value.message
