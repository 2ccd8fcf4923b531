"""`/kairos` parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.slack.commands import (
    Calendar,
    Channels,
    CheckIns,
    FocusDay,
    ForgetMe,
    MyData,
    ShowHelp,
    Summary,
    SummaryAction,
    parse_kairos_command,
)
from bot.workspace.model import ChannelsMode


@pytest.mark.parametrize("text", ["", "  ", "help", "HELP", " help extra"])
def test_help(text: str) -> None:
    assert parse_kairos_command(text) == ShowHelp()


def test_unknown_subcommand_names_it_and_shows_an_example() -> None:
    with pytest.raises(KairosUserError) as caught:
        parse_kairos_command("frobnicate now")
    assert "`/kairos frobnicate`" in caught.value.user_text()
    assert "/kairos help" in caught.value.user_text()


# Each command word and what it parses to when its arguments are fine.
COMMAND_WORDS = {
    "channels": Channels,
    "calendar": Calendar,
    "summary": Summary,
    "focus-day": FocusDay,
    "focusday": FocusDay,
    "focus_day": FocusDay,
    "forget-me": ForgetMe,
    "forgetme": ForgetMe,
    "forget_me": ForgetMe,
    "my-data": MyData,
    "mydata": MyData,
    "my_data": MyData,
    "async": CheckIns,
}


@given(st.text() | st.sampled_from(list(COMMAND_WORDS)).map(lambda w: f"{w} x"))
def test_any_text_is_a_command_or_a_user_error_with_an_example(text: str) -> None:
    outcome: object
    try:
        outcome = parse_kairos_command(text)
    except KairosUserError as error:
        outcome = error
    first = text.split(maxsplit=1)[0].lower() if text.split() else ""
    if isinstance(outcome, KairosUserError):
        assert outcome.example in (
            "/kairos help",
            "/kairos channels all",
            "/kairos calendar https://calendar.example.com/private.ics",
            "/kairos summary here friday 15:00",
            "/kairos focus-day friday",
            "/kairos forget-me",
            "/kairos my-data",
            "/kairos async",
        )
        assert outcome.message.count("`") % 2 == 0  # the echo cannot break the markup
    elif first in COMMAND_WORDS:
        assert isinstance(outcome, COMMAND_WORDS[first])
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("summary", Summary(SummaryAction.SHOW)),
        ("summary here", Summary(SummaryAction.HERE)),
        ("summary here friday 15:00", Summary(SummaryAction.HERE, when=(4, 900))),
        ("summary HERE Mon 9:30", Summary(SummaryAction.HERE, when=(0, 570))),
        ("summary here thu 3pm", Summary(SummaryAction.HERE, when=(3, 900))),
        ("summary here sun 12am", Summary(SummaryAction.HERE, when=(6, 0))),
        ("summary here tue 12pm", Summary(SummaryAction.HERE, when=(1, 720))),
        ("summary off", Summary(SummaryAction.OFF)),
        ("summary preview", Summary(SummaryAction.PREVIEW)),
        ("summary preview quarterly", Summary(SummaryAction.PREVIEW, quarterly=True)),
        ("summary post", Summary(SummaryAction.POST)),
        ("focus-day", FocusDay(show=True)),
        ("focus-day Friday", FocusDay(4)),
        ("focus-day off", FocusDay(None)),
    ],
)
def test_summary_and_focus_day_commands(text: str, expected: object) -> None:
    assert parse_kairos_command(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("summary there", "there"),
        ("summary here friday", "friday"),
        ("summary here someday 15:00", "someday"),
        ("summary here friday 25:00", "25:00"),
        ("summary here friday 13pm", "13pm"),
        ("summary here friday 9:75", "9:75"),
        ("summary post now", "post now"),
        ("focus-day funday", "funday"),
        ("focus-day mon tue", "mon tue"),
    ],
)
def test_bad_summary_input_names_what_was_wrong_with_an_example(text: str, named: str) -> None:
    with pytest.raises(KairosUserError) as raised:
        parse_kairos_command(text)
    assert named in raised.value.message
    assert raised.value.example is not None
    assert raised.value.example.startswith("/kairos ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("forget-me", ForgetMe()),
        ("FORGET-ME", ForgetMe()),
        ("forgetme", ForgetMe()),
        ("  forget_me  ", ForgetMe()),
        ("my-data", MyData()),
        ("My-Data", MyData()),
        ("mydata", MyData()),
        ("my_data", MyData()),
    ],
)
def test_privacy_commands(text: str, expected: object) -> None:
    assert parse_kairos_command(text) == expected


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("forget-me <@U0BOB>", "/kairos forget-me"),
        ("forget-me everything now", "/kairos forget-me"),
        ("my-data U0BOB", "/kairos my-data"),
    ],
)
def test_privacy_commands_take_no_one_else(text: str, example: str) -> None:
    # Only the person typing is ever concerned: a name after the command is refused, not
    # quietly ignored, so that nobody believes they asked about someone else.
    with pytest.raises(KairosUserError) as raised:
        parse_kairos_command(text)
    assert "your own data" in raised.value.message
    assert raised.value.example == example
    assert "<@" not in raised.value.message  # the echo is escaped, not a mention
