"""tests/support/english_left.py finds an English sentence left in Dutch, and only that."""

from __future__ import annotations

from tests.support.english_left import english_left, word_runs

ENGLISH = "Kairos holds only the mentions of you. See `/focus help` or <#C0ROOM|room>."
DUTCH = "Kairos bewaart alleen de vermeldingen van jou. Zie `/focus help` of <#C0ROOM|room>."


def test_runs_are_lower_case_and_stop_at_markup_and_line_breaks() -> None:
    runs = word_runs("Focus ends\nat Noon <@U0ANA> today `/focus off` now", 2)
    assert runs == {("focus", "ends"), ("at", "noon")}


def test_english_left_in_the_dutch_is_found() -> None:
    half = DUTCH.replace("de vermeldingen van jou", "the mentions of you")
    assert english_left(ENGLISH, half, 4) == [("the", "mentions", "of", "you")]
    assert len(english_left(ENGLISH, ENGLISH, 4)) == 5  # the 8 words "Kairos holds … you. See"


def test_the_dutch_translation_passes_though_it_keeps_names_and_commands() -> None:
    assert english_left(ENGLISH, DUTCH, 4) == []
    assert english_left(ENGLISH, DUTCH, 2) == []


def test_data_the_test_put_in_is_left_out() -> None:
    english = "Feed at calendar example org is fine"
    dutch = "Agenda calendar example org is goed"
    assert english_left(english, dutch, 3) == [
        ("calendar", "example", "org"),
        ("example", "org", "is"),
    ]
    assert english_left(english, dutch, 3, leave_out=["calendar example org"]) == []
