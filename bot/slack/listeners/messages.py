"""Message events in conversations Kairos is in: mentions are held, edits and deletes followed."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.focus.holding import HoldOutcome, apply_delete, apply_edit, examine_message
from bot.focus.service import zone_named
from bot.focus.urgent import tell_urgent
from bot.slack.blocks.notes import held_note
from bot.slack.deps import Deps
from bot.slack.parse import DeletedMessage, EditedMessage, IncomingMessage, parse_message_event


def register(app: App, deps: Deps) -> None:
    """Attach the message listener."""

    # "message" with no subtype filter matches every subtype (edits, deletes, joins, bot
    # posts...). That matters: an event with no matching listener gets a 404 from Bolt, and
    # Slack retries it three times.
    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        change = parse_message_event(event)
        now = deps.clock.now()
        outcome = HoldOutcome(held=[], urgent=[])
        # Held mentions are stored in the event's own transaction, before Slack gets its ack.
        with deps.uow(event_id=body.get("event_id")) as session:
            match change:
                case IncomingMessage():
                    outcome = examine_message(session, deps.slack, change, now, deps.urgent_markers)
                    # Inside the transaction: if this DM fails, Slack retries the event and
                    # the recipient is told then; an urgent mention is never silently lost.
                    for recipient in outcome.urgent:
                        tell_urgent(
                            deps.slack,
                            recipient,
                            change.sender_id,
                            change.channel_id,
                            change.ts,
                            change.text,
                        )
                case EditedMessage():
                    apply_edit(session, change.channel_id, change.ts, change.text, change.blocks)
                case DeletedMessage():
                    apply_delete(session, change.channel_id, change.ts)
        if isinstance(change, IncomingMessage) and outcome.held and change.from_person:
            text, blocks = held_note(
                outcome.held,
                sender_tz=zone_named(deps.slack.user_timezone(change.sender_id)),
                now=now,
                message_ts=change.ts,
                channel_id=change.channel_id,
            )
            deps.slack.post_ephemeral(
                change.channel_id, change.sender_id, text, blocks, thread_ts=change.thread_ts
            )
