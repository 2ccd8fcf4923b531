"""The Home tab's calendar section and the calendar-address modal (pure)."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action, View

ADDRESS_FIELD = "address"


def calendar_section(state: str, *, enabled: bool) -> list[dict[str, Any]]:
    """What `/kairos calendar` says, and a button to connect or change the address."""
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Calendar*\n{state}"}}
    ]
    if enabled:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": Action.CALENDAR_OPEN,
                        "text": {"type": "plain_text", "text": "Connect a calendar"},
                    }
                ],
            }
        )
    return blocks


def calendar_modal() -> dict[str, Any]:
    """Asks for the private iCal address; the address never appears in Kairos's replies."""
    return {
        "type": "modal",
        "callback_id": View.CALENDAR,
        "title": {"type": "plain_text", "text": "Connect a calendar"},
        "submit": {"type": "plain_text", "text": "Connect"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": "Paste your calendar's *private iCal address*: in Google Calendar, "
                    "Settings › your calendar › Secret address in iCal format; in Outlook, "
                    "Settings › Calendar › Shared calendars › Publish a calendar (ICS). "
                    "It is stored encrypted and never shown back in full.",
                },
            },
            {
                "type": "input",
                "block_id": ADDRESS_FIELD,
                "label": {"type": "plain_text", "text": "Private address"},
                "element": {
                    "type": "url_text_input",
                    "action_id": ADDRESS_FIELD,
                    "placeholder": {"type": "plain_text", "text": "https://…/basic.ics"},
                },
            },
        ],
    }
