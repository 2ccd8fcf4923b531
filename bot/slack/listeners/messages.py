"""Message events in conversations Kairos is in: mentions are held, edits and deletes followed."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.focus.incoming import message_deleted, message_edited, receive_message
from bot.slack import parse
from bot.slack.deps import Deps
from bot.slack.parse import DeletedMessage, EditedMessage, IncomingMessage, parse_message_event


def register(app: App, deps: Deps) -> None:
    """Attach the message listener: storing before the ack, the sender's note beside it."""
    connect = deps.connect_link

    # "message" with no subtype filter matches every subtype (edits, deletes, joins, bot
    # posts...). That matters: an event with no matching listener gets a 404 from Bolt, and
    # Slack retries it three times.
    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        change, event_id = parse_message_event(event), parse.event_id(body)
        match change:
            case IncomingMessage():
                receive_message(
                    deps.uow,
                    deps.slack,
                    connect,
                    change,
                    event_id=event_id,
                    now=deps.clock.now(),
                    markers=deps.urgent_markers,
                    background=deps.in_background,
                    language=deps.language,
                )
            case EditedMessage():
                c = change
                message_edited(deps.uow, c.channel_id, c.ts, c.text, c.blocks, event_id=event_id)
            case DeletedMessage():
                message_deleted(deps.uow, change.channel_id, change.ts, event_id=event_id)
