"""The setup modal in its edit mode: filled in with a check-in's plan (its set or its own
questions, people, days, time and due), so that saving it unchanged gives the same plan back;
it carries the check-in's id; in English and in Dutch, within Slack's limits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest

from bot.checkins.model import Cadence, CheckInPlan, QuestionSet, questions_of
from bot.checkins.setup_messages import (
    Editing,
    SetupDefaults,
    checkin_of,
    parse_setup,
    series_key,
    setup_modal,
)
from bot.i18n import speaking
from bot.ids import View
from tests.support.english_left import english_left
from tests.unit.checkins.test_messages import submitted
from tests.unit.view_checks import check_modal, texts

CADENCE = Cadence(frozenset({1, 3}), time(14, 15), "America/New_York", 2, date(2026, 11, 30))
PEOPLE = tuple(f"U{n:04d}" for n in range(50))
OWN = ("What shipped?", "What is stuck?")
PLAN = CheckInPlan("Τίτλος", "G0PRIV", OWN, QuestionSet.CUSTOM, PEOPLE[:3], CADENCE, 480)
RETRO = replace(PLAN, question_set=QuestionSet.RETRO, questions=questions_of(QuestionSet.RETRO))


def _modal(plan: CheckInPlan, checkin_id: int = 42) -> dict:
    defaults = SetupDefaults("series-9", plan.title, plan.channel_id, plan.people, plan.cadence)
    return setup_modal(defaults, Editing(checkin_id, plan))


@pytest.mark.parametrize(
    "plan", [PLAN, RETRO, replace(PLAN, people=PEOPLE, due_working_minutes=120)]
)
def test_saving_the_edit_modal_unchanged_gives_the_plan_back(plan: CheckInPlan) -> None:
    view = _modal(plan)
    check_modal(view)
    assert parse_setup(submitted(view), view["private_metadata"]) == plan
    assert checkin_of(view["private_metadata"]) == 42
    assert series_key(view["private_metadata"]) == "series-9"


def test_the_edit_modal_is_filled_in_with_the_plan() -> None:
    view = _modal(PLAN)
    assert view["callback_id"] == View.CHECKIN_EDIT
    assert view["title"]["text"] == "Edit check-in"
    assert view["submit"]["text"] == "Save"
    assert view["blocks"][0]["text"]["text"].startswith(
        "Change *Τίτλος*: the rounds still to come follow what you save here."
    )
    by_block = {b.get("block_id"): b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert by_block["question_set"]["initial_option"]["value"] == "custom"
    assert by_block["question_1"]["initial_value"] == "What shipped?"
    assert by_block["question_2"]["initial_value"] == "What is stuck?"
    assert "initial_value" not in by_block["question_3"]
    assert by_block["due"]["initial_option"]["value"] == "480"
    assert by_block["time"]["initial_time"] == "14:15"
    assert [o["value"] for o in by_block["weekdays"]["initial_options"]] == ["1", "3"]
    assert by_block["channel"]["initial_conversation"] == "G0PRIV"
    # A ready-made set: its questions are the set's, none typed in.
    retro = {
        b.get("block_id"): b["element"] for b in _modal(RETRO)["blocks"] if b["type"] == "input"
    }
    assert retro["question_set"]["initial_option"]["value"] == "retro"
    assert "initial_value" not in retro["question_1"]


def test_an_edit_changes_what_was_picked() -> None:
    view = _modal(PLAN)
    state = submitted(
        view,
        question_set={"selected_option": {"value": "standup"}},
        question_1={"value": None},
        question_2={"value": None},
        people={"selected_users": ["U0NEW"]},
        channel={"selected_conversation": "C0ELSE"},
    )
    plan = parse_setup(state, view["private_metadata"])
    assert plan == replace(
        PLAN,
        channel_id="C0ELSE",
        question_set=QuestionSet.STANDUP,
        questions=questions_of(QuestionSet.STANDUP),
        people=("U0NEW",),
    )


@pytest.mark.parametrize(
    "metadata",
    [
        "not json",
        json.dumps({"series": "", "title": "T", "zone": "UTC", "every": 1}),
        json.dumps({"series": "", "title": "T", "zone": "UTC", "every": 1, "checkin": "7"}),
        json.dumps({"series": "", "title": "T", "zone": "UTC", "every": 1, "checkin": True}),
        json.dumps({"series": "", "title": "T", "zone": "UTC", "every": 1, "checkin": -3}),
    ],
)
def test_only_a_real_check_in_id_is_read_from_the_metadata(metadata: str) -> None:
    assert checkin_of(metadata) is None


def test_a_new_check_in_modal_carries_no_check_in() -> None:
    view = setup_modal(SetupDefaults("s", "T", "C0T", ("U1",), CADENCE))
    assert checkin_of(view["private_metadata"]) is None
    assert view["callback_id"] == View.CHECKIN_SETUP


def test_the_dutch_edit_modal_gives_the_same_plan_and_keeps_no_english_sentence() -> None:
    english = _modal(PLAN)
    with speaking("nl"):
        view = _modal(PLAN)
        plan = parse_setup(submitted(view), view["private_metadata"])
    check_modal(view)
    assert plan == PLAN
    assert view["title"]["text"] == "Check-in aanpassen"
    assert view["submit"]["text"] == "Opslaan"
    assert view["blocks"][0]["text"]["text"].startswith("*Τίτλος* aanpassen: de rondes")
    assert english_left(texts(english["blocks"]), texts(view["blocks"]), 4) == []
