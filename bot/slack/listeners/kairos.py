"""`/kairos`: workspace-level commands."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.ids import Command
from bot.slack.blocks.help import help_blocks, help_text, unreadable_command
from bot.slack.commands import (
    Calendar,
    ChannelLanguage,
    ChannelNorms,
    Channels,
    CheckIns,
    FocusDay,
    ForgetMe,
    MyData,
    ShowHelp,
    Summary,
    parse_kairos_command,
)
from bot.slack.deps import Deps
from bot.slack.listeners.calendar import calendar_command
from bot.slack.listeners.checkins import async_command
from bot.slack.listeners.language import language_command
from bot.slack.listeners.norms import norms_command
from bot.slack.listeners.privacy import privacy_command
from bot.slack.listeners.summary import focus_day, summary_command
from bot.slack.parse import SlashCommand, event_id, parse_channel_created, parse_command
from bot.workspace.model import ChannelsMode
from bot.workspace.service import channels_command, join_if_enabled


def _channels(deps: Deps, typed: SlashCommand, mode: ChannelsMode, ack: Ack) -> None:
    answer = channels_command(
        deps.uow, deps.slack, typed.user_id, mode,
        admin_users=deps.admin_users, now=deps.clock.now(),
    )  # fmt: skip
    ack(response_type="ephemeral", text=answer.text)
    if answer.changed:  # joining starts at once, not at the next tick
        deps.wake_sweep()


def register(app: App, deps: Deps) -> None:
    """Attach the /kairos listener, and joining new channels when an admin asked for it."""

    @app.command(Command.KAIROS)
    def on_kairos(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        typed = parse_command(command)
        if typed is None:
            ack(response_type="ephemeral", text=unreadable_command())
            return
        match parse_kairos_command(typed.text):
            case ShowHelp():
                ack(response_type="ephemeral", text=help_text(), blocks=help_blocks())
            case Calendar() as asked:
                ack(response_type="ephemeral", text=calendar_command(deps, typed, asked, respond))
            case Summary() as asked:
                summary_command(deps, typed, asked, ack, respond)
            case FocusDay() as asked:
                ack(response_type="ephemeral", text=focus_day(deps, typed, asked))
            case ChannelNorms() as asked:
                norms_command(deps, typed, asked, ack, client)
            case CheckIns():
                async_command(deps, typed, ack)
            case ChannelLanguage() as asked:
                ack(response_type="ephemeral", text=language_command(deps, typed, asked))
            case ForgetMe() | MyData() as asked:
                privacy_command(deps, typed, asked, ack, respond, client=client)
            case Channels(mode=mode):
                _channels(deps, typed, mode, ack)

    @app.event("channel_created")
    def on_channel_created(event: dict[str, Any], body: dict[str, Any]) -> None:
        channel_id = parse_channel_created(event)
        if channel_id is None:
            return  # no channel to join
        join_if_enabled(deps.uow, deps.slack, channel_id, event_id=event_id(body))
