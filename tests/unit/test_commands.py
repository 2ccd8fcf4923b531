"""`/kairos` parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import KairosUserError
from bot.slack.commands import ShowHelp, parse_kairos_command


@pytest.mark.parametrize("text", ["", "  ", "help", "HELP", " help extra"])
def test_help(text: str) -> None:
    assert parse_kairos_command(text) == ShowHelp()


def test_unknown_subcommand_names_it_and_shows_an_example() -> None:
    with pytest.raises(KairosUserError) as caught:
        parse_kairos_command("frobnicate now")
    assert "`/kairos frobnicate`" in caught.value.user_text()
    assert "/kairos help" in caught.value.user_text()


@given(st.text())
def test_any_text_is_help_or_a_user_error(text: str) -> None:
    outcome: object
    try:
        outcome = parse_kairos_command(text)
    except KairosUserError as error:
        outcome = error
    if isinstance(outcome, KairosUserError):
        assert outcome.example == "/kairos help"
    else:
        assert outcome == ShowHelp()
