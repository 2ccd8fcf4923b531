"""The admin section of App Home and its modals: within Slack's limits, filled in with the
current settings, and read back into typed changes (errors next to the input)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.cleanup.admin import (
    SUMMARY_CHANNEL,
    SUMMARY_DAY,
    SUMMARY_TIME,
    AdminSettings,
    SummaryChange,
    SummarySetting,
)
from bot.cleanup.admin_messages import (
    FOCUS_DAY_FIELD,
    JOINING_FIELD,
    MAX_SUMMARIES_SHOWN,
    NO_FOCUS_DAY,
    admin_section,
    focus_day_modal,
    joining_modal,
    read_focus_day,
    read_joining,
    read_summary,
    summary_modal,
)
from bot.cleanup.model import SummarySchedule
from bot.errors import KairosUserError, UnreadableValue
from bot.ids import Action, View
from bot.workspace.model import ChannelsMode
from tests.unit.view_checks import check_blocks, check_modal, texts

FRIDAY_3PM = SummarySetting("C0TEAM", SummarySchedule(4, 15 * 60, "Europe/Amsterdam"))
SETTINGS = AdminSettings(summaries=(FRIDAY_3PM,), focus_day=0, joining_all=False)


def _as_submitted(view: dict[str, Any]) -> dict[str, Any]:
    """view.state.values as Slack sends them when the modal is saved untouched."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        state: dict[str, Any] = {"type": element["type"]}
        if "initial_option" in element:
            state["selected_option"] = element["initial_option"]
        if "initial_time" in element:
            state["selected_time"] = element["initial_time"]
        if element["type"] == "conversations_select":
            state["selected_conversation"] = element.get("initial_conversation")
        values[block["block_id"]] = {element["action_id"]: state}
    return values


def test_the_section_shows_each_setting_with_a_button_within_slacks_limits() -> None:
    blocks = admin_section(SETTINGS)
    actions = check_blocks(blocks)
    assert actions == [
        Action.ADMIN_SUMMARY,
        Action.ADMIN_SUMMARY,
        Action.ADMIN_FOCUS_DAY,
        Action.ADMIN_JOINING,
    ]
    shown = texts(blocks)
    assert "<#C0TEAM>" in shown
    assert "every Friday at 15:00 (Europe/Amsterdam)" in shown
    assert "Monday" in shown
    assert "Only the channels it is invited to" in shown
    change = next(b for b in blocks if b.get("accessory", {}).get("value") == "C0TEAM")
    assert change["accessory"]["action_id"] == Action.ADMIN_SUMMARY


def test_the_section_with_nothing_set_yet() -> None:
    blocks = admin_section(AdminSettings(summaries=(), focus_day=None, joining_all=True))
    check_blocks(blocks)
    shown = texts(blocks)
    assert "No channel gets the weekly summary yet" in shown
    assert "*Focus day*\nnone" in shown
    assert "Every public channel" in shown


def test_many_summary_channels_are_listed_in_part() -> None:
    many = tuple(SummarySetting(f"C{n:04d}", SummarySchedule(n % 7, 600, "UTC")) for n in range(30))
    blocks = admin_section(AdminSettings(summaries=many, focus_day=None, joining_all=False))
    check_blocks(blocks)
    assert texts(blocks).count("*Weekly summary* in") == MAX_SUMMARIES_SHOWN
    assert f"…and {30 - MAX_SUMMARIES_SHOWN} more" in texts(blocks)


def test_the_summary_modal_reads_back_what_it_shows() -> None:
    view = summary_modal(FRIDAY_3PM)
    check_modal(view)
    assert view["callback_id"] == View.ADMIN_SUMMARY
    change = read_summary(_as_submitted(view), view["private_metadata"])
    assert change == SummaryChange("C0TEAM", 4, 15 * 60, replaces="C0TEAM")


def test_a_new_summary_starts_on_friday_afternoon_without_a_channel() -> None:
    view = summary_modal(None)
    check_modal(view)
    values = _as_submitted(view)
    with pytest.raises(KairosUserError) as caught:
        read_summary(values, view["private_metadata"])
    assert caught.value.field == SUMMARY_CHANNEL
    values[SUMMARY_CHANNEL]["value"]["selected_conversation"] = "C0NEW"
    assert read_summary(values, "") == SummaryChange("C0NEW", 4, 900, replaces=None)


@pytest.mark.parametrize(
    ("block", "state", "field"),
    [
        (SUMMARY_DAY, {"selected_option": {"value": "7"}}, SUMMARY_DAY),
        (SUMMARY_DAY, {"selected_option": None}, SUMMARY_DAY),
        (SUMMARY_TIME, {"selected_time": "24:00"}, SUMMARY_TIME),
        (SUMMARY_TIME, {"selected_time": None}, SUMMARY_TIME),
        (SUMMARY_CHANNEL, {"selected_conversation": "not a channel"}, SUMMARY_CHANNEL),
    ],
)
def test_a_bad_summary_input_is_an_error_next_to_it(
    block: str, state: dict[str, Any], field: str
) -> None:
    values = _as_submitted(summary_modal(FRIDAY_3PM))
    values[block]["value"] = state
    with pytest.raises(KairosUserError) as caught:
        read_summary(values, "C0TEAM")
    assert caught.value.field == field


@pytest.mark.parametrize("metadata", [None, "U0NOTACHANNEL", "C0" + "X" * 40, 5])
def test_forged_summary_metadata_is_refused(metadata: object) -> None:
    with pytest.raises(UnreadableValue):
        read_summary(_as_submitted(summary_modal(FRIDAY_3PM)), metadata)


@pytest.mark.parametrize("day", [None, 0, 4, 6])
def test_the_focus_day_modal_reads_back_what_it_shows(day: int | None) -> None:
    view = focus_day_modal(day)
    check_modal(view)
    assert view["callback_id"] == View.ADMIN_FOCUS_DAY
    assert read_focus_day(_as_submitted(view)) == day


@pytest.mark.parametrize("value", ["7", "-1", "friday", ""])
def test_a_bad_focus_day_is_an_error_next_to_it(value: str) -> None:
    values = {FOCUS_DAY_FIELD: {"value": {"selected_option": {"value": value}}}}
    with pytest.raises(KairosUserError) as caught:
        read_focus_day(values)
    assert caught.value.field == FOCUS_DAY_FIELD
    assert (
        read_focus_day({FOCUS_DAY_FIELD: {"value": {"selected_option": {"value": NO_FOCUS_DAY}}}})
        is None
    )


@pytest.mark.parametrize("joining_all", [True, False])
def test_the_joining_modal_reads_back_what_it_shows(joining_all: bool) -> None:
    view = joining_modal(joining_all)
    check_modal(view)
    assert view["callback_id"] == View.ADMIN_JOINING
    expected = ChannelsMode.ALL if joining_all else ChannelsMode.INVITED
    assert read_joining(_as_submitted(view)) is expected


@pytest.mark.parametrize("value", ["show", "", "ALL"])
def test_a_bad_joining_choice_is_an_error_next_to_it(value: str) -> None:
    with pytest.raises(KairosUserError) as caught:
        read_joining({JOINING_FIELD: {"value": {"selected_option": {"value": value}}}})
    assert caught.value.field == JOINING_FIELD
