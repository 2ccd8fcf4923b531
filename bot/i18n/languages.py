"""The languages Kairos speaks, and which of them a person gets (pure: standard library only).

A person's language is the one they chose (`/focus language nl|en`), else the one of their
Slack locale ("nl-NL"), else the workspace's (KAIROS_LANGUAGE): a Slack language Kairos
does not speak (German, say) gets the workspace's language rather than a guess.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "nl")
DEFAULT_LANGUAGE: Language = "en"
# What a person chooses to follow their Slack locale again (and what NULL stores).
AUTO = "auto"

_BY_CODE: dict[str, Language] = {code: code for code in LANGUAGES}
# Slack sends BCP 47 tags ("nl-NL", "en-GB", "es-LA"); other sources write POSIX names
# ("nl_NL.UTF-8", "en_US@euro"): the language is what comes before the first separator.
_SEPARATORS = re.compile(r"[-_.@]")
# What Kairos stores of a locale (people.slack_locale is 16 characters): a language code and
# its subtags; anything else (markup, a long string) is not a locale and is not kept.
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}")
MAX_LOCALE = 16


def language_of_locale(locale: str | None) -> Language | None:
    """The language Kairos speaks for a locale ("nl-NL", "en_GB", "NL-nl"), or None."""
    if not locale:
        return None
    primary = _SEPARATORS.split(locale.strip(), maxsplit=1)[0]
    return _BY_CODE.get(primary.lower())


def person_language(override: str | None, slack_locale: str | None, default: Language) -> Language:
    """The language to speak to a person: their choice, else their Slack locale's, else
    the workspace default. An override that is not a language (None, "auto", or a stored
    value this version no longer knows) follows the Slack locale."""
    chosen = _BY_CODE.get(override.strip().lower()) if override else None
    if chosen is not None:
        return chosen
    return language_of_locale(slack_locale) or default


def parse_language_setting(text: str) -> Language:
    """A language setting ("en", "NL", "nl-NL") as a language; ValueError if Kairos does
    not speak it."""
    cleaned = text.strip()
    language = language_of_locale(cleaned) if _LOCALE.fullmatch(cleaned) else None
    if language is None:
        raise ValueError(f"'{cleaned}' is not a language Kairos speaks")
    return language


def stored_locale(value: object) -> str | None:
    """A locale from Slack as Kairos keeps it ("nl-NL"), or None when it is not one."""
    if not isinstance(value, str) or len(value) > MAX_LOCALE:
        return None
    return value if _LOCALE.fullmatch(value) else None
