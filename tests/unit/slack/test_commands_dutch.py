"""`/kairos` refusals in the reader's language: the words typed are repeated, the command
words and examples stay as they are typed (`all`, `friday 15:00`)."""

from __future__ import annotations

import pytest

from bot.errors import KairosUserError
from bot.i18n import speaking
from bot.slack.commands import parse_kairos_command

# What someone typed, and a Dutch phrase its refusal must contain.
REFUSALS = {
    "frobnicate now": "Het commando `/kairos frobnicate` ken ik niet.",
    "my-data alice": "gaat over je eigen gegevens en er komt niets achter, ook geen `alice`.",
    "norms maybe": "Achter `/kairos norms` komt niets of `edit`, niet `maybe`.",
    "channels some": "Achter `/kairos channels` komt `all` of `invited`, niet `some`.",
    "calendar a b": "komt één adres (of `off`); dit leken meerdere woorden.",
    "summary later": "komt `here`, `off`, `preview` of `post`, niet `later`.",
    "summary here friday": "Ik heb een weekdag en een tijd nodig, zoals `friday 15:00`",
    "summary here someday 15:00": "`someday` is geen weekdag.",
    "summary here friday 25:00": "`25:00` is geen tijdstip: gebruik de 24-uursklok",
    "focus-day someday": "Achter `/kairos focus-day` komt een weekdag of `off`, niet `someday`.",
}


@pytest.mark.parametrize(("typed", "dutch"), REFUSALS.items())
def test_a_refusal_is_dutch_for_a_dutch_reader(typed: str, dutch: str) -> None:
    with speaking("nl"):
        with pytest.raises(KairosUserError) as caught:
            parse_kairos_command(typed)
        said = caught.value.user_text()  # the example's line is worded when shown
    assert dutch in said
    assert "Bijvoorbeeld" in said  # the example's line, worded by bot/errors.py
    for english in ("takes", "isn't", "I don't know", "For example"):
        assert english not in said


@pytest.mark.parametrize("typed", REFUSALS)
def test_the_same_refusal_stays_english_for_an_english_reader(typed: str) -> None:
    with speaking("en"), pytest.raises(KairosUserError) as caught:
        parse_kairos_command(typed)
    assert "For example" in caught.value.user_text()
    assert not any(dutch in caught.value.user_text() for dutch in REFUSALS.values())
