"""`/kairos language [nl | en | default]`: the language Kairos posts in, in this channel."""

from __future__ import annotations

from bot.slack.commands import ChannelLanguage
from bot.slack.deps import Deps
from bot.slack.parse import SlashCommand
from bot.workspace.language_service import change_channel_language, show_channel_language


def language_command(deps: Deps, typed: SlashCommand, asked: ChannelLanguage) -> str:
    """Show the channel's language, or set it (only who may change the channel's norms)."""
    if not asked.change:
        return show_channel_language(deps.uow, typed.channel_id, deps.language)
    return change_channel_language(
        deps.uow, deps.slack, deps.norms_slack, typed.user_id, typed.channel_id,
        language=asked.language, admin_users=deps.admin_users, default=deps.language,
        now=deps.clock.now(),
    )  # fmt: skip
