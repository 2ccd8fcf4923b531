"""The App Home tab."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks import MAX_BLOCKS_VIEW
from bot.i18n import _
from bot.ids import Action
from bot.slack.blocks.help import help_text


def home_view(sections: Sequence[Sequence[dict[str, Any]]]) -> dict[str, Any]:
    """The Home tab: each feature's section, then what Kairos is and a help button."""
    blocks: list[dict[str, Any]] = []
    for section in sections:
        blocks.extend(section)
        blocks.append({"type": "divider"})
    blocks.extend(
        [
            {"type": "section", "text": {"type": "mrkdwn", "text": help_text()}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": Action.HOME_SHOW_HELP,
                        "text": {"type": "plain_text", "text": _("Send me the help")},
                    }
                ],
            },
        ]
    )
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS_VIEW]}
