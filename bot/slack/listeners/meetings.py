"""The agenda nudge's buttons and the Add-agenda modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import UnreadableValue
from bot.ids import Action, View
from bot.meetings.messages import (
    AGENDA_FIELD,
    agenda_modal,
    agenda_saved_message,
    asked_text,
    not_needed_message,
)
from bot.meetings.notices import ask_for_agenda, tell_organizer
from bot.meetings.nudges import agenda_form, not_needed, save_agenda
from bot.slack.blocks.help import unreadable_form
from bot.slack.deps import Deps
from bot.slack.listeners.checkins import make_async_press
from bot.slack.parse import parse_interaction, submitted_text
from bot.slack.replies import answer_press


def register(app: App, deps: Deps) -> None:
    """Attach the nudge listeners."""

    @app.action(Action.NUDGE_ADD_AGENDA)
    def on_add_agenda(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None or pressed.trigger_id is None:
            return  # no one to open the form for
        title = agenda_form(deps.uow, pressed.value, pressed.user_id)
        client.views_open(trigger_id=pressed.trigger_id, view=agenda_modal(pressed.value, title))

    @app.view(View.AGENDA)
    def on_agenda_saved(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        submitted = parse_interaction(body)
        agenda = submitted_text(view, AGENDA_FIELD, AGENDA_FIELD)
        series_key = view.get("private_metadata")
        if submitted is None or agenda is None or not isinstance(series_key, str):
            raise UnreadableValue(unreadable_form(), field=AGENDA_FIELD)
        saved = save_agenda(deps.uow, series_key, submitted.user_id, agenda, deps.clock.now())
        ack()
        if saved.channel_id and saved.message_ts:  # the nudge DM to update, if Slack took it
            done = agenda_saved_message(saved.title)
            client.chat_update(
                channel=saved.channel_id, ts=saved.message_ts, text=done.text, blocks=done.blocks
            )

    app.action(Action.NUDGE_ASYNC)(make_async_press(deps))

    @app.action(Action.NUDGE_NOT_NEEDED)
    def on_not_needed(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None:
            return  # no one pressed it that Kairos could answer
        settled = not_needed(deps.uow, pressed.value, pressed.user_id, deps.clock.now())
        done = not_needed_message(settled.title)
        answer_press(
            deps.slack, respond, pressed, done.text, blocks=done.blocks, replace_original=True
        )

    @app.action(Action.MEETING_ASK_AGENDA)
    def on_ask(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None:
            return
        now = deps.clock.now()
        asked = ask_for_agenda(deps.uow, pressed.value, pressed.user_id, now, deps.language)
        answer_press(deps.slack, respond, pressed, asked_text(asked.asks))
        # The asker is answered first; telling the organizer is one more call to Slack.
        tell_organizer(deps.slack, asked)
