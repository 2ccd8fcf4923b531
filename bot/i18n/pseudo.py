"""Pseudo-translation: every message in the catalog template, marked and accented.

Spoken in place of Dutch when KAIROS_PSEUDO_TRANSLATIONS is on (a translator's and a test's
check, never a language for people): each message reads `⟦Fóçúś úñtíl {time}⟧`, so text that
reached Slack without going through the catalogs is the text outside the marks
(tests/e2e/test_pseudo_locale.py looks for it). Placeholders, Slack's markup (`<@U1>`,
`<url|label>`), emoji codes and escaped braces are kept as they are, so messages format and
render as before; only letters change.
"""

from __future__ import annotations

import gettext
import re
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

OPEN, CLOSE = "⟦", "⟧"
# Kept whole: placeholders and escaped braces, Slack's <...> markup, :emoji: codes, links.
_KEPT = re.compile(r"\{\{|\}\}|\{[^{}]*\}|<[^<>]*>|:[a-z0-9_+-]+:|https?://\S+")
_ACCENTED = str.maketrans(
    "aceinousyACEINOUSY",
    "áçéíñóúśýÁÇÉÍÑÓÚŚÝ",
)


def pseudo(text: str) -> str:
    """The pseudo-translation of one message: marked at both ends, its letters accented."""
    pieces: list[str] = []
    last = 0
    for kept in _KEPT.finditer(text):
        pieces.append(text[last : kept.start()].translate(_ACCENTED))
        pieces.append(kept.group())
        last = kept.end()
    pieces.append(text[last:].translate(_ACCENTED))
    return f"{OPEN}{''.join(pieces)}{CLOSE}"


def pseudo_translations(template: Path, language: str) -> gettext.GNUTranslations:
    """Every message of the template (a .pot) pseudo-translated, with language's plurals."""
    with template.open("rb") as file:
        source = read_po(file)
    catalog = Catalog(locale=language, domain=source.domain)
    for message in source:
        if not message.id:
            continue
        if isinstance(message.id, (tuple, list)):
            forms = tuple(pseudo(str(form)) for form in message.id)
            strings: str | tuple[str, ...] = (forms[0],) + (forms[1],) * (catalog.num_plurals - 1)
        else:
            strings = pseudo(str(message.id))
        catalog.add(message.id, strings, context=message.context)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
