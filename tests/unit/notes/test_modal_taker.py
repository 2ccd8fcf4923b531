"""The notes modal's note-taker choice (the organizer's), its metadata, reading it back, the
due-date rule's "today", and the notes' ids joined with bot/ids.py (every id a listener)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.i18n import speaking
from bot.ids import Action, View
from bot.notes.messages import NotesAction, NotesView
from bot.notes.modal import earliest_today, notes_modal
from bot.notes.model import NoteTaker
from bot.notes.taker_messages import (
    TAKER,
    TAKER_PERSON,
    ModalMetadata,
    TakerChoice,
    metadata,
    picked_taker,
    read_metadata,
)
from tests.support.english_left import english_left
from tests.unit.view_checks import check_modal, texts

SERIES = "acme-weekly-sync"
ANA = "U0ANA"


def _chosen(mode: str | None, person: str | None = None) -> dict[str, Any]:
    option = None if mode is None else {"text": {"type": "plain_text", "text": "x"}, "value": mode}
    return {
        TAKER: {"value": {"type": "static_select", "selected_option": option}},
        TAKER_PERSON: {"value": {"type": "users_select", "selected_user": person}},
    }


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def test_the_notes_ids_are_bot_ids_entries_so_each_has_a_listener() -> None:
    assert {str(a) for a in NotesAction} <= {str(a) for a in Action}
    assert {str(v) for v in NotesView} <= {str(v) for v in View}


def test_only_the_organizers_modal_asks_who_takes_the_notes() -> None:
    plain = notes_modal(7, "Weekly sync", "C0TEAM")
    assert TAKER not in _inputs(plain)
    assert plain["private_metadata"] == "7"
    chosen = TakerChoice(SERIES, NoteTaker.FIXED, ANA)
    view = notes_modal(7, "Weekly sync", "C0TEAM", taker=chosen)
    check_modal(view)
    inputs = _inputs(view)
    assert inputs[TAKER]["initial_option"]["value"] == "fixed"
    assert [o["value"] for o in inputs[TAKER]["options"]] == ["organizer", "fixed", "rotating"]
    assert inputs[TAKER_PERSON]["initial_user"] == ANA
    assert read_metadata(view["private_metadata"]) == ModalMetadata(7, chosen)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0",
        "-3",
        "1" * 19,
        "seven",
        "[]",
        json.dumps({"p": 7, "s": SERIES, "t": "boss", "f": None}),
        json.dumps({"p": 7, "s": "", "t": "organizer", "f": None}),
        json.dumps({"p": 7, "s": SERIES, "t": "fixed", "f": "not a user"}),
        json.dumps({"p": True, "s": SERIES, "t": "organizer", "f": None}),
        json.dumps({"p": "7", "s": "x" * 513, "t": "organizer", "f": None}),
    ],
)
def test_metadata_kairos_did_not_write_is_not_read(text: str) -> None:
    assert read_metadata(text) is None


def test_metadata_round_trips() -> None:
    for choice in (None, TakerChoice(SERIES), TakerChoice(SERIES, NoteTaker.ROTATING)):
        assert read_metadata(metadata(12, choice)) == ModalMetadata(12, choice)


def test_a_changed_choice_is_picked_an_unchanged_one_is_not() -> None:
    opened = TakerChoice(SERIES)
    assert picked_taker(_chosen("organizer"), opened) is None
    assert picked_taker(_chosen("rotating", ANA), opened) == TakerChoice(
        SERIES, NoteTaker.ROTATING, None
    )
    assert picked_taker(_chosen("fixed", ANA), opened) == TakerChoice(SERIES, NoteTaker.FIXED, ANA)
    fixed = TakerChoice(SERIES, NoteTaker.FIXED, ANA)
    assert picked_taker(_chosen("fixed", ANA), fixed) is None
    assert picked_taker(_chosen("fixed", "U0BOB"), fixed) == TakerChoice(
        SERIES, NoteTaker.FIXED, "U0BOB"
    )


def test_one_person_without_a_person_is_answered_on_the_field() -> None:
    errors = picked_taker(_chosen("fixed"), TakerChoice(SERIES))
    assert isinstance(errors, dict)
    assert set(errors) == {TAKER_PERSON}
    assert "Pick the person" in errors[TAKER_PERSON]


@pytest.mark.parametrize("mode", [None, "boss"])
def test_nothing_readable_chosen_keeps_the_series_as_it_is(mode: str | None) -> None:
    assert picked_taker(_chosen(mode, ANA), TakerChoice(SERIES)) is None
    assert picked_taker({TAKER: "garbage"}, TakerChoice(SERIES)) is None


def test_a_modal_without_the_choice_picks_nothing() -> None:
    assert picked_taker(_chosen("rotating"), None) is None


@pytest.mark.parametrize(
    ("now", "today"),
    [
        # Noon UTC: it is still the same day in the last zone (UTC-12).
        (datetime(2026, 12, 4, 12, 0, tzinfo=UTC), date(2026, 12, 4)),
        # 11:59 UTC: the last zone is still on the day before; someone there may pick it.
        (datetime(2026, 12, 4, 11, 59, tzinfo=UTC), date(2026, 12, 3)),
    ],
)
def test_a_date_is_past_once_it_has_passed_everywhere(now: datetime, today: date) -> None:
    assert earliest_today(now) == today


def test_the_choice_in_dutch() -> None:
    choice = TakerChoice(SERIES, NoteTaker.ROTATING)
    english = texts(notes_modal(7, "Weekly sync", None, taker=choice)["blocks"][-4:])
    with speaking("nl"):
        view = notes_modal(7, "Weekly sync", None, taker=choice)
        errors = picked_taker(_chosen("fixed"), TakerChoice(SERIES))
    check_modal(view)
    dutch = texts(view["blocks"][-4:])
    assert "notulist" in dutch
    assert "om de beurt" in dutch
    assert english_left(english, dutch, 3, leave_out=["Weekly sync"]) == []
    assert isinstance(errors, dict)
    assert errors[TAKER_PERSON] == "Kies wie de notulen maakt."
