"""The shortcuts: "Start focus" (global, a modal) and "Read after focus" (on a message)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.digest.saved import save_for_later
from bot.digest.saved_messages import saved_text
from bot.errors import UnreadableValue
from bot.focus.service import focus_command
from bot.focus.start_messages import (
    DURATION_FIELD,
    DURATION_INPUT,
    UNTIL_FIELD,
    UNTIL_INPUT,
    start_command,
    start_focus_modal,
    started_view,
)
from bot.ids import Shortcut, View
from bot.slack.blocks.help import unreadable_form
from bot.slack.deps import Deps
from bot.slack.parse import parse_interaction
from bot.slack.parse_shortcuts import parse_message_shortcut, selected_option, selected_time


def register(app: App, deps: Deps) -> None:
    """Attach the shortcut listeners."""

    @app.shortcut(Shortcut.START_FOCUS)
    def on_start_focus(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        chosen = parse_interaction(body)
        if chosen is None or chosen.trigger_id is None:
            return  # no one to open the modal for
        client.views_open(trigger_id=chosen.trigger_id, view=start_focus_modal())

    @app.view(View.FOCUS_START)
    def on_start_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        submitted = parse_interaction(body)
        if submitted is None:
            raise UnreadableValue(unreadable_form(), field=DURATION_FIELD)
        # A bad pick is refused here, before anything is stored, next to its field.
        command = start_command(
            selected_option(view, DURATION_FIELD, DURATION_INPUT),
            selected_time(view, UNTIL_FIELD, UNTIL_INPUT),
        )
        result = focus_command(
            deps.uow, deps.slack, deps.connect_link, submitted.user_id, command,
            now=deps.clock.now(),
        )  # fmt: skip
        ack(response_action="update", view=started_view(result.text))
        deps.wake_sweep()

    @app.shortcut(Shortcut.READ_AFTER_FOCUS)
    def on_read_after_focus(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        chosen = parse_message_shortcut(body)
        if chosen is None:
            return  # no message, or no one, that Kairos could keep it for
        now = deps.clock.now()
        saved = save_for_later(deps.uow, deps.slack, chosen.user_id, chosen.message, now)
        text = saved_text(saved, now)
        if chosen.response_url is None:
            deps.slack.send_dm(chosen.user_id, text, [])
        else:
            respond(text=text, response_type="ephemeral", replace_original=False)
