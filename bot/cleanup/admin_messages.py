"""The admin section of App Home and its modals (pure Block Kit), and reading what a modal
submitted into a typed change (a KairosUserError next to the input when it is wrong)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.blocks import modal
from bot.cleanup.admin import (
    SUMMARY_CHANNEL,
    SUMMARY_DAY,
    SUMMARY_TIME,
    AdminSettings,
    SummaryChange,
    SummarySetting,
)
from bot.cleanup.config import schedule_text
from bot.cleanup.model import WEEKDAYS
from bot.errors import KairosUserError, UnreadableValue
from bot.ids import CHANNEL_ID, Action, View
from bot.workspace.messages import NOT_SEEN
from bot.workspace.model import ChannelsMode

# The action_id of every input in these modals (their block_ids tell them apart).
ADMIN_INPUT = "value"
FOCUS_DAY_FIELD = "focus_day"
JOINING_FIELD = "joining"
NO_FOCUS_DAY = "none"
# A Home tab holds 100 blocks; a workspace with more summary channels is listed in part.
MAX_SUMMARIES_SHOWN = 10
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")

JOINING_CHOICES = {
    ChannelsMode.ALL: "Every public channel, and each new one",
    ChannelsMode.INVITED: "Only the channels it is invited to",
}


def admin_section(settings: AdminSettings) -> list[dict[str, Any]]:
    """The Home tab's admin section: each setting, with a button that changes it."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Workspace settings"}},
        _context("Only workspace admins see this. The `/kairos` commands work as before."),
    ]
    shown = settings.summaries[:MAX_SUMMARIES_SHOWN]
    if not shown:
        blocks.append(_section("*Weekly summary*\nNo channel gets the weekly summary yet."))
    for setting in shown:
        text = f"*Weekly summary* in <#{setting.channel_id}>\n{schedule_text(setting.schedule)}"
        blocks.append(_section(text, _button(Action.ADMIN_SUMMARY, "Change", setting.channel_id)))
    hidden = len(settings.summaries) - len(shown)
    if hidden:
        blocks.append(
            _context(f"…and {hidden} more. `/kairos summary` in a channel shows its own.")
        )
    blocks.append(
        {
            "type": "actions",
            "elements": [_button(Action.ADMIN_SUMMARY, "Add a summary channel", "")],
        }
    )
    day = "none" if settings.focus_day is None else WEEKDAYS[settings.focus_day]
    blocks.append(_section(f"*Focus day*\n{day}", _button(Action.ADMIN_FOCUS_DAY, "Change", "")))
    mode = ChannelsMode.ALL if settings.joining_all else ChannelsMode.INVITED
    blocks.append(
        _section(
            f"*Channels Kairos joins*\n{JOINING_CHOICES[mode]}",
            _button(Action.ADMIN_JOINING, "Change", ""),
        )
    )
    return blocks


