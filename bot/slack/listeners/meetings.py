"""The agenda nudge's buttons and the Add-agenda modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.meetings.notices import ask_for_agenda
from bot.meetings.nudges import meeting_title, not_needed, save_agenda
from bot.slack.blocks.nudges import (
    AGENDA_FIELD,
    ASYNC_HOW_TO,
    agenda_modal,
    ask_text,
    settled_message,
)
from bot.slack.deps import Deps
from bot.slack.ids import Action, View


def register(app: App, deps: Deps) -> None:
    """Attach the nudge listeners."""

    @app.action(Action.NUDGE_ADD_AGENDA)
    def on_add_agenda(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        series_key = str(action.get("value", ""))
        client.views_open(
            trigger_id=body["trigger_id"],
            view=agenda_modal(series_key, meeting_title(deps.uow, series_key)),
        )

    @app.view(View.AGENDA)
    def on_agenda_saved(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        series_key = str(view.get("private_metadata", ""))
        value = view["state"]["values"].get(AGENDA_FIELD, {}).get(AGENDA_FIELD, {})
        nudge = save_agenda(
            deps.uow, series_key, body["user"]["id"], str(value.get("value") or ""),
            deps.clock.now(),
        )  # fmt: skip
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
    def on_async(ack: Ack, respond: Respond) -> None:
        ack()
        respond(text=ASYNC_HOW_TO, response_type="ephemeral", replace_original=False)

    @app.action(Action.NUDGE_NOT_NEEDED)
    def on_not_needed(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        series_key = str(action.get("value", ""))
        not_needed(deps.uow, series_key, body["user"]["id"], deps.clock.now())
        done = settled_message(
            meeting_title(deps.uow, series_key), "no more agenda nudges for this meeting."
        )
        respond(text=done.text, blocks=done.blocks, replace_original=True)

    @app.action(Action.MEETING_ASK_AGENDA)
    def on_ask(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        asked = ask_for_agenda(
            deps.uow, str(action.get("value", "")), body["user"]["id"], deps.clock.now()
        )
        others = asked.asks - 1
        so_far = f" {others} other{'s' if others != 1 else ''} asked too." if others else ""
        respond(
            text=f"Asked, anonymously: the organizer sees only a count.{so_far}",
            response_type="ephemeral",
            replace_original=False,
        )
        if asked.new and asked.organizer_id:
            deps.slack.send_dm(asked.organizer_id, ask_text(asked.title, asked.asks), [])
