"""The sweep that finishes pending broadcasts: those whose holding after the ack never ran
(the process stopped) or failed (Slack refused the members call), once past their grace
period or backoff (bot/focus/broadcasts.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.db.uow import UnitOfWork
from bot.focus.broadcasts import due_broadcasts
from bot.focus.incoming import hold_broadcast
from bot.focus.ports import ConnectHook
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.ports import SlackPort
from bot.retry import Retries

# Each is a paginated members call: a handful a sweep leaves time for the other sweepers.
BATCH = 10


def finish_due_broadcasts(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    now: datetime,
    *,
    markers: Sequence[str],
    retries: Retries | None = None,
    language: Language = DEFAULT_LANGUAGE,
) -> int:
    """Hold the pending broadcasts that are due; how many were held now. `language`
    (KAIROS_LANGUAGE) speaks to senders and recipients Kairos has no language for.

    A failed hold is counted on its row, which sets its backoff; `retries` only logs a
    failure after it (the sender's note) once, without stopping the others.
    """
    retries = retries or Retries("finish broadcasts")
    finished = 0
    for channel_id, message_ts in due_broadcasts(uow, now, BATCH):
        key = f"{channel_id} {message_ts}"

        def work(channel_id: str = channel_id, message_ts: str = message_ts) -> bool:
            return hold_broadcast(
                uow,
                slack,
                connect,
                channel_id,
                message_ts,
                now=now,
                markers=markers,
                from_person=None,
                language=language,
            )

        if retries.attempt(key, now, work):
            finished += 1
    return finished
