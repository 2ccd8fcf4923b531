"""`/kairos`: workspace-level commands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.slack.blocks.help import HELP_TEXT, help_blocks
from bot.slack.commands import (
    Calendar,
    Channels,
    FocusDay,
    ShowHelp,
    Summary,
    parse_kairos_command,
)
from bot.slack.deps import Deps
from bot.slack.ids import Command
from bot.slack.listeners.calendar import calendar_command
from bot.slack.listeners.summary import focus_day, summary_command
from bot.workspace.channels import channels_command, join_if_enabled


def register(app: App, deps: Deps) -> None:
    """Attach the /kairos listener, and joining new channels when an admin asked for it."""

    @app.command(Command.KAIROS)
    def on_kairos(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        match parse_kairos_command(command.get("text", "")):
            case ShowHelp():
                ack(response_type="ephemeral", text=HELP_TEXT, blocks=help_blocks())
            case Calendar() as asked:
                ack(response_type="ephemeral", text=calendar_command(deps, command, asked, respond))
            case Summary() as asked:
                summary_command(deps, command, asked, ack, respond)
            case FocusDay() as asked:
                ack(response_type="ephemeral", text=focus_day(deps, command, asked))
            case Channels(mode=mode):
                answer = channels_command(
                    deps.uow,
                    deps.slack,
                    command["user_id"],
                    mode,
                    admin_users=deps.admin_users,
                    now=deps.clock.now(),
                )
                ack(response_type="ephemeral", text=answer.text)
                if answer.changed:
                    deps.wake_sweep()

    @app.event("channel_created")
    def on_channel_created(event: dict[str, Any], body: dict[str, Any]) -> None:
        channel_id = str((event.get("channel") or {}).get("id", ""))
        if channel_id:
            join_if_enabled(deps.uow, deps.slack, channel_id)
        with deps.uow(event_id=body.get("event_id")):
            pass  # recorded as handled once the join went through
