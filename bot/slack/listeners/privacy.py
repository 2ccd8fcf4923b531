"""`/kairos forget-me` and `/kairos my-data`, and the events that end Kairos's access:
app_uninstalled and tokens_revoked."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import UnreadableValue
from bot.ids import View
from bot.privacy.messages import (
    export_comment,
    export_content,
    export_failed,
    export_filename,
    export_preparing,
    export_title,
    forget_failed,
    forget_modal,
    forgotten_message,
    no_modal,
)
from bot.privacy.service import (
    export_person,
    forget_connections,
    forget_person,
    forget_preview,
    forget_workspace,
)
from bot.slack.blocks.help import unreadable_form
from bot.slack.commands import ForgetMe, MyData
from bot.slack.deps import Deps
from bot.slack.listeners.home import publish_home
from bot.slack.parse import SlashCommand, event_id, parse_interaction, parse_tokens_revoked

log = logging.getLogger(__name__)


def privacy_command(
    deps: Deps, typed: SlashCommand, asked: ForgetMe | MyData, ack: Ack, respond: Respond,
    *, client: WebClient,
) -> None:  # fmt: skip
    """`/kairos forget-me` opens the confirmation; `/kairos my-data` is sent beside the ack."""
    if isinstance(asked, MyData):
        ack(response_type="ephemeral", text=export_preparing())
        deps.in_background(partial(send_my_data, deps, typed.user_id, respond))
        return
    if typed.trigger_id is None:
        ack(response_type="ephemeral", text=no_modal())
        return
    inventory = forget_preview(deps.uow, typed.user_id)
    client.views_open(trigger_id=typed.trigger_id, view=forget_modal(inventory))
    ack()


def send_my_data(deps: Deps, user_id: str, respond: Respond) -> None:
    """The export as a file in the person's DM. It runs after the ack, where no error
    handler answers: a failure is logged (who, never the data) and the person told."""
    now = deps.clock.now()
    try:
        content = export_content(export_person(deps.uow, user_id, now))
        deps.slack.send_file_dm(
            user_id, export_filename(user_id, now), content, title=export_title(),
            comment=export_comment(),
        )  # fmt: skip
    except Exception:
        log.exception("sending %s their data (/kairos my-data) failed", user_id)
        respond(response_type="ephemeral", replace_original=True, text=export_failed())


def forget_and_tell(deps: Deps, client: WebClient, user_id: str) -> None:
    """forget-me, confirmed: revoke Connect, delete, then say what went and what stays (in
    the DM), and show the Home tab afresh. After the ack: a failure is logged and told."""
    now = deps.clock.now()
    revoke = partial(deps.connect_link.forget, deps.uow, now=now)
    try:
        report = forget_person(deps.uow, user_id, now, revoke_connect=revoke)
    except Exception:
        log.exception("forgetting %s (/kairos forget-me) failed", user_id)
        deps.slack.send_dm(user_id, forget_failed(), [])
        return
    told = forgotten_message(report)
    deps.slack.send_dm(user_id, told.text, told.blocks)
    publish_home(deps, client, user_id)


def register(app: App, deps: Deps) -> None:
    """The confirmation's submission, and Slack's revocation events."""

    @app.view(View.FORGET_ME)
    def on_forget_confirmed(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        # Whose data goes is the submitter's, from Slack's payload; the modal carries no id.
        submitted = parse_interaction(body)
        if submitted is None:
            raise UnreadableValue(unreadable_form())
        ack()
        deps.in_background(partial(forget_and_tell, deps, client, submitted.user_id))

    @app.event("app_uninstalled")
    def on_uninstalled(body: dict[str, Any]) -> None:
        forget_workspace(deps.uow, event_id=event_id(body))

    @app.event("tokens_revoked")
    def on_tokens_revoked(event: dict[str, Any], body: dict[str, Any]) -> None:
        forget_connections(deps.uow, parse_tokens_revoked(event), event_id=event_id(body))
