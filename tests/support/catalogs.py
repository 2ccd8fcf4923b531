"""Checks of Kairos's message catalogs: each returns the problems it finds, one line each.

Used by tests/unit/i18n/test_catalog.py on the real catalogs and on small broken ones, so
that every check is seen to fail. Babel reads the files; nothing here imports bot/.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import PoFileError, read_po

# A message as the code names it: (context, singular, plural); None where there is none.
Key = tuple[str | None, str, str | None]

DUTCH_PLURALS = "nplurals=2; plural=(n != 1);"

_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}|{_STRING}")


def load(path: Path) -> Catalog:
    """The catalog in a .po or .pot file (PoFileError when it does not parse)."""
    with path.open("rb") as file:
        return read_po(file, abort_invalid=True)


def parse_problems(path: Path) -> list[str]:
    """Why the file does not parse as a .po file, if it does not: a line that is not a
    comment, a keyword with a string, or a string (Babel reads an unclosed string without a
    word), then what Babel refuses."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        return [f"{path.name}: not UTF-8: {error}"]
    bad = [n for n, line in enumerate(lines, start=1) if not _LINE.fullmatch(line.strip())]
    if bad:
        return [f"{path.name}:{n}: not a comment, keyword or string: {lines[n - 1]!r}" for n in bad]
    try:
        load(path)
    except (PoFileError, ValueError) as error:
        return [f"{path.name}: {error}"]
    return []


def header_problems(catalog: Catalog, language: str, plural_forms: str) -> list[str]:
    """Where the header's language, plural rule or charset is not what it must be."""
    problems = []
    if str(catalog.locale) != language:
        problems.append(f"Language is {catalog.locale}, not {language}")
    if _normalized(catalog.plural_forms) != _normalized(plural_forms):
        problems.append(f"Plural-Forms is {catalog.plural_forms!r}, not {plural_forms!r}")
    if catalog.charset.lower() != "utf-8":
        problems.append(f"charset is {catalog.charset}, not utf-8")
    return problems


def key(message: Message) -> Key:
    """The message's key: its context, singular and plural."""
    if isinstance(message.id, tuple | list):
        return (message.context, str(message.id[0]), str(message.id[1]))
    return (message.context, str(message.id), None)


def keys(catalog: Catalog) -> set[Key]:
    """The keys of every message in the catalog (not its header, not obsolete ones)."""
    return {key(message) for message in catalog if message.id}


def extracted_keys(source: Path, mapping: Path) -> set[Key]:
    """What Babel's extractor finds in the source folder with the mapping (as pybabel does)."""
    with mapping.open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file, str(mapping))
    found: set[Key] = set()
    for _filename, _line, message, _comments, context in extract_from_dir(
        source, method_map, options_map
    ):
        if isinstance(message, tuple):
            found.add((context, message[0], message[1]))
        else:
            found.add((context, message, None))
    return found


def template_problems(code: set[Key], template: Catalog) -> list[str]:
    """Messages the code uses that the template lacks, and the template's stale ones."""
    in_template = keys(template)
    missing = [
        f"in the code, not in the template: {k}" for k in sorted(code - in_template, key=str)
    ]
    stale = [f"in the template, not in the code: {k}" for k in sorted(in_template - code, key=str)]
    return missing + stale


def translation_problems(template: Catalog, translation: Catalog) -> list[str]:
    """Template messages without a translation (missing, empty or fuzzy), and extra ones."""
    problems = []
    translated = {key(message): message for message in translation if message.id}
    for wanted in sorted(keys(template), key=str):
        message = translated.get(wanted)
        if message is None:
            problems.append(f"not in the translation: {wanted}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {wanted}")
        elif not all(_forms(message)):
            problems.append(f"not translated: {wanted}")
    extra = sorted(set(translated) - keys(template), key=str)
    problems += [f"in the translation, not in the template: {k}" for k in extra]
    return problems


def placeholder_problems(catalog: Catalog) -> list[str]:
    """Translations whose `{placeholders}` differ from their message id's.

    A plural message may leave `{n}` out of a form ("one meeting", "{n} meetings"): ngettext
    always passes n. Every other placeholder must appear in the ids and in every form.
    """
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = [str(i) for i in message.id] if isinstance(message.id, tuple | list) else [message.id]
        plural = len(ids) > 1
        try:
            names = [_placeholders(text) for text in ids]
        except ValueError as error:
            problems.append(f"{ids[0]!r}: the id does not format: {error}")
            continue
        required = set().union(*names) - ({"n"} if plural else set())
        if plural and any(n - {"n"} != required for n in names):
            problems.append(f"{ids[0]!r}: singular and plural ids differ in placeholders")
        for form in _forms(message):
            if not form:
                continue  # translation_problems reports it
            try:
                found = _placeholders(form)
            except ValueError as error:
                problems.append(f"{ids[0]!r}: {form!r} does not format: {error}")
                continue
            allowed = required | ({"n"} if plural else set())
            if not required <= found <= allowed:
                problems.append(f"{ids[0]!r}: {form!r} has {sorted(found)}, not {sorted(required)}")
    return problems


def plural_problems(catalog: Catalog) -> list[str]:
    """Plural messages without exactly as many non-empty forms as the language has."""
    problems = []
    for message in catalog:
        if message.id and isinstance(message.id, tuple | list):
            forms = _forms(message)
            if len(forms) != catalog.num_plurals or not all(forms):
                problems.append(
                    f"{message.id[0]!r}: {sum(1 for f in forms if f)} of "
                    f"{catalog.num_plurals} forms"
                )
    return problems


def _forms(message: Message) -> list[str]:
    strings: Iterable[str] = (
        message.string if isinstance(message.string, tuple | list) else [message.string or ""]
    )
    return [str(s or "") for s in strings]


def _placeholders(text: str) -> set[str]:
    """The names of the `{fields}` in a format string; ValueError when it does not parse or a
    field has no name (the catalog formats with names only)."""
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field is None:
            continue
        name = field.split(".", 1)[0].split("[", 1)[0]
        if not name.isidentifier():
            raise ValueError(f"placeholder {{{field}}} is not a name")
        names.add(name)
    return names


def _normalized(plural_forms: str) -> str:
    return "".join(plural_forms.split()).rstrip(";")
