"""The message catalogs are complete and sound, and each check is seen to fail on a broken one.

The real catalogs: the template (bot/locale/kairos.pot) is what Babel extracts from the code
today, and the Dutch catalog translates every message in it, with the same placeholders and
all plural forms. Then each check gets a small broken .po and must report it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import _, current_language, ngettext, speaking, translated
from bot.i18n.catalog import Catalogs, compile_po
from bot.i18n.languages import LANGUAGES
from tests.support import catalogs

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "bot" / "locale"
TEMPLATE = LOCALE / "kairos.pot"
DUTCH = LOCALE / "nl" / "LC_MESSAGES" / "kairos.po"

HEADER = """msgid ""
msgstr ""
"Language: nl\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""


def _po(tmp_path: Path, body: str, header: str = HEADER, name: str = "sample.po") -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


# The real catalogs.


@pytest.mark.parametrize("path", [TEMPLATE, DUTCH], ids=["template", "nl"])
def test_the_catalog_files_parse(path: Path) -> None:
    assert catalogs.parse_problems(path) == []


def test_the_dutch_header_names_the_language_and_its_plural_rule() -> None:
    dutch = catalogs.load(DUTCH)
    assert catalogs.header_problems(dutch, "nl", catalogs.DUTCH_PLURALS) == []


def test_the_template_is_what_the_code_says() -> None:
    code = catalogs.extracted_keys(ROOT / "bot", ROOT / "babel.cfg")
    assert code, "the extractor found no messages: is babel.cfg's mapping right?"
    assert catalogs.template_problems(code, catalogs.load(TEMPLATE)) == []


def test_every_message_has_a_dutch_translation() -> None:
    template = catalogs.load(TEMPLATE)
    assert catalogs.keys(template)
    assert catalogs.translation_problems(template, catalogs.load(DUTCH)) == []


@pytest.mark.parametrize("path", [TEMPLATE, DUTCH], ids=["template", "nl"])
def test_placeholders_match_between_languages(path: Path) -> None:
    assert catalogs.placeholder_problems(catalogs.load(path)) == []


def test_dutch_plurals_have_both_forms() -> None:
    assert catalogs.plural_problems(catalogs.load(DUTCH)) == []


# Each check on a broken catalog.


@pytest.mark.parametrize(
    "body",
    [
        'msgid "Hello"\nmsgstr "Hallo\n',
        'msgid "Hello"\nHallo\n',
        'msgid "Hello"\n\nmsgid "Bye"\nmsgstr "Doei"\n',
        'msgid "{n} item"\nmsgid_plural "{n} items"\n'
        'msgstr[0] "{n} ding"\nmsgstr[1] "{n} dingen"\nmsgstr[2] "{n} dingetjes"\n',
    ],
    ids=["unclosed-string", "stray-text", "missing-msgstr", "more-forms-than-nplurals"],
)
def test_a_file_that_does_not_parse_is_reported(tmp_path: Path, body: str) -> None:
    assert len(catalogs.parse_problems(_po(tmp_path, body))) == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (HEADER.replace("Language: nl", "Language: de"), "Language is de"),
        (HEADER.replace("nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;"), "Plural"),
        (HEADER.replace("utf-8", "iso-8859-1"), "charset"),
    ],
    ids=["language", "plural-forms", "charset"],
)
def test_a_wrong_header_is_reported(tmp_path: Path, header: str, expected: str) -> None:
    catalog = catalogs.load(_po(tmp_path, 'msgid "a"\nmsgstr "b"\n', header))
    problems = catalogs.header_problems(catalog, "nl", catalogs.DUTCH_PLURALS)
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_a_message_missing_from_the_template_and_a_stale_one_are_reported(
    tmp_path: Path,
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "talk.py").write_text(
        "from bot.i18n import _, ngettext, pgettext\n"
        "_('Kept')\n_('New in the code')\n"
        "ngettext('{n} mention', '{n} mentions', 2)\npgettext('button', 'Open')\n",
        encoding="utf-8",
    )
    template = _po(
        tmp_path,
        'msgid "Kept"\nmsgstr ""\n\nmsgid "Gone from the code"\nmsgstr ""\n\n'
        'msgid "{n} mention"\nmsgid_plural "{n} mentions"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgctxt "button"\nmsgid "Open"\nmsgstr ""\n',
    )
    code = catalogs.extracted_keys(source, ROOT / "babel.cfg")
    assert code == {
        (None, "Kept", None),
        (None, "New in the code", None),
        (None, "{n} mention", "{n} mentions"),
        ("button", "Open", None),
    }
    assert catalogs.template_problems(code, catalogs.load(template)) == [
        "in the code, not in the template: (None, 'New in the code', None)",
        "in the template, not in the code: (None, 'Gone from the code', None)",
    ]


