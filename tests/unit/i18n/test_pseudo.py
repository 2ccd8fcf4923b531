"""The pseudo-translation marks every message and keeps what Slack and format() read."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n.catalog import Catalogs
from bot.i18n.pseudo import CLOSE, OPEN, pseudo

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Focusing until {time}"
msgstr ""

msgid "{n} message held"
msgid_plural "{n} messages held"
msgstr[0] ""
msgstr[1] ""

msgctxt "button"
msgid "Open"
msgstr ""
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Focusing until {time}", "⟦Fóçúśíñg úñtíl {time}⟧"),
        ("Ask <@U1> in <#C2|general>", "⟦Áśk <@U1> íñ <#C2|general>⟧"),
        (
            "Done :white_check_mark: see https://example.com/a",
            "⟦Dóñé :white_check_mark: śéé https://example.com/a⟧",
        ),
        ("A {{literal}} brace", "⟦Á {{lítérál}} bráçé⟧"),
        ("*Bold*\n_two_", "⟦*Bóld*\n_twó_⟧"),
    ],
)
def test_letters_change_and_what_slack_or_format_reads_does_not(text: str, expected: str) -> None:
    assert pseudo(text) == expected


@given(st.text(alphabet="abcxyz {}<>:_-*\n", max_size=40))
def test_every_message_is_marked_and_keeps_its_length(text: str) -> None:
    marked = pseudo(text)
    assert marked.startswith(OPEN)
    assert marked.endswith(CLOSE)
    assert len(marked) == len(text) + 2


def test_a_pseudo_catalog_speaks_every_message_of_the_template_marked(tmp_path: Path) -> None:
    (tmp_path / "kairos.pot").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "nl" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "nl" / "LC_MESSAGES" / "kairos.po").write_text(
        TEMPLATE.replace('"Content-Type', '"Language: nl\\n"\n"Content-Type'), encoding="utf-8"
    )
    catalogs = Catalogs(tmp_path, pseudo=True)
    dutch = catalogs.translator("nl")
    assert dutch._("Focusing until {time}", time="11:30") == "⟦Fóçúśíñg úñtíl 11:30⟧"
    assert dutch.ngettext(
        "{n} message held", "{n} messages held", 3
    ) == "⟦{n} méśśágéś héld⟧".replace("{n}", "3")
    assert dutch.ngettext("{n} message held", "{n} messages held", 1) == "⟦1 méśśágé héld⟧"
    assert dutch.pgettext("button", "Open") == "⟦Ópéñ⟧"
    # English stays the source text: only the translated languages are replaced.
    assert (
        catalogs.translator("en")._("Focusing until {time}", time="11:30") == "Focusing until 11:30"
    )


def test_the_real_template_pseudo_translates_and_formats() -> None:
    catalogs = Catalogs(ROOT / "bot" / "locale", pseudo=True)
    assert (
        catalogs.translator("nl")._("{date} at {time}", date="di", time="09:30") == "⟦di át 09:30⟧"
    )
