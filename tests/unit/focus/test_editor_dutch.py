"""The focus-hours form in Dutch: every text a person reads is translated, and the longer
Dutch still fits Slack's limits (title, submit and close 24 characters, labels 2,000,
placeholders 150, options and buttons 75); the English form is unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from bot.errors import KairosUserError
from bot.focus.editor import FOCUS_FIELD, MAX_LINES, parse_schedule_lines
from bot.focus.editor_form import (
    FOCUS,
    HOURS,
    PICK_ALL,
    PICK_DAYS,
    PICK_END,
    PICK_START,
    Draft,
    Problem,
    added,
    draft_of,
    field_id,
    pick_hint,
)
from bot.focus.editor_messages import editor_form
from bot.i18n import speaking
from tests.unit.view_checks import check_modal, texts

MON_FRI_SAT = "mon-fri 9:00-11:30\nsat 10:00-12:00"
OFFICE = "mon-fri 9:00-17:00"
# What the form shows as it is in every language: the blocks (bot/focus/text.py writes
# them) and the close button (bot/blocks.py's modal() names it for every modal).
SAME_IN_BOTH = {"Mon–Fri 09:00–11:30", "Sat 10:00–12:00", "Mon–Fri 09:00–17:00", "Cancel"}


def _texts(value: Any) -> list[str]:
    """Every text of a view, title and buttons included, in order."""
    return texts([value]).split("\n")


def _form(language: str, draft: Draft, problem_at: str | None = None) -> dict[str, Any]:
    """The form in a language, with the start time of `problem_at` (a kind) left out."""
    with speaking(language):
        problem = None
        if problem_at is not None:
            problem = Problem(field_id(problem_at, "start", draft), pick_hint(PICK_START))
        return editor_form(draft, problem)


@pytest.mark.parametrize("problem_at", [FOCUS, HOURS])
def test_every_text_of_the_form_is_dutch_and_fits_slacks_limits(problem_at: str) -> None:
    draft = draft_of(MON_FRI_SAT, OFFICE)
    english = _form("en", draft, problem_at)
    dutch = _form("nl", draft, problem_at)
    check_modal(dutch)
    assert english["blocks"]
    assert len(dutch["blocks"]) == len(english["blocks"])
    # Text by text, the Dutch form differs from the English one wherever words are shown.
    pairs = list(zip(_texts(english), _texts(dutch), strict=True))
    untranslated = [en for en, nl in pairs if en == nl and en not in SAME_IN_BOTH]
    assert untranslated == []
    shown = texts([dutch])
    assert dutch["title"]["text"] == "Focusuren"
    assert dutch["submit"]["text"] == "Opslaan"
    for words in ("*Focusblokken*", "*Werktijden*", "Focusblok toevoegen", "Bewerken als tekst"):
        assert words in shown
    assert ":warning: Kies een begintijd." in shown


def test_the_dutch_form_names_the_days_and_its_inputs_in_dutch() -> None:
    dutch = _form("nl", Draft())
    check_modal(dutch)
    inputs = [block for block in dutch["blocks"] if block["type"] == "input"]
    days = inputs[0]["element"]["options"]
    assert [option["text"]["text"] for option in days] == [
        "Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag", "Zondag",
    ]  # fmt: skip
    assert [option["value"] for option in days] == [str(day) for day in range(7)]
    labels = [block["label"]["text"] for block in inputs[:3]]
    assert labels == ["Dagen", "Van", "Tot"]
    assert inputs[1]["element"]["placeholder"]["text"] == "Begintijd"
    assert "Nog geen focusblokken" in texts(dutch["blocks"])
    assert "Geen werktijden ingesteld" in texts(dutch["blocks"])


def test_a_full_dutch_form_stays_within_slacks_limits() -> None:
    draft = Draft()
    for hour in range(MAX_LINES):
        for kind in (FOCUS, HOURS):
            values = {
                field_id(kind, "days", draft): {
                    "value": {"selected_options": [{"value": str(hour % 7)}]}
                },
                field_id(kind, "start", draft): {"value": {"selected_time": f"{hour:02d}:00"}},
                field_id(kind, "end", draft): {"value": {"selected_time": f"{hour:02d}:30"}},
            }
            draft, problem = added(draft, kind, values)
            assert problem is None
    with speaking("nl"):
        check_modal(editor_form(draft, Problem(field_id(FOCUS, "days", draft), PICK_ALL)))


def test_the_hints_are_the_english_constants_in_english_and_dutch_in_dutch() -> None:
    hints = (PICK_ALL, PICK_DAYS, PICK_START, PICK_END)
    with speaking("en"):
        assert [pick_hint(hint) for hint in hints] == list(hints)
    with speaking("nl"):
        dutch = [pick_hint(hint) for hint in hints]
    assert dutch[0].startswith("Kies de dagen")
    assert "Toevoegen" in dutch[0]
    assert dutch[1:] == ["Kies minstens één dag.", "Kies een begintijd.", "Kies een eindtijd."]


def test_adding_a_half_picked_block_says_what_to_fix_in_dutch() -> None:
    draft = Draft()
    only_times = {
        field_id(FOCUS, "start", draft): {"value": {"selected_time": "09:00"}},
        field_id(FOCUS, "end", draft): {"value": {"selected_time": "09:00"}},
    }
    with speaking("nl"):
        _, problem = added(draft, FOCUS, only_times)
        days = [{"value": "0"}]
        same = {**only_times, field_id(FOCUS, "days", draft): {"value": {"selected_options": days}}}
        _, same_time = added(draft, FOCUS, same)
    assert problem == Problem(field_id(FOCUS, "days", draft), "Kies minstens één dag.")
    assert same_time is not None
    assert same_time.message.startswith("Een blok kan niet eindigen wanneer het begint.")


def test_the_text_editor_refuses_bad_lines_in_dutch() -> None:
    too_many = "\n".join(["mon 9:00-10:00"] * (MAX_LINES + 1))
    with speaking("nl"), pytest.raises(KairosUserError) as caught:
        parse_schedule_lines(too_many, field=FOCUS_FIELD)
    assert caught.value.message == (
        "Dat zijn meer dan 20 regels; voeg dagen samen, zoals `mon-fri`."
    )
    assert caught.value.field == FOCUS_FIELD
    with speaking("nl"), pytest.raises(KairosUserError) as caught:
        parse_schedule_lines("mon 9:00-10:00\nstatus", field=FOCUS_FIELD)
    assert caught.value.message == "Regel 2 moet eruitzien als `mon-fri 9:00-11:00`."
    with speaking("nl"), pytest.raises(KairosUserError) as caught:
        parse_schedule_lines("mon 9:00-10:00\nmon 25:00-26:00", field=FOCUS_FIELD)
    assert caught.value.message.startswith("Regel 2: ")
    with speaking("en"), pytest.raises(KairosUserError) as caught:
        parse_schedule_lines("mon 9:00-10:00\nstatus", field=FOCUS_FIELD)
    assert caught.value.message == "Line 2 should look like `mon-fri 9:00-11:00`."
