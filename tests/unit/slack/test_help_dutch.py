"""The help, App Home's help and the answers to what Kairos cannot read, in Dutch for a Dutch
reader and unchanged in English."""

from __future__ import annotations

import json
import re

from bot.i18n import speaking
from bot.slack.blocks.help import help_blocks, help_text, unreadable_command, unreadable_form
from bot.slack.blocks.home import home_view

# Every sentence of the English help starts one of these; none may be left in the Dutch.
ENGLISH = (
    "keeps your team's work async-first",
    "mentions of you wait",
    "on leave and public holidays",
    "organizers of meetings",
    "a weekly summary helps",
    "Commands:",
    "Weekly summary (admins)",
    "sets the team's meeting-free day",
    "Language:",
    "Your data:",
    "deletes it all",
)


def test_the_help_names_both_language_commands() -> None:
    text = help_text()
    assert "`/focus language nl|en|auto`" in text
    assert "`/kairos language`" in text
    assert "`/kairos language nl|en|default`" in text


def test_the_help_is_dutch_for_a_dutch_reader_with_every_command_kept() -> None:
    english = help_text()
    with speaking("nl"):
        dutch = help_text()
        blocks = help_blocks()
    assert dutch.startswith("*Kairos* houdt het werk van je team async-first.")
    assert "Je gegevens: `/kairos my-data`" in dutch
    assert [sentence for sentence in ENGLISH if sentence in dutch] == []
    # The commands are typed as they are, whatever the language.
    assert re.findall(r"`[^`]+`", dutch) == re.findall(r"`[^`]+`", english)
    assert blocks[0]["text"]["text"] == dutch
    assert len(dutch) <= 3000


def test_the_home_tab_help_and_its_button_are_dutch() -> None:
    with speaking("nl"):
        view = home_view([])
    shown = json.dumps(view, ensure_ascii=False)
    assert "houdt het werk van je team async-first" in shown
    assert view["blocks"][-1]["elements"][0]["text"]["text"] == "Stuur me de uitleg"
    assert "Send me the help" in json.dumps(home_view([]))


def test_what_kairos_cannot_read_is_said_in_dutch() -> None:
    assert unreadable_form() == "I couldn't read that form. Nothing was changed."
    with speaking("nl"):
        assert unreadable_form() == "Ik kon dat formulier niet lezen. Er is niets veranderd."
        assert unreadable_command().startswith("Ik kon dat commando niet lezen")
