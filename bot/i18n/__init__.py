"""What Kairos says, in Dutch and English: message catalogs (see bot/i18n/catalog.py)."""

from bot.i18n.catalog import (
    Translator,
    _,
    current_language,
    ngettext,
    pgettext,
    speaking,
    translated,
)

__all__ = [
    "Translator",
    "_",
    "current_language",
    "ngettext",
    "pgettext",
    "speaking",
    "translated",
]