def test_missing_empty_fuzzy_and_extra_translations_are_reported(tmp_path: Path) -> None:
    template = _po(
        tmp_path,
        'msgid "Done"\nmsgstr ""\n\nmsgid "Empty"\nmsgstr ""\n\n'
        'msgid "Fuzzy"\nmsgstr ""\n\nmsgid "Missing"\nmsgstr ""\n\n'
        'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] ""\nmsgstr[1] ""\n',
        name="template.pot",
    )
    translation = _po(
        tmp_path,
        'msgid "Done"\nmsgstr "Klaar"\n\nmsgid "Empty"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Vaag"\n\nmsgid "Extra"\nmsgstr "Extra"\n\n'
        'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} dag"\nmsgstr[1] ""\n',
    )
    problems = catalogs.translation_problems(catalogs.load(template), catalogs.load(translation))
    assert problems == [
        "not translated: (None, 'Empty', None)",
        "fuzzy: (None, 'Fuzzy', None)",
        "not in the translation: (None, 'Missing', None)",
        "not translated: (None, '{n} day', '{n} days')",
        "in the translation, not in the template: (None, 'Extra', None)",
    ]


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        ('msgid "Until {time}"\nmsgstr "Tot {tijd}"\n', 1),  # a renamed placeholder
        ('msgid "Until {time}"\nmsgstr "Tot later"\n', 1),  # a dropped one
        ('msgid "Until {time}"\nmsgstr "Tot {time"\n', 1),  # one that does not format
        ('msgid "Until {0}"\nmsgstr "Tot {0}"\n', 1),  # positional: not a name
        ('msgid "{n} day"\nmsgid_plural "{n} days in {place}"\n'
         'msgstr[0] "{n} dag in {place}"\nmsgstr[1] "{n} dagen in {place}"\n', 1),  # ids differ
        ('msgid "{n} day"\nmsgid_plural "{n} days"\n'
         'msgstr[0] "{n} dag"\nmsgstr[1] "{m} dagen"\n', 1),  # a wrong form
        # Not problems: n left out of a singular, a literal brace, a placeholder reordered.
        ('msgid "one day"\nmsgid_plural "{n} days"\n'
         'msgstr[0] "één dag"\nmsgstr[1] "{n} dagen"\n', 0),
        ('msgid "{{x}} at {time}"\nmsgstr "{{x}} om {time}"\n', 0),
        ('msgid "{a} and {b}"\nmsgstr "{b} en {a}"\n', 0),
    ],
)  # fmt: skip
def test_placeholder_differences_are_reported(tmp_path: Path, body: str, problems: int) -> None:
    assert len(catalogs.placeholder_problems(catalogs.load(_po(tmp_path, body)))) == problems


def test_a_missing_plural_form_is_reported(tmp_path: Path) -> None:
    body = (
        'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} dag"\n\n'
        'msgid "{n} hour"\nmsgid_plural "{n} hours"\nmsgstr[0] "{n} uur"\nmsgstr[1] "{n} uur"\n'
    )
    assert catalogs.plural_problems(catalogs.load(_po(tmp_path, body))) == [
        "'{n} day': 1 of 2 forms"
    ]


# bot/i18n/catalog.py: speaking a language, falling back, compiling in memory.

SAMPLE = """
msgid "Focusing until {time}"
msgstr "Focus tot {time}"

msgid "{n} mention"
msgid_plural "{n} mentions"
msgstr[0] "{n} vermelding"
msgstr[1] "{n} vermeldingen"

msgctxt "button"
msgid "Open"
msgstr "Openen"

msgid "Back at {time}"
msgstr "Terug om {tijd}"
"""


