"""`/kairos norms [edit]`, its button and modal, and the norms sent to someone who joins."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.errors import UnreadableValue
from bot.ids import CHANNEL_ID, Action, View
from bot.norms.messages import EDITOR_INPUT, editor_errors, editor_modal, no_editor, shown
from bot.norms.model import (
    KIND,
    NOT_FOR,
    PURPOSE,
    RESPONSE,
    URGENT_CHANNEL,
    URGENT_OTHER,
    Norms,
    NormsInputError,
    parse_norms,
)
from bot.norms.service import editable_norms, norms_of, save_norms, welcome_member
from bot.slack.blocks.help import unreadable_form
from bot.slack.commands import ChannelNorms
from bot.slack.deps import Deps
from bot.slack.parse import SlashCommand, event_id, parse_interaction, slack_id, submitted_text


def norms_command(
    deps: Deps, typed: SlashCommand, asked: ChannelNorms, ack: Ack, client: WebClient
) -> None:
    """`/kairos norms` shows the channel's norms; `edit` opens the editor, if allowed."""
    if not asked.edit:
        answer = shown(typed.channel_id, norms_of(deps.uow, typed.channel_id))
        ack(response_type="ephemeral", text=answer.text, blocks=answer.blocks)
        return
    if typed.trigger_id is None:
        ack(response_type="ephemeral", text=no_editor())
        return
    open_editor(deps, client, typed.user_id, typed.channel_id, typed.trigger_id)
    ack()


def open_editor(
    deps: Deps, client: WebClient, user_id: str, channel_id: str, trigger_id: str
) -> None:
    """The editor for the channel, filled in; a refusal (raised) for anyone who may not."""
    current = editable_norms(
        deps.uow, deps.slack, deps.norms_slack, user_id, channel_id, admin_users=deps.admin_users
    )
    client.views_open(trigger_id=trigger_id, view=editor_modal(channel_id, current))


def _at(value: object, *keys: str) -> object:
    """value[k1][k2]…, or None where a level is missing or not an object (Slack's payload as
    sent, or a forged one)."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _read_editor(view: object) -> Norms:
    """The submitted editor as Norms (NormsInputError when something in it is wrong)."""
    texts = {
        block: submitted_text(view, block, EDITOR_INPUT) or ""
        for block in (PURPOSE, RESPONSE, URGENT_OTHER, NOT_FOR)
    }
    values = _at(view, "state", "values")
    kind = _at(values, KIND, EDITOR_INPUT, "selected_option", "value")
    channel = slack_id(_at(values, URGENT_CHANNEL, EDITOR_INPUT, "selected_conversation"))
    return parse_norms(
        purpose=texts[PURPOSE],
        kind=kind if isinstance(kind, str) else "",
        response=texts[RESPONSE],
        urgent_channel=channel if channel and CHANNEL_ID.fullmatch(channel) else None,
        urgent_other=texts[URGENT_OTHER],
        not_for=texts[NOT_FOR],
    )


def register(app: App, deps: Deps) -> None:
    """The norms button, the editor's submission, and member_joined_channel."""

    @app.action(Action.NORMS_EDIT)
    def on_edit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None or pressed.trigger_id is None:
            return  # no one to open the editor for
        if not CHANNEL_ID.fullmatch(pressed.value):
            raise UnreadableValue()
        open_editor(deps, client, pressed.user_id, pressed.value, pressed.trigger_id)

    @app.view(View.NORMS_EDITOR)
    def on_saved(ack: Ack, body: dict[str, Any], view: object) -> None:
        submitted = parse_interaction(body)
        channel_id = _at(view, "private_metadata")
        if submitted is None or not isinstance(channel_id, str):
            raise UnreadableValue(unreadable_form(), field=PURPOSE)
        if not CHANNEL_ID.fullmatch(channel_id):
            raise UnreadableValue(unreadable_form(), field=PURPOSE)
        try:
            norms = _read_editor(view)
        except NormsInputError as invalid:
            # Every problem at once, each next to its input; nothing is stored.
            ack(response_action="errors", errors=editor_errors(invalid))
            return
        save_norms(
            deps.uow, deps.slack, deps.norms_slack, submitted.user_id, channel_id, norms=norms,
            admin_users=deps.admin_users, now=deps.clock.now(), language=deps.language,
        )  # fmt: skip
        ack()

    @app.event("member_joined_channel")
    def on_joined(event: object, body: dict[str, Any], context: BoltContext) -> None:
        user_id, channel_id = slack_id(_at(event, "user")), slack_id(_at(event, "channel"))
        if user_id is None or channel_id is None or user_id == context.bot_user_id:
            return  # Kairos itself joining, or nobody: nothing to send
        welcome_member(
            deps.uow, deps.slack, channel_id, user_id,
            event_id=event_id(body), now=deps.clock.now(), language=deps.language,
        )  # fmt: skip
