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
from bot.cleanup.messages import weekday_name
from bot.cleanup.model import WEEKDAYS
from bot.errors import KairosUserError, UnreadableValue
from bot.i18n import _, pgettext
from bot.ids import CHANNEL_ID, Action, View
from bot.workspace.messages import not_seen
from bot.workspace.model import ChannelsMode

# The action_id of every input in these modals (their block_ids tell them apart).
ADMIN_INPUT = "value"
FOCUS_DAY_FIELD = "focus_day"
JOINING_FIELD = "joining"
NO_FOCUS_DAY = "none"
# A Home tab holds 100 blocks; a workspace with more summary channels is listed in part.
MAX_SUMMARIES_SHOWN = 10
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def joining_choice(mode: ChannelsMode) -> str:
    """Which channels Kairos joins, as the admin section and its modal word it."""
    if mode is ChannelsMode.ALL:
        return _("Every public channel, and each new one")
    return _("Only the channels it is invited to")


def _change() -> str:
    # TRANSLATORS: a button next to a workspace setting.
    return pgettext("admin setting", "Change")


def _day(day: int) -> str:
    """A weekday on its own (an option, a setting's value): capitalized, as a label is."""
    name = weekday_name(day)
    return name[:1].upper() + name[1:]


def admin_section(settings: AdminSettings) -> list[dict[str, Any]]:
    """The Home tab's admin section: each setting, with a button that changes it."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _("Workspace settings")}},
        _context(_("Only workspace admins see this. The `/kairos` commands work as before.")),
    ]
    shown = settings.summaries[:MAX_SUMMARIES_SHOWN]
    if not shown:
        blocks.append(_section(_("*Weekly summary*\nNo channel gets the weekly summary yet.")))
    for setting in shown:
        text = _(
            "*Weekly summary* in <#{channel}>\n{schedule}",
            channel=setting.channel_id,
            schedule=schedule_text(setting.schedule),
        )
        blocks.append(_section(text, _button(Action.ADMIN_SUMMARY, _change(), setting.channel_id)))
    hidden = len(settings.summaries) - len(shown)
    if hidden:
        blocks.append(
            _context(
                _(
                    "…and {hidden} more. `/kairos summary` in a channel shows its own.",
                    hidden=hidden,
                )
            )
        )
    blocks.append(
        {
            "type": "actions",
            "elements": [_button(Action.ADMIN_SUMMARY, _("Add a summary channel"), "")],
        }
    )
    # TRANSLATORS: the focus day setting's value when the team has none.
    none = pgettext("focus day", "none")
    day = none if settings.focus_day is None else _day(settings.focus_day)
    blocks.append(
        _section(_("*Focus day*\n{day}", day=day), _button(Action.ADMIN_FOCUS_DAY, _change(), ""))
    )
    mode = ChannelsMode.ALL if settings.joining_all else ChannelsMode.INVITED
    blocks.append(
        _section(
            _("*Channels Kairos joins*\n{choice}", choice=joining_choice(mode)),
            _button(Action.ADMIN_JOINING, _change(), ""),
        )
    )
    return blocks


def summary_modal(setting: SummarySetting | None) -> dict[str, Any]:
    """Where and when the weekly summary is posted: a new channel, or `setting` changed."""
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": ADMIN_INPUT,
        "placeholder": _plain(_("Pick a channel")),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    weekday, minute = (4, 15 * 60) if setting is None else (
        setting.schedule.weekday, setting.schedule.minute
    )  # fmt: skip
    if setting is not None:
        channel["initial_conversation"] = setting.channel_id
    day = _weekday_select(_day(weekday), str(weekday), with_none=False)
    time = {
        "type": "timepicker",
        "action_id": ADMIN_INPUT,
        "initial_time": f"{minute // 60:02d}:{minute % 60:02d}",
    }
    blocks = [
        _input(
            SUMMARY_CHANNEL,
            _("Channel"),
            channel,
            hint=_("Invite Kairos to a private one first."),
        ),
        _input(SUMMARY_DAY, _("Day"), day),
        _input(SUMMARY_TIME, _("Time"), time, hint=_("In your own time zone.")),
    ]
    metadata = "" if setting is None else setting.channel_id
    return modal(str(View.ADMIN_SUMMARY), _("Weekly summary"), blocks, private_metadata=metadata)


def focus_day_modal(day: int | None) -> dict[str, Any]:
    """The team's meeting-free weekday, or none."""
    if day is None:
        select = _weekday_select(_("No focus day"), NO_FOCUS_DAY, with_none=True)
    else:
        select = _weekday_select(_day(day), str(day), with_none=True)
    hint = _("The weekly summary points out meetings on that day, so they can move.")
    blocks = [_input(FOCUS_DAY_FIELD, _("Focus day"), select, hint=hint)]
    return modal(str(View.ADMIN_FOCUS_DAY), _("Focus day"), blocks)