def _locale_dir(tmp_path: Path, body: str = SAMPLE) -> Path:
    """A locale folder with a Dutch .po only, as in a checkout that was never built."""
    (tmp_path / "nl" / "LC_MESSAGES").mkdir(parents=True)
    _po(tmp_path / "nl" / "LC_MESSAGES", body, name="kairos.po")
    return tmp_path


@pytest.fixture
def sample(tmp_path: Path) -> Catalogs:
    return Catalogs(_locale_dir(tmp_path))


def test_speaking_dutch_translates_a_message_of_the_real_catalog() -> None:
    with speaking("nl"):
        assert current_language() == "nl"
        assert _("{date} at {time}", date="di 12 jan", time="09:30") == "di 12 jan om 09:30"
    assert _("{date} at {time}", date="Tue 12 Jan", time="09:30") == "Tue 12 Jan at 09:30"


def test_nested_speaking_restores_the_outer_language_even_after_an_error() -> None:
    assert current_language() == "en"
    with speaking("nl"):
        with speaking("en"):
            assert _("{date} at {time}", date="d", time="t") == "d at t"
        assert current_language() == "nl"
        with pytest.raises(RuntimeError), speaking("en"):
            raise RuntimeError
        assert _("{date} at {time}", date="d", time="t") == "d om t"
    assert current_language() == "en"


@pytest.mark.parametrize(
    ("language", "spoken"),
    [("fr", "en"), ("", "en"), ("xx-YY", "en"), ("nl-NL", "nl"), ("NL", "nl"), ("en-GB", "en")],
)
def test_a_language_without_a_catalog_falls_back_to_english(language: str, spoken: str) -> None:
    with speaking(language):
        assert current_language() == spoken
    assert translated(language).language == spoken


def test_the_real_catalogs_are_the_languages_kairos_speaks() -> None:
    assert Catalogs().languages == set(LANGUAGES)


def test_a_po_without_a_mo_is_compiled_in_memory(sample: Catalogs) -> None:
    dutch = sample.translator("nl")
    assert dutch._("Focusing until {time}", time="11:30") == "Focus tot 11:30"
    assert dutch.pgettext("button", "Open") == "Openen"
    assert sample.translator("nl-NL") is dutch
    assert not list(sample.directory.rglob("*.mo")), "the checkout is left as it was"


def test_a_compiled_mo_is_preferred_to_the_po(tmp_path: Path) -> None:
    directory = _locale_dir(tmp_path)
    folder = directory / "nl" / "LC_MESSAGES"
    shipped = _po(tmp_path, SAMPLE.replace("Focus tot", "Gefocust tot"), name="shipped.po")
    (folder / "kairos.mo").write_bytes(compile_po(shipped, "nl").getvalue())
    dutch = Catalogs(directory).translator("nl")
    assert dutch._("Focusing until {time}", time="11:30") == "Gefocust tot 11:30"


def test_a_message_without_a_translation_stays_english(sample: Catalogs) -> None:
    assert sample.translator("nl")._("Not translated, {name}", name="Ana") == "Not translated, Ana"
    assert sample.translator("nl").pgettext("link", "Open") == "Open"


@pytest.mark.parametrize(
    ("n", "dutch", "english"),
    [
        (0, "0 vermeldingen", "0 mentions"),
        (1, "1 vermelding", "1 mention"),
        (2, "2 vermeldingen", "2 mentions"),
    ],
)
def test_ngettext_chooses_the_form_for_n(
    sample: Catalogs, n: int, dutch: str, english: str
) -> None:
    assert sample.translator("nl").ngettext("{n} mention", "{n} mentions", n) == dutch
    assert sample.translator("en").ngettext("{n} mention", "{n} mentions", n) == english
    with speaking("nl"):  # the real catalog has no such message: English forms
        assert ngettext("{n} mention", "{n} mentions", n) == english


def test_a_translation_with_a_broken_placeholder_says_it_in_english(sample: Catalogs) -> None:
    assert sample.translator("nl")._("Back at {time}", time="09:00") == "Back at 09:00"


def test_a_message_formatted_without_its_values_fails_loudly() -> None:
    with pytest.raises(KeyError):
        translated("en")._("Focusing until {time}")
