"""Questions as messages arrive: one is noted, answered by a reply or a reaction, or dropped
with its message. The message hot path (bot/focus/incoming.py) calls these.

Noting costs nothing for most messages: only one from a person that names someone and
asks something (asking.asks) looks at the channel's norms, which this process keeps
(KnownNorms), and only a channel with a response time stores anything: one insert, which on
PostgreSQL rides along the message's reachability read (no round trip of its own). When
the answer is due is counted later by the sweep (bot/norms/reminders.py), off the path
Slack waits on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from bot.db.driver import Rider
from bot.db.uow import UnitOfWork
from bot.focus.holding import IncomingMessage
from bot.norms import repo as norms_repo
from bot.norms import repo_questions
from bot.norms.asking import asks
from bot.norms.model import Norms
from bot.norms.questions import Status, answer_thread, asked_of


@dataclass(frozen=True)
class Reaction:
    """Someone reacted to a message in a conversation."""

    user_id: str
    channel_id: str
    message_ts: str


# How long this process trusts the norms it read. Norms change rarely and most channels have
# none: asking the database for every question, and for every note to a sender whose
# mention was held, cost the ack path a round trip each (bench/mention_acks.py). A change
# saved on this process is seen at once (save_norms forgets them); one saved on another
# replica within this long.
KNOWN_NORMS_FOR = timedelta(seconds=30)


class KnownNorms:
    """The norms of every channel that has them, as this process last read them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._norms: dict[str, Norms] = {}
        self._read_at: datetime | None = None

    def on(self, connection: Connection, channel_id: str, now: datetime) -> Norms | None:
        """The channel's norms, read again on this connection when they are old."""
        return self._current(now, lambda: norms_repo.all_on(connection)).get(channel_id)

    def of(self, uow: UnitOfWork, channel_id: str, now: datetime) -> Norms | None:
        """The channel's norms; a connection is taken only when they are old."""

        def read() -> dict[str, Norms]:
            with uow.autocommit() as connection:
                return norms_repo.all_on(connection)

        return self._current(now, read).get(channel_id)

    def forget(self) -> None:
        """Read them again next time: norms were just saved."""
        with self._lock:
            self._read_at = None

    def _current(self, now: datetime, read: Callable[[], dict[str, Norms]]) -> dict[str, Norms]:
        with self._lock:
            read_at, norms = self._read_at, self._norms
        if read_at is None or not read_at <= now < read_at + KNOWN_NORMS_FOR:
            norms = read()
            with self._lock:
                self._norms, self._read_at = norms, now
        return norms


# One copy per unit of work, that is per database: a process has one, each test its own.
_KNOWN: WeakKeyDictionary[UnitOfWork, KnownNorms] = WeakKeyDictionary()
_KNOWN_LOCK = threading.Lock()


def known_norms(uow: UnitOfWork) -> KnownNorms:
    """The norms this process keeps for this database."""
    with _KNOWN_LOCK:
        found = _KNOWN.get(uow)
        if found is None:
            found = _KNOWN[uow] = KnownNorms()
        return found


def note_question(
    connection: Connection,
    message: IncomingMessage,
    mentioned: Iterable[str],
    *,
    known: KnownNorms,
    now: datetime,
) -> Rider | None:
    """Note the question this message asks of the people it names, in a channel with a
    response time. On PostgreSQL the insert is returned instead, for the caller to run along
    its next read (bot/focus/holding.py: reach_of); elsewhere it is made here. None: nothing
    left to write."""
    if not message.from_person:
        return None  # an app's message is not a question someone owes an answer to
    asked = asked_of(mentioned, message.sender_id)
    if not asked or not asks(message.text):
        return None
    norms = known.on(connection, message.channel_id, now)
    if norms is None or norms.response is None:
        return None  # the common case: a channel without a response time
    at, thread = message.sent_at, answer_thread(message.ts, message.thread_ts)
    rows = [
        {
            "channel_id": message.channel_id,
            "message_ts": message.ts,
            "thread_ts": thread,
            "asker_id": message.sender_id,
            "asked_id": user_id,
            "asked_at": at,
            "response_kind": norms.response.kind.value,
            "response_amount": norms.response.amount,
            "due_at": None,
            "answered_at": None,
            # The sweep counts when the answer is due at its next pass.
            "remind_at": at,
            "status": Status.WAITING.value,
        }
        for user_id in asked
    ]
    if connection.dialect.name == "postgresql":
        return repo_questions.capture_rider(rows)
    repo_questions.capture(connection, rows)
    return None


def note_answer(session: Session, message: IncomingMessage) -> None:
    """A reply in a thread answers the questions in it that were asked of its sender."""
    if message.thread_ts is None or not message.from_person:
        return
    repo_questions.answered_in_thread(
        session, message.channel_id, message.thread_ts, message.sender_id, message.sent_at
    )


def note_reaction(uow: UnitOfWork, reaction: Reaction, now: datetime) -> bool:
    """A reaction by the person asked answers the question; whether it did.

    One statement, idempotent (only an unanswered question is touched), so a retried event
    needs no record of its id.
    """
    with uow.autocommit() as connection:
        answered = repo_questions.answered_by_reaction(
            connection, reaction.channel_id, reaction.message_ts, reaction.user_id, now
        )
    return answered > 0


def drop_questions(session: Session, channel_id: str, message_ts: str) -> None:
    """A deleted message asks nothing any more: its questions are dropped."""
    repo_questions.drop_message(session, channel_id, message_ts)
