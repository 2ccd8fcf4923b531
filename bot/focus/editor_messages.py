"""The focus-hours form (pure Block Kit): each schedule's blocks with a Remove button, day
checkboxes and time pickers to add one, and the text editor for those who prefer typing."""

from __future__ import annotations

from typing import Any

from bot.blocks import modal
from bot.focus.editor import MAX_LINES, schedule_lines
from bot.focus.editor_form import (
    FOCUS,
    FORM_INPUT,
    HOURS,
    MAX_METADATA,
    Draft,
    Problem,
    field_id,
    metadata,
    remove_value,
)
from bot.focus.messages import editor_modal
from bot.focus.text import format_spec
from bot.ids import Action, View

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TITLE = "Focus hours"
_INTRO = {
    FOCUS: (
        "*Focus blocks*\nWhile you focus, mentions of you wait and arrive afterwards in one "
        "digest. Times are in your time zone."
    ),
    HOURS: ("*Working hours*\nOptional. Mentions outside them wait for your next working morning."),
}
_NONE = {
    FOCUS: "No focus blocks yet: add one below.",
    HOURS: "No working hours set: mentions reach you at any time outside focus.",
}
_ADD = {FOCUS: "Add focus block", HOURS: "Add working hours"}
END_HINT = "An end before the start runs past midnight; 00:00 ends at midnight."
AS_TEXT = (
    "*Prefer typing?* Edit both lists as lines like `mon-fri 9:00-11:30`, as `/focus` takes them."
)


def editor_form(draft: Draft, problem: Problem | None = None) -> dict[str, Any]:
    """The form for a draft, with `problem` shown under the input it is about; the text
    editor instead when the draft is too large for a modal to carry."""
    carried = metadata(draft)
    if len(carried) > MAX_METADATA:
        return as_text(draft)
    blocks = [
        *_kind_blocks(FOCUS, draft, problem),
        {"type": "divider"},
        *_kind_blocks(HOURS, draft, problem),
        {"type": "divider"},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": AS_TEXT},
            "accessory": _button(Action.FOCUS_FORM_AS_TEXT, "Edit as text", "text"),
        },
    ]
    return modal(str(View.FOCUS_FORM), TITLE, blocks, private_metadata=carried)


def as_text(draft: Draft) -> dict[str, Any]:
    """The text editor (one `<days> <start>-<end>` a line), filled in from the draft."""
    return editor_modal(schedule_lines(draft.blocks), schedule_lines(draft.hours))


def _kind_blocks(kind: str, draft: Draft, problem: Problem | None) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [_mrkdwn_section(_INTRO[kind])]
    specs = draft.specs(kind)
    for spec in specs[:MAX_LINES]:
        section = _mrkdwn_section(format_spec(spec))
        section["accessory"] = _button(Action.FOCUS_FORM_REMOVE, "Remove", remove_value(kind, spec))
        blocks.append(section)
    if len(specs) > MAX_LINES:
        more = len(specs) - MAX_LINES
        blocks.append(_context(f"…and {more} more. *Edit as text* shows them all."))
    if not specs:
        blocks.append(_context(_NONE[kind]))
    days_id = field_id(kind, "days", draft)
    start_id = field_id(kind, "start", draft)
    end_id = field_id(kind, "end", draft)
    inputs = [
        _input(days_id, "Days", _day_checkboxes()),
        _input(start_id, "From", _timepicker("Start")),
        _input(end_id, "Until", _timepicker("End"), hint=END_HINT),
    ]
    for block in inputs:
        blocks.append(block)
        if problem is not None and problem.field == block["block_id"]:
            blocks.append(_context(f":warning: {problem.message}"))
    blocks.append(
        {"type": "actions", "elements": [_button(Action.FOCUS_FORM_ADD, _ADD[kind], kind)]}
    )
    return blocks


def _day_checkboxes() -> dict[str, Any]:
    return {
        "type": "checkboxes",
        "action_id": FORM_INPUT,
        "options": [
            {"text": {"type": "plain_text", "text": name}, "value": str(day)}
            for day, name in enumerate(DAY_NAMES)
        ],
    }


def _timepicker(placeholder: str) -> dict[str, Any]:
    return {
        "type": "timepicker",
        "action_id": FORM_INPUT,
        "placeholder": {"type": "plain_text", "text": placeholder},
    }


def _input(
    block_id: str, label: str, element: dict[str, Any], *, hint: str | None = None
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        # Optional: Save with nothing picked keeps the lists as they are.
        "optional": True,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint}
    return block


def _button(action_id: str, text: str, value: str) -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": str(action_id),
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }


def _mrkdwn_section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
