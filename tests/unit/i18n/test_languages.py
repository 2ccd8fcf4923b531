"""Which language a locale, a choice and a workspace default give a person."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n.languages import (
    LANGUAGES,
    Language,
    language_of_locale,
    parse_language_setting,
    person_language,
    stored_locale,
)

LANGUAGE = st.sampled_from(LANGUAGES)
# A region or script subtag as Slack and POSIX write them ("NL", "be", "Latn", "419").
SUBTAG = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    min_size=1,
    max_size=8,
)
SEPARATOR = st.sampled_from(["-", "_"])
ANY_TEXT = st.none() | st.text(max_size=40)


def any_case(text: str, flips: list[bool]) -> str:
    """text with the letters whose flip is True upper-cased (missing flips: lower case)."""
    return "".join(
        c.upper() if flips[i : i + 1] == [True] else c.lower() for i, c in enumerate(text)
    )


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("nl-NL", "nl"), ("nl-BE", "nl"), ("nl_NL", "nl"), ("NL-nl", "nl"), ("nl", "nl"),
        ("NL", "nl"), (" nl-NL ", "nl"), ("nl_NL.UTF-8", "nl"), ("nl_BE@euro", "nl"),
        ("en-US", "en"), ("en-GB", "en"), ("en_AU", "en"), ("EN", "en"),
        ("de-DE", None), ("fr-FR", None), ("es-LA", None), ("zh-TW", None), ("nld", None),
        ("", None), (None, None), ("n", None), ("nl NL", None), ("english", None), ("-nl", None),
    ],
)  # fmt: skip
def test_language_of_locale(locale: str | None, language: Language | None) -> None:
    assert language_of_locale(locale) == language


@pytest.mark.parametrize(
    ("override", "locale", "default", "language"),
    [
        ("nl", "en-US", "en", "nl"),  # a choice wins over Slack
        ("en", "nl-NL", "nl", "en"),
        ("NL", None, "en", "nl"),
        ("auto", "nl-NL", "en", "nl"),  # auto follows Slack
        (None, "nl-BE", "en", "nl"),
        (None, "en-GB", "nl", "en"),
        (None, "de-DE", "nl", "nl"),  # a language Kairos does not speak: the workspace's
        (None, None, "nl", "nl"),
        ("auto", None, "en", "en"),
        ("fr", "nl-NL", "en", "nl"),  # a stored choice this version does not know: auto
        ("", "nl-NL", "en", "nl"),
    ],
)
def test_person_language(
    override: str | None, locale: str | None, default: Language, language: Language
) -> None:
    assert person_language(override, locale, default) == language


@pytest.mark.parametrize(("text", "language"), [("en", "en"), ("nl", "nl"), (" NL ", "nl"),
                                                ("nl-NL", "nl"), ("en_GB", "en")])  # fmt: skip
def test_language_setting(text: str, language: Language) -> None:
    assert parse_language_setting(text) == language


@pytest.mark.parametrize("text", ["", " ", "de", "fr-FR", "auto", "dutch", "nl nl", "nl!", "n"])
def test_language_setting_refuses_what_kairos_does_not_speak(text: str) -> None:
    with pytest.raises(ValueError, match="is not a language Kairos speaks"):
        parse_language_setting(text)


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("nl-NL", "nl-NL"), ("en-US", "en-US"), ("zh-Hant-TW", "zh-Hant-TW"), ("nl", "nl"),
        (None, None), (7, None), ("", None), ("<!channel>", None), ("nl-NL" * 4, None),
        ("n", None), ("nl-", None), ("nl NL", None),
    ],
)  # fmt: skip
def test_stored_locale(value: object, kept: str | None) -> None:
    assert stored_locale(value) == kept


# ---- properties over open-ended input


@given(language=LANGUAGE, separator=SEPARATOR, region=SUBTAG, flips=st.lists(st.booleans()))
def test_a_locale_of_a_language_kairos_speaks_gives_that_language(
    language: Language, separator: str, region: str, flips: list[bool]
) -> None:
    locale = any_case(language, flips) + separator + region
    assert language_of_locale(locale) == language


@given(locale=ANY_TEXT)
def test_any_text_gives_a_spoken_language_or_none(locale: str | None) -> None:
    assert language_of_locale(locale) in (*LANGUAGES, None)


@given(override=LANGUAGE, locale=ANY_TEXT, default=LANGUAGE)
def test_a_choice_always_wins(override: Language, locale: str | None, default: Language) -> None:
    assert person_language(override, locale, default) == override


@given(override=st.sampled_from([None, "auto"]), locale=ANY_TEXT, default=LANGUAGE)
def test_auto_follows_slack_else_the_default(
    override: str | None, locale: str | None, default: Language
) -> None:
    assert person_language(override, locale, default) == (language_of_locale(locale) or default)


@given(override=ANY_TEXT, locale=ANY_TEXT, default=LANGUAGE)
def test_every_person_gets_a_language_kairos_speaks(
    override: str | None, locale: str | None, default: Language
) -> None:
    assert person_language(override, locale, default) in LANGUAGES


@given(text=st.text(max_size=40))
def test_a_setting_is_a_spoken_language_or_refused(text: str) -> None:
    try:
        language = parse_language_setting(text)
    except ValueError:
        assert language_of_locale(text) is None or stored_locale(text.strip()) is None
    else:
        assert language == language_of_locale(text)


@given(value=st.text(max_size=40))
def test_a_kept_locale_fits_its_column_and_keeps_its_language(value: str) -> None:
    kept = stored_locale(value)
    if kept is not None:
        assert len(kept) <= 16
        assert kept == value
        assert language_of_locale(kept) == language_of_locale(value)