def joining_modal(joining_all: bool) -> dict[str, Any]:
    """Whether Kairos joins every public channel or only those it is invited to."""
    options = [
        {"text": _plain(joining_choice(mode)), "value": str(mode)}
        for mode in (ChannelsMode.ALL, ChannelsMode.INVITED)
    ]
    chosen = options[0] if joining_all else options[1]
    radio = {
        "type": "radio_buttons",
        "action_id": ADMIN_INPUT,
        "options": options,
        "initial_option": chosen,
    }
    blocks = [
        _input(JOINING_FIELD, _("Kairos joins"), radio),
        _context(_("Kairos holds mentions only where it is.") + " " + not_seen()),
    ]
    return modal(str(View.ADMIN_JOINING), _("Channels Kairos joins"), blocks)


def read_summary(values: Mapping[str, Any], metadata: object) -> SummaryChange:
    """The summary modal's submission; its metadata names the channel it was opened for."""
    if not isinstance(metadata, str) or (metadata and not CHANNEL_ID.fullmatch(metadata)):
        raise UnreadableValue(field=SUMMARY_CHANNEL)
    channel = _state(values, SUMMARY_CHANNEL).get("selected_conversation")
    if not isinstance(channel, str) or not CHANNEL_ID.fullmatch(channel):
        raise KairosUserError(_("Pick the channel for the summary."), field=SUMMARY_CHANNEL)
    day = _option(values, SUMMARY_DAY)
    if day is None or not day.isdigit() or int(day) >= len(WEEKDAYS):
        raise KairosUserError(_("Pick the day, Monday to Sunday."), field=SUMMARY_DAY)
    time = _state(values, SUMMARY_TIME).get("selected_time")
    match = _TIME.fullmatch(time) if isinstance(time, str) else None
    if match is None:
        raise KairosUserError(_("Pick a time, like 15:00."), field=SUMMARY_TIME)
    minute = int(match[1]) * 60 + int(match[2])
    return SummaryChange(channel, int(day), minute, replaces=metadata or None)


def read_focus_day(values: Mapping[str, Any]) -> int | None:
    """The focus day modal's submission: a weekday (0 = Monday), or None for none."""
    day = _option(values, FOCUS_DAY_FIELD)
    if day == NO_FOCUS_DAY:
        return None
    if day is None or not day.isdigit() or int(day) >= len(WEEKDAYS):
        raise KairosUserError(_("Pick a day, or No focus day."), field=FOCUS_DAY_FIELD)
    return int(day)


def read_joining(values: Mapping[str, Any]) -> ChannelsMode:
    """The joining modal's submission: all public channels, or invited only."""
    mode = _option(values, JOINING_FIELD)
    if mode not in (ChannelsMode.ALL, ChannelsMode.INVITED):
        raise KairosUserError(_("Pick one of the two."), field=JOINING_FIELD)
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
    options = [{"text": _plain(_day(day)), "value": str(day)} for day in range(len(WEEKDAYS))]
    if with_none:
        options.append({"text": _plain(_("No focus day")), "value": NO_FOCUS_DAY})
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
