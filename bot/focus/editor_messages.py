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
from bot.i18n import _, pgettext
from bot.ids import Action, View

# One-word texts carry the context "focus-hours form": elsewhere they may mean something else.
# (A literal each time: the extractor reads only literals.)


def day_names() -> tuple[str, ...]:
    """The days of the week as the form's checkboxes name them, Monday first."""
    return (
        pgettext("focus-hours form", "Monday"),
        pgettext("focus-hours form", "Tuesday"),
        pgettext("focus-hours form", "Wednesday"),
        pgettext("focus-hours form", "Thursday"),
        pgettext("focus-hours form", "Friday"),
        pgettext("focus-hours form", "Saturday"),
        pgettext("focus-hours form", "Sunday"),
    )


def title() -> str:
    """The form's title (Slack allows 24 characters)."""
    # TRANSLATORS: the title of the modal that edits focus blocks and working hours (at most
    # 24 characters).
    return _("Focus hours")


def end_hint() -> str:
    """The hint under the End time picker."""
    return _("An end before the start runs past midnight; 00:00 ends at midnight.")


def _intro(kind: str) -> str:
    if kind == FOCUS:
        return _(
            "*Focus blocks*\nWhile you focus, mentions of you wait and arrive afterwards in one "
            "digest. Times are in your time zone."
        )
    return _("*Working hours*\nOptional. Mentions outside them wait for your next working morning.")


def _none(kind: str) -> str:
    if kind == FOCUS:
        return _("No focus blocks yet: add one below.")
    return _("No working hours set: mentions reach you at any time outside focus.")


def _add(kind: str) -> str:
    return _("Add focus block") if kind == FOCUS else _("Add working hours")


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
            "text": {
                "type": "mrkdwn",
                "text": _(
                    "*Prefer typing?* Edit both lists as lines like `mon-fri 9:00-11:30`, as "
                    "`/focus` takes them."
                ),
            },
            "accessory": _button(Action.FOCUS_FORM_AS_TEXT, _("Edit as text"), "text"),
        },
    ]
    return modal(str(View.FOCUS_FORM), title(), blocks, submit=_("Save"), private_metadata=carried)


def as_text(draft: Draft) -> dict[str, Any]:
    """The text editor (one `<days> <start>-<end>` a line), filled in from the draft."""
    return editor_modal(schedule_lines(draft.blocks), schedule_lines(draft.hours))


def _kind_blocks(kind: str, draft: Draft, problem: Problem | None) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [_mrkdwn_section(_intro(kind))]
    specs = draft.specs(kind)
    for spec in specs[:MAX_LINES]:
        section = _mrkdwn_section(format_spec(spec))
        section["accessory"] = _button(
            Action.FOCUS_FORM_REMOVE, _("Remove"), remove_value(kind, spec)
        )
        blocks.append(section)
    if len(specs) > MAX_LINES:
        more = len(specs) - MAX_LINES
        blocks.append(_context(_("…and {more} more. *Edit as text* shows them all.", more=more)))
    if not specs:
        blocks.append(_context(_none(kind)))
    days_id = field_id(kind, "days", draft)
    start_id = field_id(kind, "start", draft)
    end_id = field_id(kind, "end", draft)
    inputs = [
        _input(days_id, pgettext("focus-hours form", "Days"), _day_checkboxes()),
        # TRANSLATORS: the label of a focus block's start time; "Start" is its placeholder.
        _input(
            start_id,
            pgettext("focus-hours form", "From"),
            _timepicker(pgettext("focus-hours form", "Start")),
        ),
        # TRANSLATORS: the label of a focus block's end time; "End" is its placeholder.
        _input(
            end_id,
            pgettext("focus-hours form", "Until"),
            _timepicker(pgettext("focus-hours form", "End")),
            hint=end_hint(),
        ),
    ]
    for block in inputs:
        blocks.append(block)
        if problem is not None and problem.field == block["block_id"]:
            blocks.append(_context(f":warning: {problem.message}"))
    blocks.append(
        {"type": "actions", "elements": [_button(Action.FOCUS_FORM_ADD, _add(kind), kind)]}
    )
    return blocks


def _day_checkboxes() -> dict[str, Any]:
    return {
        "type": "checkboxes",
        "action_id": FORM_INPUT,
        "options": [
            {"text": {"type": "plain_text", "text": name}, "value": str(day)}
            for day, name in enumerate(day_names())
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
