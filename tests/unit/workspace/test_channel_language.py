"""`/kairos language`: what it parses, and what it answers in English and Dutch (pure)."""

from __future__ import annotations

import pytest

from bot.errors import KairosUserError
from bot.i18n import speaking
from bot.i18n.languages import Language
from bot.slack.commands import ChannelLanguage, parse_kairos_command
from bot.workspace.messages import (
    channel_language_cleared,
    channel_language_set,
    channel_language_shown,
    language_name,
    language_not_a_channel,
    language_not_allowed,
)


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("language", ChannelLanguage()),
        ("LANGUAGE", ChannelLanguage()),
        ("language nl", ChannelLanguage(change=True, language="nl")),
        ("language NL", ChannelLanguage(change=True, language="nl")),
        ("language nl-NL", ChannelLanguage(change=True, language="nl")),
        ("language en", ChannelLanguage(change=True, language="en")),
        ("language default", ChannelLanguage(change=True, language=None)),
        ("language auto", ChannelLanguage(change=True, language=None)),
        ("language standaard", ChannelLanguage(change=True, language=None)),
        ("language Nederlands", ChannelLanguage(change=True, language="nl")),
        ("language english", ChannelLanguage(change=True, language="en")),
    ],
)
def test_language_is_parsed(typed: str, parsed: ChannelLanguage) -> None:
    assert parse_kairos_command(typed) == parsed


@pytest.mark.parametrize("typed", ["language de", "language nl en", "language <!channel>"])
def test_anything_else_is_refused_with_what_it_takes(typed: str) -> None:
    with pytest.raises(KairosUserError) as raised:
        parse_kairos_command(typed)
    assert "`nl`, `en` or `default`" in raised.value.message
    assert raised.value.example == "/kairos language nl"
    assert "<!channel>" not in raised.value.message  # repeated escaped, never acted on


def test_the_refusal_of_a_bad_word_is_dutch_for_a_dutch_reader() -> None:
    with speaking("nl"), pytest.raises(KairosUserError) as raised:
        parse_kairos_command("language klingon")
    assert (
        raised.value.message == "`/kairos language` kent `nl`, `en` of `default`, niet `klingon`."
    )


@pytest.mark.parametrize(
    ("language", "english", "dutch"), [("nl", "Dutch", "Nederlands"), ("en", "English", "Engels")]
)
def test_language_names_in_each_language(language: Language, english: str, dutch: str) -> None:
    assert language_name(language) == english
    with speaking("nl"):
        assert language_name(language) == dutch


def test_shown_says_whether_the_language_was_set_or_is_the_default() -> None:
    unset = channel_language_shown(None, "nl")
    assert unset.startswith("This channel has no language of its own")
    assert "language: Dutch." in unset
    assert "`/focus language nl|en|auto`" in unset
    chosen = channel_language_shown("en", "nl")
    assert chosen.startswith("Kairos posts in this channel in English: it was set")
    assert "`/kairos language nl|en|default`" in chosen


def test_every_answer_is_dutch_for_a_dutch_reader() -> None:
    with speaking("nl"):
        answers = {
            "unset": channel_language_shown(None, "en"),
            "set": channel_language_shown("nl", "en"),
            "done": channel_language_set("nl"),
            "cleared": channel_language_cleared("en"),
            "dm": language_not_a_channel(),
            "refused": language_not_allowed(),
        }
    assert "Dit kanaal heeft geen eigen taal" in answers["unset"]
    assert "in de taal van de workspace: Engels" in answers["unset"]
    assert "Kairos post in dit kanaal in het Nederlands" in answers["set"]
    assert answers["done"].startswith("Klaar. Kairos post in dit kanaal nu in het Nederlands.")
    assert "in het Engels" in answers["cleared"]
    assert "typ daar `/kairos language`" in answers["dm"]
    assert answers["refused"].startswith("Alleen de maker van het kanaal")
    english_words = ("channel", "Done", "Only ", "language of its own", "Nothing was")
    for text in answers.values():
        assert not any(word in text for word in english_words), text
