"""The focus-hours form: its draft, what Add, Remove and Save do to it, and its modal within
Slack's limits."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.errors import KairosUserError, UnreadableValue
from bot.focus.editor import MAX_LINES, schedule_lines
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
    metadata,
    parse_metadata,
    remove_value,
    removed,
    submitted,
)
from bot.focus.editor_messages import editor_form
from bot.focus.schedule import add_windows
from bot.ids import Action, View
from tests.unit.view_checks import check_modal, texts

MON_FRI = (0, 1, 2, 3, 4)


def _picked(
    draft: Draft, kind: str, days: list[int] | None, start: str | None, end: str | None
) -> dict[str, Any]:
    """view.state.values as Slack sends them for the add inputs of one kind."""
    return {
        field_id(kind, "days", draft): {
            "value": {
                "type": "checkboxes",
                "selected_options": [
                    {"text": {"type": "plain_text", "text": str(d)}, "value": str(d)}
                    for d in days or []
                ],
            }
        },
        field_id(kind, "start", draft): {"value": {"type": "timepicker", "selected_time": start}},
        field_id(kind, "end", draft): {"value": {"type": "timepicker", "selected_time": end}},
    }


def _untouched(draft: Draft) -> dict[str, Any]:
    """view.state.values of a form saved with nothing picked (Slack sends every input)."""
    return {**_picked(draft, FOCUS, None, None, None), **_picked(draft, HOURS, None, None, None)}


def _draft() -> Draft:
    return draft_of("mon-fri 09:00-11:30\nsat 10:00-12:00", "mon-fri 09:00-17:00")


def test_the_draft_travels_in_the_metadata_and_back() -> None:
    draft = _draft()
    assert schedule_lines(draft.blocks).splitlines() == ["mon-fri 09:00-11:30", "sat 10:00-12:00"]
    assert parse_metadata(metadata(draft)) == draft


@pytest.mark.parametrize(
    "forged",
    [
        None,
        "",
        "[]",
        "{",
        '{"f":"","h":""}',
        '{"f":"now 90m","h":"","n":[0,0]}',
        '{"f":"mon 25:00-26:00","h":"","n":[0,0]}',
        '{"f":"","h":"","n":[0]}',
        '{"f":"","h":"","n":[-1,0]}',
        '{"f":"","h":"","n":[true,0]}',
        '{"f":3,"h":"","n":[0,0]}',
        "[" * 5000,
    ],
)
def test_metadata_kairos_did_not_write_is_refused(forged: object) -> None:
    with pytest.raises(UnreadableValue):
        parse_metadata(forged)


def test_add_puts_the_picked_block_in_the_draft_and_clears_the_inputs() -> None:
    draft = _draft()
    after, problem = added(draft, FOCUS, _picked(draft, FOCUS, [6], "22:00", "02:00"))
    assert problem is None
    # Sunday night into Monday: the grammar's overnight block, as `/focus sun 22:00-02:00`.
    assert after.blocks == add_windows(draft.blocks, (6,), 22 * 60, 2 * 60)
    assert after.hours == draft.hours
    assert field_id(FOCUS, "days", after) != field_id(FOCUS, "days", draft)
    assert field_id(HOURS, "days", after) == field_id(HOURS, "days", draft)


def test_add_to_working_hours_leaves_focus_blocks_alone() -> None:
    draft = Draft()
    after, problem = added(draft, HOURS, _picked(draft, HOURS, [5, 6], "10:00", "00:00"))
    assert problem is None
    assert schedule_lines(after.hours) == "sat,sun 10:00-24:00"
    assert after.blocks == ()


@pytest.mark.parametrize(
    ("days", "start", "end", "part", "message"),
    [
        (None, None, None, "days", PICK_ALL),
        (None, "09:00", "10:00", "days", PICK_DAYS),
        ([0], None, "10:00", "start", PICK_START),
        ([0], "09:00", None, "end", PICK_END),
        ([0], "09:00", "09:00", "end", "can't end when it starts"),
    ],
)
def test_add_with_something_missing_changes_nothing_and_says_where(
    days: list[int] | None, start: str | None, end: str | None, part: str, message: str
) -> None:
    draft = _draft()
    after, problem = added(draft, FOCUS, _picked(draft, FOCUS, days, start, end))
    assert after == draft
    assert problem is not None
    assert problem.field == field_id(FOCUS, part, draft)
    assert message in problem.message


def test_add_stops_at_the_most_blocks_a_list_shows() -> None:
    draft = Draft()
    for hour in range(MAX_LINES):
        values = _picked(draft, FOCUS, [hour % 7], f"{hour:02d}:00", f"{hour:02d}:30")
        draft, problem = added(draft, FOCUS, values)
        assert problem is None
    more, problem = added(draft, FOCUS, _picked(draft, FOCUS, [0], "23:40", "23:50"))
    assert more == draft
    assert problem is not None
    assert f"more than {MAX_LINES}" in problem.message


@pytest.mark.parametrize(
    "values",
    [
        {"focus.days.0": {"value": {"selected_options": [{"value": "7"}]}}},
        {"focus.days.0": {"value": {"selected_options": "0"}}},
        {"focus.start.0": {"value": {"selected_time": "25:00"}}},
        {"focus.end.0": {"value": {"selected_time": 900}}},
    ],
)
def test_forged_inputs_are_refused(values: dict[str, Any]) -> None:
    with pytest.raises(UnreadableValue):
        added(Draft(), FOCUS, values)


def test_remove_takes_out_exactly_the_named_block() -> None:
    draft = _draft()
    saturday = next(spec for spec in draft.specs(FOCUS) if spec.days == (5,))
    after = removed(draft, remove_value(FOCUS, saturday))
    assert schedule_lines(after.blocks) == "mon-fri 09:00-11:30"
    assert after.hours == draft.hours
    hours = removed(draft, "hours:mon-fri 09:00-17:00")
    assert hours.hours == ()


@pytest.mark.parametrize("value", ["", "focus", "other:mon 09:00-10:00", "focus:now 90m"])
def test_a_remove_value_kairos_did_not_make_is_refused(value: str) -> None:
    with pytest.raises(UnreadableValue):
        removed(_draft(), value)


def test_save_counts_a_block_picked_but_not_added() -> None:
    draft = _draft()
    values = {**_untouched(draft), **_picked(draft, HOURS, [5], "10:00", "12:00")}
    saved = submitted(draft, values)
    assert saved.blocks == draft.blocks
    assert saved.hours == add_windows(draft.hours, (5,), 600, 720)
    assert submitted(draft, _untouched(draft)) == draft


@pytest.mark.parametrize("missing", ["focus.days.0", "hours.end.0"])
def test_save_without_every_input_is_refused(missing: str) -> None:
    # Slack sends them all: a cut payload must not pass for "nothing picked".
    draft = _draft()
    values = _untouched(draft)
    del values[missing]
    with pytest.raises(UnreadableValue):
        submitted(draft, values)


def test_save_with_a_half_picked_block_is_an_error_next_to_its_input() -> None:
    draft = _draft()
    with pytest.raises(KairosUserError) as caught:
        submitted(draft, {**_untouched(draft), **_picked(draft, FOCUS, [2], "09:00", None)})
    assert caught.value.field == field_id(FOCUS, "end", draft)


# ---- the modal


def test_the_form_lists_each_block_with_a_remove_button_within_slacks_limits() -> None:
    draft = _draft()
    view = editor_form(draft)
    actions = check_modal(view)
    assert view["callback_id"] == View.FOCUS_FORM
    assert parse_metadata(view["private_metadata"]) == draft
    removes = [
        b["accessory"]["value"]
        for b in view["blocks"]
        if b.get("accessory", {}).get("action_id") == Action.FOCUS_FORM_REMOVE
    ]
    assert removes == [
        "focus:mon-fri 09:00-11:30",
        "focus:sat 10:00-12:00",
        "hours:mon-fri 09:00-17:00",
    ]
    assert actions.count(Action.FOCUS_FORM_ADD) == 2
    assert Action.FOCUS_FORM_AS_TEXT in actions
    shown = texts(view["blocks"])
    assert "Mon–Fri 09:00–11:30" in shown
    assert "Sat 10:00–12:00" in shown
    inputs = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs == {
        "focus.days.0": "checkboxes",
        "focus.start.0": "timepicker",
        "focus.end.0": "timepicker",
        "hours.days.0": "checkboxes",
        "hours.start.0": "timepicker",
        "hours.end.0": "timepicker",
    }


def test_an_empty_draft_says_so() -> None:
    view = editor_form(Draft())
    check_modal(view)
    assert "No focus blocks yet" in texts(view["blocks"])
    assert "No working hours set" in texts(view["blocks"])


def test_a_problem_is_shown_right_under_its_input() -> None:
    draft = _draft()
    field = field_id(HOURS, "start", draft)
    view = editor_form(draft, Problem(field, PICK_START))
    check_modal(view)
    ids = [b.get("block_id") for b in view["blocks"]]
    after = view["blocks"][ids.index(field) + 1]
    assert after["type"] == "context"
    assert PICK_START in after["elements"][0]["text"]


def test_a_full_draft_stays_within_slacks_limits() -> None:
    draft = Draft()
    for hour in range(MAX_LINES):
        for kind in (FOCUS, HOURS):
            values = _picked(draft, kind, [hour % 7], f"{hour:02d}:00", f"{hour:02d}:30")
            draft, problem = added(draft, kind, values)
            assert problem is None
    view = editor_form(draft, Problem(field_id(FOCUS, "days", draft), PICK_DAYS))
    check_modal(view)
    assert len(view["private_metadata"]) <= 3000


def test_a_draft_too_large_to_carry_opens_as_text() -> None:
    # Many distinct blocks only `/focus` could have made; the form cannot carry them.
    lines = [f"{day} {h:02d}:{m + n:02d}-{h:02d}:{m + n + 5:02d}"
             for n, day in enumerate(("mon", "tue", "wed", "thu", "fri"))
             for h in range(24) for m in (0, 20, 40)]  # fmt: skip
    draft = draft_of("\n".join(lines), "")
    assert len(metadata(draft)) > 3000
    view = editor_form(draft)
    assert view["callback_id"] == View.FOCUS_EDITOR
    assert json.dumps(view)
