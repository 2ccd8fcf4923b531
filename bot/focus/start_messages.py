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
from bot.i18n import _
from bot.ids import View

DURATION_FIELD = "focus_start.duration"
UNTIL_FIELD = "focus_start.until"
DURATION_INPUT = "duration"
UNTIL_INPUT = "until"
UNTIL_CHOICE = "until"
# The values of the choices: minutes, or UNTIL_CHOICE for "until a time".
CHOICES: tuple[str, ...] = ("30", "60", "90", "120", "180", UNTIL_CHOICE)
DEFAULT_CHOICE = "90"
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def _labels() -> dict[str, str]:
    """Each choice's label, in the current language."""
    return {
        "30": _("30 minutes"),
        "60": _("1 hour"),
        "90": _("90 minutes"),
        "120": _("2 hours"),
        "180": _("3 hours"),
        UNTIL_CHOICE: _("Until a time…"),
    }


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": value}


def start_focus_modal() -> dict[str, Any]:
    """The modal the "Start focus" shortcut opens."""
    labels = _labels()
    options = [_option(value, labels[value]) for value in CHOICES]
    initial = next(o for o in options if o["value"] == DEFAULT_CHOICE)
    return modal(
        View.FOCUS_START,
        _("Start focus"),
        [
            {
                "type": "input",
                "block_id": DURATION_FIELD,
                "label": {"type": "plain_text", "text": _("Focus for")},
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
                "label": {"type": "plain_text", "text": _("Until")},
                "hint": {
                    "type": "plain_text",
                    "text": _(
                        "Only for “Until a time…”: in your time zone, at most 12 hours ahead."
                    ),
                },
                "element": {"type": "timepicker", "action_id": UNTIL_INPUT},
            },
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": _(
                            "Mentions of you wait for your digest until the session ends. "
                            "The same as `/focus now 90m`."
                        ),
                    }
                ],
            },
        ],
        submit=_("Start"),
    )


def start_command(choice: str | None, until: str | None) -> StartSession | StartUntil:
    """The command a submitted modal asks for; KairosUserError (shown by the field) when the
    choice is not one of the modal's or "until" has no time."""
    if choice == UNTIL_CHOICE:
        matched = _TIME.fullmatch(until or "")
        if matched is None:
            raise KairosUserError(
                _("Pick the time to focus until (for example 17:00), or choose a duration."),
                field=UNTIL_FIELD,
            )
        return StartUntil(int(matched[1]) * 60 + int(matched[2]))
    if choice not in CHOICES:
        raise KairosUserError(
            _(
                "Choose how long to focus: 30 minutes to 3 hours (for example 90 minutes), or "
                "until a time."
            ),
            field=DURATION_FIELD,
        )
    return StartSession(timedelta(minutes=int(choice)))


def started_view(text: str) -> dict[str, Any]:
    """What the modal becomes once the session has started: what `/focus` would answer."""
    view = modal(
        View.FOCUS_START,
        _("Focus started"),
        [{"type": "section", "text": {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT)}}],
    )
    del view["submit"]
    view["close"] = {"type": "plain_text", "text": _("Done")}
    return view
