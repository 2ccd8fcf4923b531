"""Messages where Kairos can see them: hold what must wait, escalate what is urgent, ask a
call for its agenda, note questions in channels with a response time and their answers; and
follow held messages that are edited or deleted afterwards.

The hot path. Most messages reach nobody who is away, and most that do are held in one
statement: neither opens a transaction. Whatever is stored is stored before the listener
returns (and Slack gets its ack); the note to the sender and reading shared invites are
courtesy work, handed to `background` to run beside the ack. So is reading the members of a
channel an @channel reaches, when this process has not read them lately: the message is
stored as a pending broadcast in the ack and held after it (broadcasts.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.db import dedupe
from bot.db.driver import Rider
from bot.db.uow import UnitOfWork
from bot.focus.broadcasts import expand, store_pending
from bot.focus.expect import expected_answer
from bot.focus.holding import (
    HoldOutcome,
    IncomingMessage,
    Reach,
    apply_delete,
    apply_edit,
    examine_message,
    hold_at_once,
    reach_of,
)
from bot.focus.mentions import HeldRecipient, MessageMentions
from bot.focus.messages import held_note, urgent_route_text
from bot.focus.model import zone_named
from bot.focus.ports import ConnectHook
from bot.focus.urgent import alert_urgent, hint_urgent_route
from bot.i18n import speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language, person_language
from bot.meetings.agenda.call_prompts import agenda_less_call, agenda_request_text
from bot.meetings.agenda.calls import CallInvite
from bot.meetings.invites import take_file_invite, take_invite
from bot.norms.asked import drop_questions, known_norms, note_answer, note_question
from bot.norms.model import ResponseTime
from bot.ports import SlackPort
from bot.workspace.languages import channel_language

log = logging.getLogger(__name__)

# Runs work beside the acknowledgement, not before it (the listener's in_background).
Background = Callable[[Callable[[], None]], None]
# A broadcast can hold a message for a whole channel: beyond this many people the note
# names who is away but leaves out when each will answer (it would be a roll call).
MAX_EXPECTED = 10


def receive_message(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    message: IncomingMessage,
    *,
    event_id: str | None,
    now: datetime,
    markers: Sequence[str],
    background: Background,
    language: Language = DEFAULT_LANGUAGE,
) -> None:
    """Hold what must wait, escalate what is urgent, ask a call for its agenda. The sender's
    note and each urgent DM speak their reader's language; `language` (KAIROS_LANGUAGE) is
    for those Kairos has none for."""
    # Most messages reach nobody who is away, and most that do are held in one statement:
    # neither needs a transaction around it.
    with uow.autocommit() as connection:
        # The question is noted before anything that stops at a retried event (the insert
        # is idempotent), and on PostgreSQL in the same statement as the read of who is away.
        def question(mentions: MessageMentions) -> Rider | None:
            known = known_norms(uow)
            return note_question(connection, message, mentions.users, known=known, now=now)

        reach = reach_of(connection, slack, message, now, ride=question, defer_broadcast=True)
        invite = agenda_less_call(message, reach.mentions)
        outcome = None
        if invite is None and not reach.broadcast_pending:
            outcome = hold_at_once(
                connection, message, reach, event_id=event_id, now=now, markers=markers
            )
    if outcome is None:
        outcome = _store(
            uow,
            slack,
            connect,
            message,
            reach=reach,
            invite=invite,
            event_id=event_id,
            now=now,
            markers=markers,
            language=language,
        )
    _read_invites(uow, slack, message, now, background)
    if outcome.held:
        # Their digests will be DMs: opened now, so that a 09:00 of digests opens none.
        ahead = [recipient.user_id for recipient in outcome.held]
        background(lambda: open_dms_ahead(slack, ahead))
    if reach.broadcast_pending:
        # Held for the channel once its members are read; the one note then names everyone.
        def hold_for_channel() -> None:
            channel_id, ts, person = message.channel_id, message.ts, message.from_person
            hold_broadcast(
                uow,
                slack,
                connect,
                channel_id,
                ts,
                now=now,
                markers=markers,
                from_person=person,
                language=language,
            )

        background(hold_for_channel)
        return
    if not message.from_person:
        return
    if outcome.held:
        # The mention is stored; the note to the sender need not hold up the ack.
        held = outcome.held
        background(lambda: tell_sender(uow, slack, message, held, reach, now, language=language))
    elif outcome.urgent:
        sender_tz = reach.sender_tz
        background(
            lambda: hint_urgent_route(uow, slack, message, sender_tz, now, language=language)
        )


def _store(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    message: IncomingMessage,
    *,
    reach: Reach,
    invite: CallInvite | None,
    event_id: str | None,
    now: datetime,
    markers: Sequence[str],
    language: Language,
) -> HoldOutcome:
    # Held mentions are stored in the event's own transaction, before Slack gets its ack.
    recorded = False
    with uow() as session:
        note_answer(session, message)  # idempotent: a retry may do it again

        def record_event() -> None:
            # Before the first write; a retry of a handled event stops here, rolled back.
            nonlocal recorded
            if event_id and not recorded:
                dedupe.record(session, event_id, now)
                recorded = True

        if reach.broadcast_pending:
            record_event()  # with the pending row: a retry neither stores nor holds again
            store_pending(session, message, now)

        outcome = examine_message(
            session, message, reach, now, markers, before_writing=record_event
        )
        # Inside the transaction: if this DM fails, Slack retries the event and the
        # recipient is told then; an urgent mention is never silently lost.
        alert_urgent(session, slack, connect, message, outcome.urgent, now=now, language=language)
        if invite is not None:
            record_event()  # so that Slack's retry asks no second time
            # In the channel's language: the thread is read by everyone in it.
            spoken = channel_language(session, message.channel_id, language)
            thread = message.thread_ts or message.ts
            slack.reply_in_thread(message.channel_id, thread, agenda_request_text(invite, spoken))
    return outcome


def _read_invites(
    uow: UnitOfWork,
    slack: SlackPort,
    message: IncomingMessage,
    now: datetime,
    background: Background,
) -> None:
    """Calendar invites shared in the message, read beside the ack."""
    if not message.calendar_files and not message.files_to_look_up:
        return
    # Downloading and reading an invite takes longer than Slack waits for the ack; a lost
    # invite costs at most a nudge, so it is courtesy work, not stored first.
    sender, files, look_up = message.sender_id, message.calendar_files, message.files_to_look_up

    def read_invites() -> None:
        for _file_id, url in files:
            take_invite(uow, slack, sender, url, now)
        for file_id in look_up:
            take_file_invite(uow, slack, sender, file_id, now)

    background(read_invites)


def hold_broadcast(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    channel_id: str,
    message_ts: str,
    *,
    now: datetime,
    markers: Sequence[str],
    from_person: bool | None,
    language: Language = DEFAULT_LANGUAGE,
) -> bool:
    """Hold a pending broadcast for everyone it reaches who is away, then tell the sender
    as the ack would have (from_person None: Slack is asked). Whether it was held now."""
    finished = expand(
        uow, slack, connect, channel_id, message_ts, now=now, markers=markers, language=language
    )
    if finished is None:
        return False
    message, reach = finished.message, finished.reach
    if finished.outcome.held:
        open_dms_ahead(slack, [recipient.user_id for recipient in finished.outcome.held])
    if not (finished.held or finished.urgent):
        return True
    if from_person is None:
        from_person = slack.is_person(message.sender_id)  # bots get no note
    if from_person and finished.held:
        tell_sender(uow, slack, message, finished.held, reach, now, language=language)
    elif from_person:
        hint_urgent_route(uow, slack, message, reach.sender_tz, now, language=language)
    return True


def open_dms_ahead(slack: SlackPort, user_ids: list[str]) -> None:
    """Make sure Kairos has a DM with each person a mention was held for. Courtesy work: a
    failure is one log line and changes nothing (the digest opens a DM it still lacks)."""
    try:
        slack.open_dms_ahead(user_ids)
    except Exception as error:
        log.warning("could not open DMs ahead for %d people: %r", len(user_ids), error)


def tell_sender(  # noqa: PLR0917 - the message, whom it reached, and when
    uow: UnitOfWork,
    slack: SlackPort,
    message: IncomingMessage,
    held: list[HeldRecipient],
    reach: Reach,
    now: datetime,
    *,
    language: Language = DEFAULT_LANGUAGE,
) -> None:
    """The ephemeral note, in the sender's language: who is away, until when, when to expect
    an answer (the channel's response time), the urgent route for anyone on leave, and the
    urgent button."""
    # A sender who uses Kairos has their zone stored (kept fresh by user_change), and
    # perhaps a language; anyone else's come from Slack (users.info, one call for both).
    if reach.sender_tz is None:
        zone = slack.user_timezone(message.sender_id)
        language = person_language(None, slack.user_locale(message.sender_id), language)
    else:
        zone = reach.sender_tz
        # Read with the sender's zone in the ack's one statement: nothing to read now.
        language = person_language(reach.sender_language, reach.sender_locale, language)
    # As this process last read them (bot/norms/asked.py: KNOWN_NORMS_FOR).
    norms = known_norms(uow).of(uow, message.channel_id, now)
    expected: dict[str, datetime] = {}
    route = None
    with speaking(language):
        if norms is not None:
            if norms.response is not None and len(held) <= MAX_EXPECTED:
                expected = _expected(reach, {r.user_id for r in held}, norms.response, now)
            if norms.urgent is not None:
                route = urgent_route_text(norms.urgent.channel_id)
        text, blocks = held_note(
            held,
            sender_tz=zone_named(zone),
            now=now,
            message_ts=message.ts,
            channel_id=message.channel_id,
            expected=expected,
            urgent_route=route,
        )
    slack.post_ephemeral(
        message.channel_id, message.sender_id, text, blocks, thread_ts=message.thread_ts
    )


def _expected(
    reach: Reach, held: set[str], response: ResponseTime, now: datetime
) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for person in reach.away:
        if person.user_id in held:
            due = expected_answer(person.state, person.tz, now, response)
            if due is not None:
                found[person.user_id] = due
    return found


def message_edited(
    uow: UnitOfWork,
    channel_id: str,
    message_ts: str,
    text: str,
    blocks: list[dict[str, Any]],
    *,
    event_id: str | None,
) -> None:
    """An edited message: a held one keeps its newest text, or is dropped without the mention."""
    with uow(event_id=event_id) as session:
        apply_edit(session, channel_id, message_ts, text, blocks)


def message_deleted(
    uow: UnitOfWork, channel_id: str, message_ts: str, *, event_id: str | None
) -> None:
    """A deleted message is dropped from every digest it was waiting for, and its questions
    from the reminders."""
    with uow(event_id=event_id) as session:
        apply_delete(session, channel_id, message_ts)
        drop_questions(session, channel_id, message_ts)
