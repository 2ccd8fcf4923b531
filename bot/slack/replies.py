"""Answering a button press where the person is looking."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond

from bot.ports import SlackPort
from bot.slack.parse import Interaction


def answer_press(
    slack: SlackPort,
    respond: Respond,
    pressed: Interaction,
    text: str,
    *,
    blocks: list[dict[str, Any]] | None = None,
    replace_original: bool = False,
) -> None:
    """Reply in place of (or below) the message the button is in; by DM when Slack sent
    no response_url, as it does for buttons in the Home tab or a modal."""
    if pressed.response_url is None:
        slack.send_dm(pressed.user_id, text, blocks or [])
        return
    respond(
        text=text,
        blocks=blocks,
        response_type="ephemeral",
        replace_original=replace_original,
    )
