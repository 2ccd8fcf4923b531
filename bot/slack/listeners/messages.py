"""Message events in conversations Kairos is in: mentions are held, edits and deletes followed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import App

from bot.db import dedupe
from bot.focus.holding import (
    HoldOutcome,
    Reach,
    apply_delete,
    apply_edit,
    examine_message,
    hold_at_once,
    reach_of,
)
from bot.focus.mentions import HeldRecipient
from bot.focus.messages import held_note
from bot.focus.service import zone_named
from bot.focus.urgent import tell_urgent
from bot.meetings.agenda.call_prompts import agenda_less_call, agenda_request_text
from bot.meetings.agenda.calls import CallInvite
from bot.meetings.invites import take_file_invite, take_invite
from bot.slack import parse
from bot.slack.deps import Deps
from bot.slack.parse import DeletedMessage, EditedMessage, IncomingMessage, parse_message_event


def register(app: App, deps: Deps) -> None:
    """Attach the message listener: storing before the ack, the sender's note beside it."""

    # "message" with no subtype filter matches every subtype (edits, deletes, joins, bot
    # posts...). That matters: an event with no matching listener gets a 404 from Bolt, and
    # Slack retries it three times.
    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        change = parse_message_event(event)
        now = deps.clock.now()
        event_id = parse.event_id(body)
        match change:
            case IncomingMessage():
                on_incoming(deps, change, event_id, now)
            case EditedMessage():
                with deps.uow(event_id=event_id) as session:
                    apply_edit(session, change.channel_id, change.ts, change.text, change.blocks)
            case DeletedMessage():
                with deps.uow(event_id=event_id) as session:
                    apply_delete(session, change.channel_id, change.ts)


def on_incoming(deps: Deps, message: IncomingMessage, event_id: str | None, now: datetime) -> None:
    """Hold what must wait, escalate what is urgent, ask a call for its agenda."""
    # Most messages reach nobody who is away, and most that do are held in one statement:
    # neither needs a transaction around it.
    with deps.uow.autocommit() as connection:
        reach = reach_of(connection, deps.slack, message, now)
        invite = agenda_less_call(message, reach.mentions)
        outcome = None
        if invite is None:
            outcome = hold_at_once(
                connection, message, reach, event_id=event_id, now=now, markers=deps.urgent_markers
            )
    if outcome is None:
        outcome = _store(deps, message, reach, invite, event_id, now)
    _read_invites(deps, message, now)
    if outcome.held and message.from_person:
        # The mention is stored; the note to the sender need not hold up the ack.
        held, sender_tz = outcome.held, reach.sender_tz
        deps.in_background(lambda: tell_sender(deps, message, held, sender_tz, now))


def _store(  # noqa: PLR0917 - one step of on_incoming, all of it needed
    deps: Deps,
    message: IncomingMessage,
    reach: Reach,
    invite: CallInvite | None,
    event_id: str | None,
    now: datetime,
) -> HoldOutcome:
    # Held mentions are stored in the event's own transaction, before Slack gets its ack.
    recorded = False
    with deps.uow() as session:

        def record_event() -> None:
            # Before the first write; a retry of a handled event stops here, rolled back.
            nonlocal recorded
            if event_id and not recorded:
                dedupe.record(session, event_id, now)
                recorded = True

        outcome = examine_message(
            session, message, reach, now, deps.urgent_markers, before_writing=record_event
        )
        # Inside the transaction: if this DM fails, Slack retries the event and the
        # recipient is told then; an urgent mention is never silently lost.
        for recipient in outcome.urgent:
            # Before the DM, so that Slack notifies the recipient of it.
            if deps.connect is not None and deps.connect_port is not None:
                deps.connect.end_snooze_for_urgent(session, deps.connect_port, recipient, now)
            tell_urgent(
                deps.slack,
                recipient,
                message.sender_id,
                message.channel_id,
                message.ts,
                message.text,
            )
        if invite is not None:
            record_event()  # so that Slack's retry asks no second time
            deps.slack.reply_in_thread(
                message.channel_id, message.thread_ts or message.ts, agenda_request_text(invite)
            )
    return outcome


def _read_invites(deps: Deps, message: IncomingMessage, now: datetime) -> None:
    """Calendar invites shared in the message, read beside the ack."""
    if not message.calendar_files and not message.files_to_look_up:
        return
    # Downloading and reading an invite takes longer than Slack waits for the ack; a lost
    # invite costs at most a nudge, so it is courtesy work, not stored first.
    sender, files, look_up = message.sender_id, message.calendar_files, message.files_to_look_up

    def read_invites() -> None:
        for _file_id, url in files:
            take_invite(deps.uow, deps.slack, sender, url, now)
        for file_id in look_up:
            take_file_invite(deps.uow, deps.slack, sender, file_id, now)

    deps.in_background(read_invites)


def tell_sender(
    deps: Deps,
    message: IncomingMessage,
    held: list[HeldRecipient],
    sender_tz: str | None,
    now: datetime,
) -> None:
    """The ephemeral note: who is focusing, until when, and the urgent button."""
    # A sender who uses Kairos has their zone stored (kept fresh by user_change).
    zone = sender_tz if sender_tz is not None else deps.slack.user_timezone(message.sender_id)
    text, blocks = held_note(
        held,
        sender_tz=zone_named(zone),
        now=now,
        message_ts=message.ts,
        channel_id=message.channel_id,
    )
    deps.slack.post_ephemeral(
        message.channel_id, message.sender_id, text, blocks, thread_ts=message.thread_ts
    )