def summary_modal(setting: SummarySetting | None) -> dict[str, Any]:
    """Where and when the weekly summary is posted: a new channel, or `setting` changed."""
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": ADMIN_INPUT,
        "placeholder": _plain("Pick a channel"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    weekday, minute = (4, 15 * 60) if setting is None else (
        setting.schedule.weekday, setting.schedule.minute
    )  # fmt: skip
    if setting is not None:
        channel["initial_conversation"] = setting.channel_id
    day = _weekday_select(WEEKDAYS[weekday], str(weekday), with_none=False)
    time = {
        "type": "timepicker",
        "action_id": ADMIN_INPUT,
        "initial_time": f"{minute // 60:02d}:{minute % 60:02d}",
    }
    blocks = [
        _input(SUMMARY_CHANNEL, "Channel", channel, hint="Invite Kairos to a private one first."),
        _input(SUMMARY_DAY, "Day", day),
        _input(SUMMARY_TIME, "Time", time, hint="In your own time zone."),
    ]
    metadata = "" if setting is None else setting.channel_id
    return modal(str(View.ADMIN_SUMMARY), "Weekly summary", blocks, private_metadata=metadata)


def focus_day_modal(day: int | None) -> dict[str, Any]:
    """The team's meeting-free weekday, or none."""
    if day is None:
        select = _weekday_select("No focus day", NO_FOCUS_DAY, with_none=True)
    else:
        select = _weekday_select(WEEKDAYS[day], str(day), with_none=True)
    hint = "The weekly summary points out meetings on that day, so they can move."
    blocks = [_input(FOCUS_DAY_FIELD, "Focus day", select, hint=hint)]
    return modal(str(View.ADMIN_FOCUS_DAY), "Focus day", blocks)


def joining_modal(joining_all: bool) -> dict[str, Any]:
    """Whether Kairos joins every public channel or only those it is invited to."""
    options = [{"text": _plain(text), "value": str(mode)} for mode, text in JOINING_CHOICES.items()]
    chosen = options[0] if joining_all else options[1]
    radio = {
        "type": "radio_buttons",
        "action_id": ADMIN_INPUT,
        "options": options,
        "initial_option": chosen,
    }
    blocks = [
        _input(JOINING_FIELD, "Kairos joins", radio),
        _context("Kairos holds mentions only where it is. " + NOT_SEEN),
    ]
    return modal(str(View.ADMIN_JOINING), "Channels Kairos joins", blocks)


def read_summary(values: Mapping[str, Any], metadata: object) -> SummaryChange:
    """The summary modal's submission; its metadata names the channel it was opened for."""
    if not isinstance(metadata, str) or (metadata and not CHANNEL_ID.fullmatch(metadata)):
        raise UnreadableValue(field=SUMMARY_CHANNEL)
    channel = _state(values, SUMMARY_CHANNEL).get("selected_conversation")
    if not isinstance(channel, str) or not CHANNEL_ID.fullmatch(channel):
        raise KairosUserError("Pick the channel for the summary.", field=SUMMARY_CHANNEL)
    day = _option(values, SUMMARY_DAY)
    if day is None or not day.isdigit() or int(day) >= len(WEEKDAYS):
        raise KairosUserError("Pick the day, Monday to Sunday.", field=SUMMARY_DAY)
    time = _state(values, SUMMARY_TIME).get("selected_time")
    match = _TIME.fullmatch(time) if isinstance(time, str) else None
    if match is None:
        raise KairosUserError("Pick a time, like 15:00.", field=SUMMARY_TIME)
    minute = int(match[1]) * 60 + int(match[2])
    return SummaryChange(channel, int(day), minute, replaces=metadata or None)


def read_focus_day(values: Mapping[str, Any]) -> int | None:
    """The focus day modal's submission: a weekday (0 = Monday), or None for none."""
    day = _option(values, FOCUS_DAY_FIELD)
    if day == NO_FOCUS_DAY:
        return None
    if day is None or not day.isdigit() or int(day) >= len(WEEKDAYS):
        raise KairosUserError("Pick a day, or No focus day.", field=FOCUS_DAY_FIELD)
    return int(day)


def read_joining(values: Mapping[str, Any]) -> ChannelsMode:
    """The joining modal's submission: all public channels, or invited only."""
    mode = _option(values, JOINING_FIELD)
    if mode not in (ChannelsMode.ALL, ChannelsMode.INVITED):
        raise KairosUserError("Pick one of the two.", field=JOINING_FIELD)
    return ChannelsMode(mode)


def _state(values: Mapping[str, Any], block_id: str) -> Mapping[str, Any]:
    block = values.get(block_id)
    element = block.get(ADMIN_INPUT) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def _option(values: Mapping[str, Any], block_id: str) -> str | None:
    option = _state(values, block_id).get("selected_option")
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) and len(value) <= 20 else None


def _weekday_select(initial_text: str, initial_value: str, *, with_none: bool) -> dict[str, Any]:
    options = [{"text": _plain(name), "value": str(day)} for day, name in enumerate(WEEKDAYS)]
    if with_none:
        options.append({"text": _plain("No focus day"), "value": NO_FOCUS_DAY})
    return {
        "type": "static_select",
        "action_id": ADMIN_INPUT,
        "options": options,
        "initial_option": {"text": _plain(initial_text), "value": initial_value},
    }


def _input(
    block_id: str, label: str, element: dict[str, Any], *, hint: str | None = None
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": element,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def _button(action_id: str, text: str, value: str) -> dict[str, Any]:
    button = {"type": "button", "action_id": str(action_id), "text": _plain(text)}
    if value:
        button["value"] = value
    return button


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _section(text: str, accessory: dict[str, Any] | None = None) -> dict[str, Any]:
    section: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if accessory is not None:
        section["accessory"] = accessory
    return section


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
