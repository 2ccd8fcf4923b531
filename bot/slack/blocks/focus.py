"""Block Kit for focus hours: the status reply, the Home tab section, and the editor modal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.focus.editor import FOCUS_FIELD, HOURS_FIELD
from bot.focus.text import format_when
from bot.slack.blocks.limits import MAX_SECTION_TEXT, clip
from bot.slack.ids import Action, View

# The action_id of both inputs of the editor modal (their block_ids tell them apart).
EDITOR_INPUT = "value"

EDIT_BUTTON: dict[str, Any] = {
    "type": "button",
    "action_id": Action.FOCUS_EDIT,
    "text": {"type": "plain_text", "text": "Edit focus hours"},
}


def status_reply(text: str) -> list[dict[str, Any]]:
    """The `/focus` status: the text and a button that opens the editor."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}},
        {"type": "actions", "elements": [EDIT_BUTTON]},
    ]


@dataclass(frozen=True)
class DeliveredItem:
    """One line of the last digest, as App Home lists it."""

    channel_id: str
    sender_id: str
    sent_at: datetime
    permalink: str | None


def home_focus_section(
    status_text: str, last_digest: Sequence[DeliveredItem], *, tz: ZoneInfo, now: datetime
) -> list[dict[str, Any]]:
    """Focus status, the editor button, and the last digest in full."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Focus hours"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": clip(status_text, MAX_SECTION_TEXT)},
        },
        {"type": "actions", "elements": [EDIT_BUTTON]},
    ]
    if last_digest:
        blocks.append(
            {"type": "header", "text": {"type": "plain_text", "text": "Your last digest"}}
        )
        lines = [
            f"<#{i.channel_id}> · <@{i.sender_id}> · {format_when(i.sent_at, tz, now)}"
            + (f" · <{i.permalink}|Open>" if i.permalink else "")
            for i in last_digest
        ]
        blocks.extend(_sections(lines))
    return blocks


def _sections(lines: Sequence[str], *, max_sections: int = 20) -> list[dict[str, Any]]:
    """Lines packed into as few sections as Slack's 3,000-character limit allows."""
    sections: list[dict[str, Any]] = []
    current: list[str] = []
    for line in lines:
        if current and len("\n".join([*current, line])) > MAX_SECTION_TEXT:
            sections.append(_text_section("\n".join(current)))
            current = []
        current.append(clip(line, MAX_SECTION_TEXT))
    if current:
        sections.append(_text_section("\n".join(current)))
    if len(sections) > max_sections:
        hidden = len(sections) - max_sections + 1
        sections = [*sections[: max_sections - 1], _text_section(f"…and {hidden} more sections.")]
    return sections


def _text_section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def editor_modal(focus_lines: str, hours_lines: str) -> dict[str, Any]:
    """The modal that edits focus blocks and working hours, one `<days> <start>-<end>` a line."""
    return {
        "type": "modal",
        "callback_id": View.FOCUS_EDITOR,
        "title": {"type": "plain_text", "text": "Focus hours"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _lines_input(
                FOCUS_FIELD,
                "Focus blocks",
                focus_lines,
                "One per line, in your time zone, e.g. mon-fri 9:00-11:30",
            ),
            _lines_input(
                HOURS_FIELD,
                "Working hours",
                hours_lines,
                "Optional. Mentions outside them wait for your next working morning.",
            ),
        ],
    }


def _lines_input(block_id: str, label: str, initial: str, hint: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": EDITOR_INPUT}
    element["multiline"] = True
    if initial:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": {"type": "plain_text", "text": label},
        "hint": {"type": "plain_text", "text": hint},
        "element": element,
    }
