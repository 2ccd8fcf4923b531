"""The agenda nudge's buttons and the Add-agenda modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.errors import UnreadableValue
from bot.ids import Action, View
from bot.meetings.messages import (
    AGENDA_FIELD,
    ASYNC_HOW_TO,
    agenda_modal,
    ask_text,
    settled_message,
)
from bot.meetings.notices import ask_for_agenda
from bot.meetings.nudges import agenda_form, meeting_title, not_needed, save_agenda
from bot.slack.blocks.help import UNREADABLE_FORM
from bot.slack.deps import Deps
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
            raise UnreadableValue(UNREADABLE_FORM, field=AGENDA_FIELD)
        nudge = save_agenda(deps.uow, series_key, submitted.user_id, agenda, deps.clock.now())
        ack()
        if nudge.channel_id and nudge.message_ts:
            done = settled_message(
                meeting_title(deps.uow, series_key),
                "agenda saved. Thank you! Attendees who use Kairos will see it.",
            )
            client.chat_update(
                channel=nudge.channel_id, ts=nudge.message_ts, text=done.text, blocks=done.blocks
            )

    @app.action(Action.NUDGE_ASYNC)
    def on_async(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        pressed = parse_interaction(body)
        if pressed is not None:
            answer_press(deps.slack, respond, pressed, ASYNC_HOW_TO)

    @app.action(Action.NUDGE_NOT_NEEDED)
    def on_not_needed(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None:
            return  # no one pressed it that Kairos could answer
        not_needed(deps.uow, pressed.value, pressed.user_id, deps.clock.now())
        done = settled_message(
            meeting_title(deps.uow, pressed.value), "no more agenda nudges for this meeting."
        )
        answer_press(
            deps.slack, respond, pressed, done.text, blocks=done.blocks, replace_original=True
        )

    @app.action(Action.MEETING_ASK_AGENDA)
    def on_ask(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        pressed = parse_interaction(body, action)
        if pressed is None:
            return
        asked = ask_for_agenda(deps.uow, pressed.value, pressed.user_id, deps.clock.now())
        others = asked.asks - 1
        so_far = f" {others} other{'s' if others != 1 else ''} asked too." if others else ""
        text = f"Asked, anonymously: the organizer sees only a count.{so_far}"
        answer_press(deps.slack, respond, pressed, text)
        if asked.new and asked.organizer_id:
            deps.slack.send_dm(asked.organizer_id, ask_text(asked.title, asked.asks), [])
