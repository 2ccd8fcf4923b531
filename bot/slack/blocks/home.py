"""The App Home tab."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks.help import HELP_TEXT
from bot.slack.ids import Action


def home_view() -> dict[str, Any]:
    """The Home tab every user sees."""
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Kairos"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": HELP_TEXT}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": Action.HOME_SHOW_HELP,
                        "text": {"type": "plain_text", "text": "Send me the help"},
                    }
                ],
            },
        ],
    }
