"""Builders for what Slack sends an app: Events API callbacks, slash commands, interactions.

Shapes follow Slack's documentation and captured payloads. Over HTTP, events arrive as JSON
and commands/interactions as form bodies (see *_form); over Socket Mode the same dicts are
an envelope's payload (FakeSlack.socket_send). Tests use the package as one namespace
(`payloads.message_event(...)`); the builders live in common, events, commands and
interactions.
"""

from bot.demo.fake_slack.payloads.commands import slash_command, slash_command_form
from bot.demo.fake_slack.payloads.common import (
    API_APP_ID,
    BOT_USER_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    VERIFICATION_TOKEN,
    new_event_id,
    new_trigger_id,
    new_ts,
)
from bot.demo.fake_slack.payloads.events import (
    app_home_opened_event,
    app_mention_event,
    app_uninstalled_event,
    channel_created_event,
    event_callback,
    file_access_stub,
    member_joined_channel_event,
    message_changed_event,
    message_deleted_event,
    message_event,
    reaction_added_event,
    rich_text_blocks,
    tokens_revoked_event,
    url_verification,
    user_change_event,
)
from bot.demo.fake_slack.payloads.interactions import (
    block_action_payload,
    block_actions_form,
    state_values,
    view_submission_payload,
)
from bot.demo.fake_slack.payloads.shortcuts import (
    global_shortcut_payload,
    message_shortcut_payload,
)

__all__ = [
    "API_APP_ID",
    "BOT_USER_ID",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "VERIFICATION_TOKEN",
    "app_home_opened_event",
    "app_mention_event",
    "app_uninstalled_event",
    "block_action_payload",
    "block_actions_form",
    "channel_created_event",
    "event_callback",
    "file_access_stub",
    "global_shortcut_payload",
    "member_joined_channel_event",
    "message_changed_event",
    "message_deleted_event",
    "message_event",
    "message_shortcut_payload",
    "new_event_id",
    "new_trigger_id",
    "new_ts",
    "reaction_added_event",
    "rich_text_blocks",
    "slash_command",
    "slash_command_form",
    "state_values",
    "tokens_revoked_event",
    "url_verification",
    "user_change_event",
    "view_submission_payload",
]
