"""The "Start focus" shortcut's modal: a duration picker, or until a time (pure).

What it submits becomes the same command `/focus now 90m` or `/focus until 17:00` is, so the
session starts through focus_command like the slash command's.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from bot.blocks import MAX_SECTION_TEXT, clip, modal
from bot.errors import KairosUserError
from bot.focus.commands import StartSession, StartUntil
from bot.ids import View

DURATION_FIELD = "focus_start.duration"
UNTIL_FIELD = "focus_start.until"
DURATION_INPUT = "duration"
UNTIL_INPUT = "until"
UNTIL_CHOICE = "until"
# (value, label): the value is minutes, or UNTIL_CHOICE for "until a time".
CHOICES: tuple[tuple[str, str], ...] = (
    ("30", "30 minutes"),
    ("60", "1 hour"),
    ("90", "90 minutes"),
    ("120", "2 hours"),
    ("180", "3 hours"),
    (UNTIL_CHOICE, "Until a time…"),
)
DEFAULT_CHOICE = "90"
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


def start_focus_modal() -> dict[str, Any]:
    """The modal the "Start focus" shortcut opens."""
    options = [_option(value, label) for value, label in CHOICES]
    initial = next(o for o in options if o["value"] == DEFAULT_CHOICE)
    return modal(
        View.FOCUS_START,
        "Start focus",
        [
            {
                "type": "input",
                "block_id": DURATION_FIELD,
                "label": {"type": "plain_text", "text": "Focus for"},
                "element": {
                    "type": "static_select",
                    "action_id": DURATION_INPUT,
                    "options": options,
                    "initial_option": initial,
                },
            },
            {
                "type": "input",
                "block_id": UNTIL_FIELD,
                "optional": True,
                "label": {"type": "plain_text", "text": "Until"},
                "hint": {
                    "type": "plain_text",
                    "text": "Only for “Until a time…”: in your time zone, at most 12 hours ahead.",
                },
                "element": {"type": "timepicker", "action_id": UNTIL_INPUT},
            },
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "Mentions of you wait for your digest until the session ends. "
                        "The same as `/focus now 90m`.",
                    }
                ],
            },
        ],
        submit="Start",
    )


def start_command(choice: str | None, until: str | None) -> StartSession | StartUntil:
    """The command a submitted modal asks for; KairosUserError (shown by the field) when the
    choice is not one of the modal's or "until" has no time."""
    if choice == UNTIL_CHOICE:
        matched = _TIME.fullmatch(until or "")
        if matched is None:
            raise KairosUserError(
                "Pick the time to focus until (for example 17:00), or choose a duration.",
                field=UNTIL_FIELD,
            )
        return StartUntil(int(matched[1]) * 60 + int(matched[2]))
    if choice not in dict(CHOICES):
        raise KairosUserError(
            "Choose how long to focus: 30 minutes to 3 hours (for example 90 minutes), or "
            "until a time.",
            field=DURATION_FIELD,
        )
    return StartSession(timedelta(minutes=int(choice)))


def started_view(text: str) -> dict[str, Any]:
    """What the modal becomes once the session has started: what `/focus` would answer."""
    view = modal(
        View.FOCUS_START,
        "Focus started",
        [{"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}],
    )
    del view["submit"]
    view["close"] = {"type": "plain_text", "text": "Done"}
    return view
