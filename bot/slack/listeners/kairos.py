"""`/kairos`: workspace-level commands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.slack.blocks.help import HELP_TEXT, help_blocks
from bot.slack.commands import ShowHelp, parse_kairos_command
from bot.slack.deps import Deps
from bot.slack.ids import Command


def register(app: App, deps: Deps) -> None:
    """Attach the /kairos listener."""

    @app.command(Command.KAIROS)
    def on_kairos(ack: Ack, command: dict[str, Any]) -> None:
        match parse_kairos_command(command.get("text", "")):
            case ShowHelp():
                ack(response_type="ephemeral", text=HELP_TEXT, blocks=help_blocks())
