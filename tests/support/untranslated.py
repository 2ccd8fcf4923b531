"""Text Kairos sent to Slack without the message catalogs, found under the pseudo-translation.

With KAIROS_PSEUDO_TRANSLATIONS on, every message from the catalogs reaches Slack inside
⟦…⟧ (bot/i18n/pseudo.py). What a person reads is every `text` of a call (a message's
fallback, a section, a button, a modal's title) and every `alt_text`; a Latin letter in it
outside the marks, outside Slack's <…> markup, an :emoji: code or a link, is a word no
translator could have translated. Data a test puts in (names, titles) should use letters
outside A-Z (Greek, say) so that it is not mistaken for a missed message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

OPEN, CLOSE = "⟦", "⟧"
_MARKUP = re.compile(r"<[^<>]*>|:[a-z0-9_+-]+:|https?://\S+")
_LETTERS = re.compile(r"[A-Za-z]{2,}")
# Keys whose string values people read (Block Kit's text objects all keep it in "text").
_READ = frozenset({"text", "alt_text", "title", "fallback", "pretext"})


def outside_marks(text: str) -> str:
    """The text with every marked message, nested ones included, taken out."""
    kept: list[str] = []
    depth = 0
    for char in text:
        if char == OPEN:
            depth += 1
        elif char == CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def untranslated(text: str) -> list[str]:
    """The words of text that came from no message of the catalogs."""
    return _LETTERS.findall(_MARKUP.sub(" ", outside_marks(text)))


def read_texts(value: Any) -> Iterator[str]:
    """Every string people read in a call's arguments (JSON strings inside are opened)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in _READ and isinstance(inner, str):
                yield inner
            else:
                yield from read_texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from read_texts(inner)
    elif isinstance(value, str) and value[:1] in "[{":
        try:
            yield from read_texts(json.loads(value))
        except ValueError:
            return


def missed(texts: Iterable[str]) -> dict[str, list[str]]:
    """Each text with words outside the catalogs, and those words."""
    return {text: words for text in texts if (words := untranslated(text))}
