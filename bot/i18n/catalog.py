"""Kairos's message catalogs: what it says, in the language of whoever reads it.

English is the source language: every message id is the English text, with brace
placeholders (`"Focusing until {time}"`). Translations live in gettext catalogs of the domain
`kairos`, `bot/locale/<lang>/LC_MESSAGES/kairos.po` (Dutch: `nl`). A wheel ships them
compiled (`kairos.mo`, made by `hatch_build.py`); a source checkout has only the `.po`, which
is compiled in memory with Babel the first time a language is needed.

The public API, all re-exported by `bot.i18n`:

- `speaking(language)`: a context manager that sets the current language at a boundary
  (a listener replying to a person, a sweep building one person's DM). It is a ContextVar,
  so it does not leak across requests; threads of a ThreadPoolExecutor do not inherit it,
  so each place that sends a DM from such a thread sets it again.
- `current_language()`: the language set by the innermost `speaking` (default `"en"`).
- `_(msgid, **values)`, `ngettext(singular, plural, n, **values)`,
  `pgettext(context, msgid, **values)`: the translated text in the current language,
  formatted with `str.format(**values)`. `ngettext` also passes `n` unless given. Braces
  always mean placeholders: a literal brace in a message is written `{{` or `}}`.
- `translated(language)`: a `Translator` with the same three methods bound to one language,
  for code that speaks two languages at once (a note to a sender and a DM to a recipient).
- `Catalogs(directory)`: the catalogs of one locale directory (tests use their own).

An unknown language falls back to English, and so does a message without a translation
(gettext's own fallback). Babel's extractor finds the three functions by name, so the
message id must be a string literal at the call: `_(f"...")` or `_(text)` is not
translated (tests/unit/i18n/test_catalog.py keeps the catalog in step with the code).
"""

from __future__ import annotations

import gettext
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n.pseudo import pseudo_translations

log = logging.getLogger(__name__)

DOMAIN = "kairos"
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# A language tag's primary subtag comes before these: "nl-NL", "nl_NL.UTF-8", "en@euro".
_SEPARATORS = re.compile(r"[-_.@]")

_language: ContextVar[str] = ContextVar("kairos_language", default=SOURCE_LANGUAGE)


class Translator:
    """Kairos's messages in one language."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def _(self, msgid: str, /, **values: object) -> str:
        """The translation of msgid, formatted with values."""
        return _format(self._translations.gettext(msgid), msgid, values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The form for n of a message with plurals, formatted with values (and n)."""
        values.setdefault("n", n)
        source = singular if n == 1 else plural
        return _format(self._translations.ngettext(singular, plural, n), source, values)

    def pgettext(self, context: str, msgid: str, /, **values: object) -> str:
        """The translation of msgid in a context (one English word, two meanings)."""
        return _format(self._translations.pgettext(context, msgid), msgid, values)


def _format(text: str, source: str, values: dict[str, object]) -> str:
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError):
        if text == source:
            raise  # the code's own message and values disagree: a bug to see at once
        # A translation with a broken placeholder must not stop a digest from going out:
        # say it in English instead (the catalog tests keep this from reaching a release).
        log.warning("translation of %r does not format; using English", source)
        return source.format_map(values)


class Catalogs:
    """The catalogs of one locale directory, each loaded once and shared between threads."""

    def __init__(self, directory: Path = LOCALE_DIR, *, pseudo: bool = False) -> None:
        """With `pseudo`, every language but English speaks the pseudo-translation of the
        template (bot/i18n/pseudo.py) instead of its catalog."""
        self.directory = directory
        self.pseudo = pseudo
        self._loaded: dict[str, Translator] = {}
        self._lock = threading.Lock()

    @cached_property
    def languages(self) -> frozenset[str]:
        """The languages with a catalog here, and English (read once: they ship with Kairos)."""
        found = {p.parents[1].name for p in self.directory.glob(f"*/LC_MESSAGES/{DOMAIN}.[mp]o")}
        return frozenset({SOURCE_LANGUAGE, *found})

    def translator(self, language: str) -> Translator:
        """The translator for a language (`nl`, `nl-NL`); English when there is no catalog."""
        code = self.supported(language)
        translator = self._loaded.get(code)
        if translator is None:
            # Locked so that two threads asking at once load (and keep) one catalog.
            with self._lock:
                translator = self._loaded.get(code)
                if translator is None:
                    translator = Translator(code, self._load(code))
                    self._loaded[code] = translator
        return translator

    def use_pseudo(self) -> None:
        """Speak the pseudo-translation from now on (catalogs loaded so far are dropped)."""
        with self._lock:
            self.pseudo = True
            self._loaded.clear()

    def supported(self, language: str) -> str:
        """The language's code if there is a catalog for it, else English."""
        code = _SEPARATORS.split(language.strip(), maxsplit=1)[0].lower()
        return code if code in self.languages else SOURCE_LANGUAGE

    def _load(self, code: str) -> gettext.NullTranslations:
        if code == SOURCE_LANGUAGE:
            # The message ids are the English text; NullTranslations applies English plurals.
            return gettext.NullTranslations()
        if self.pseudo:
            return pseudo_translations(self.directory / f"{DOMAIN}.pot", code)
        folder = self.directory / code / "LC_MESSAGES"
        compiled = folder / f"{DOMAIN}.mo"
        if compiled.is_file():
            with compiled.open("rb") as file:
                return gettext.GNUTranslations(file)
        return gettext.GNUTranslations(compile_po(folder / f"{DOMAIN}.po", code))


def compile_po(path: Path, language: str) -> BytesIO:
    """A .po file compiled in memory to .mo bytes (fuzzy entries left out, as msgfmt does)."""
    with path.open("rb") as file:
        catalog = read_po(file, locale=language, domain=DOMAIN, abort_invalid=True)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return compiled


_catalogs = Catalogs()


def use_pseudo_translations() -> None:
    """From now on, speak the pseudo-translation wherever Dutch would be spoken: a check
    that every message Kairos sends comes from the catalogs (KAIROS_PSEUDO_TRANSLATIONS)."""
    _catalogs.use_pseudo()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak language (English if Kairos has no catalog for it) until the block ends."""
    token = _language.set(_catalogs.supported(language))
    try:
        yield
    finally:
        _language.reset(token)


def speak(language: str) -> None:
    """Speak language from here to the end of the current context, with no block to end it.

    For a boundary that cannot wrap what follows it: a Bolt middleware returns before Bolt
    runs the listener. Its caller runs each request in a context of its own
    (bot/slack/dispatch.py), so the language ends with the request.
    """
    _language.set(_catalogs.supported(language))


def current_language() -> str:
    """The language the current context speaks."""
    return _language.get()


def translated(language: str) -> Translator:
    """Kairos's messages bound to one language, whatever the current one is."""
    return _catalogs.translator(language)


def _(msgid: str, /, **values: object) -> str:
    """msgid in the current language, formatted with values."""
    return translated(current_language())._(msgid, **values)


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The current language's form for n, formatted with values (n among them)."""
    return translated(current_language()).ngettext(singular, plural, n, **values)


def pgettext(context: str, msgid: str, /, **values: object) -> str:
    """msgid in a context, in the current language, formatted with values."""
    return translated(current_language()).pgettext(context, msgid, **values)
