"""Broadcasts held after the ack: an @channel, @here or @everyone in a channel whose members
this process has not read lately.

Reading them is a paginated conversations.members call (1,000 a page, rate limited): ten
calls for a channel of 10,000, too slow for Slack's three seconds. So the ack stores the
message as a pending broadcast (with the event id, in one transaction: nothing is lost, and
a retry stores nothing twice), and the members are read after it. Holding the message for
whoever is away then deletes the pending row in the same transaction, so it is done exactly
once, whether by the work run after the ack or by the sweep that finishes what a crash or a
failed Slack call left behind (bot/focus/broadcast_sweep.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.focus import repo_broadcasts
from bot.focus.holding import HoldOutcome, IncomingMessage, Reach, examine_message, reach_of
from bot.focus.mentions import HeldRecipient, is_urgent
from bot.focus.ports import ConnectHook
from bot.focus.urgent import alert_urgent
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.ports import SlackPort
from bot.retry import backoff, database_unavailable, describe

log = logging.getLogger(__name__)

# The sweep leaves a new pending broadcast alone this long: the work started right after
# the ack is reading its members meanwhile (its client waits out a few 429s on the way).
GRACE = timedelta(minutes=2)


def store_pending(session: Session, message: IncomingMessage, now: datetime) -> None:
    """Store the broadcast in the ack's transaction, to be held once its members are read."""
    repo_broadcasts.add(
        session,
        {
            "channel_id": message.channel_id,
            "message_ts": message.ts,
            "thread_ts": message.thread_ts,
            "sender_id": message.sender_id,
            "text": message.text,
            "sent_at": message.sent_at,
            "recorded_at": now,
            "attempts": 0,
            "next_try_at": now + GRACE,
        },
    )


@dataclass(frozen=True)
class Finished:
    """A broadcast held for everyone it reaches who is away, and what the sender is told."""

    message: IncomingMessage
    reach: Reach
    outcome: HoldOutcome
    # Everyone held, direct mentions held in the ack included: the one note lists them all.
    held: list[HeldRecipient]
    urgent: bool


def finish_broadcast(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    channel_id: str,
    message_ts: str,
    *,
    now: datetime,
    markers: Sequence[str],
    language: Language = DEFAULT_LANGUAGE,
) -> Finished | None:
    """Read the channel's members (all pages), hold the message for whoever is away, and
    delete the pending row in that transaction; None when it was finished already. An
    urgent one is DMed to each in their language (`language` for those without one)."""
    with uow.autocommit() as connection:
        pending = repo_broadcasts.get(connection, channel_id, message_ts)
    if pending is None:
        return None
    message = IncomingMessage(
        channel_id=pending.channel_id,
        ts=pending.message_ts,
        thread_ts=pending.thread_ts,
        sender_id=pending.sender_id,
        text=pending.text,
    )
    # Slack first, with no transaction open: the pages can take seconds.
    with uow.autocommit() as connection:
        reach = reach_of(connection, slack, message, now)
    with uow() as session:
        if not repo_broadcasts.take(session, channel_id, message_ts):
            return None  # the sweep and the work after the ack met: the other one did it
        # Direct and group mentions were held (or told urgently) in the ack already.
        done = repo_broadcasts.handled(session, channel_id, message_ts, message.sender_id)
        rest = replace(reach, away=tuple(a for a in reach.away if a.user_id not in done))
        outcome = examine_message(session, message, rest, now, markers)
        # Inside the transaction, as in the ack: if a DM fails, the row stays for the sweep.
        alert_urgent(session, slack, connect, message, outcome.urgent, now=now, language=language)
    urgent = is_urgent(message.text, markers)
    held = (
        [] if urgent else [HeldRecipient(a.user_id, a.available_at, a.reason) for a in reach.away]
    )
    return Finished(message, reach, outcome, held, urgent=urgent and bool(reach.away))


def expand(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    channel_id: str,
    message_ts: str,
    *,
    now: datetime,
    markers: Sequence[str],
    language: Language = DEFAULT_LANGUAGE,
) -> Finished | None:
    """finish_broadcast, with a failure (Slack refusing, a page that never came) counted on
    the row and logged once: the sweep tries it again after a backoff. None then too."""
    try:
        return finish_broadcast(
            uow, slack, connect, channel_id, message_ts, now=now, markers=markers, language=language
        )
    except Exception as error:
        if database_unavailable(error):
            raise  # not this broadcast's fault; the row is there for the next sweep
        _failed(uow, channel_id, message_ts, now, error)
        return None


def _failed(
    uow: UnitOfWork, channel_id: str, message_ts: str, now: datetime, error: Exception
) -> None:
    with uow() as session:
        pending = repo_broadcasts.get(session.connection(), channel_id, message_ts)
        if pending is None:
            return
        attempts = pending.attempts + 1
        wait = backoff(attempts)
        repo_broadcasts.failed(session, channel_id, message_ts, attempts, now + wait)
    log.warning(
        "broadcast %s %s: holding it failed (attempt %d, %s); trying it again in %d s",
        channel_id,
        message_ts,
        attempts,
        describe(error),
        int(wait.total_seconds()),
    )


def due_broadcasts(uow: UnitOfWork, now: datetime, limit: int) -> list[tuple[str, str]]:
    """(channel, message ts) of the pending broadcasts past their grace or backoff."""
    with uow() as session:
        return repo_broadcasts.due(session, now, limit)
