"""The SQL of questions in channels with a response time. Never commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.driver import Rider
from bot.db.inserts import rows_changed
from bot.norms.questions import Status, Via
from bot.norms.tables import NormQuestion

_QUESTIONS = table(NormQuestion)
_WAITING = Status.WAITING.value


@cache
def _capture(dialect: str) -> Insert:
    # Built once per dialect: the hot path runs it, and building costs more than running.
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(_QUESTIONS).on_conflict_do_nothing(
        index_elements=["channel_id", "message_ts", "asked_id"]
    )


def capture(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store new questions in one statement; a question stored before (a retried event, or
    another replica) is skipped."""
    if rows:
        connection.execute(_capture(connection.dialect.name), [dict(row) for row in rows])


# PostgreSQL: the insert rides along the message's reachability read (bot/db/driver.py:
# Rider), so noting a question costs the hot path no round trip of its own. The rows of one
# message differ only in the person asked, hence one unnest over them.
_CAPTURE_POSTGRES = (
    "INSERT INTO norm_questions (channel_id, message_ts, thread_ts, asker_id, asked_id,"
    " asked_at, response_kind, response_amount, remind_at, status)"
    " SELECT %(q_channel)s, %(q_ts)s, %(q_thread)s, %(q_asker)s, a.asked, %(q_at)s,"
    " %(q_kind)s, %(q_amount)s, %(q_remind)s, %(q_status)s"
    " FROM unnest(%(q_asked)s::varchar[]) AS a(asked)"
    " ON CONFLICT (channel_id, message_ts, asked_id) DO NOTHING"
)


def capture_rider(rows: Sequence[Mapping[str, Any]]) -> Rider:
    """On PostgreSQL: capture()'s insert of one message's questions (rows that differ only
    in `asked_id`), as a statement to run with a read."""
    first = rows[0]
    params = {
        "q_channel": first["channel_id"], "q_ts": first["message_ts"],
        "q_thread": first["thread_ts"], "q_asker": first["asker_id"],
        "q_asked": [row["asked_id"] for row in rows], "q_at": first["asked_at"],
        "q_kind": first["response_kind"], "q_amount": first["response_amount"],
        "q_remind": first["remind_at"], "q_status": first["status"],
    }  # fmt: skip
    return Rider(_CAPTURE_POSTGRES, params)


# A reply in the thread, later than the question, by the person asked. Built once: every
# thread reply runs it.
_ANSWERED_IN_THREAD = (
    update(_QUESTIONS)
    .where(
        _QUESTIONS.c.channel_id == bindparam("channel"),
        _QUESTIONS.c.thread_ts == bindparam("thread"),
        _QUESTIONS.c.asked_id == bindparam("who"),
        _QUESTIONS.c.answered_at.is_(None),
        _QUESTIONS.c.asked_at < bindparam("at"),
    )
    .values(answered_at=bindparam("at"))
)


def answered_in_thread(
    session: Session, channel_id: str, thread_ts: str, user_id: str, at: datetime
) -> int:
    """Mark the person's questions in this thread asked before `at` answered; how many."""
    params = {"channel": channel_id, "thread": thread_ts, "who": user_id, "at": at}
    return rows_changed(session.execute(_ANSWERED_IN_THREAD, params))


def answered_by_reaction(
    db: Session | Connection, channel_id: str, message_ts: str, user_id: str, at: datetime
) -> int:
    """Mark the question in this message asked of the person answered; how many (0 or 1)."""
    found = update(NormQuestion).where(
        NormQuestion.channel_id == channel_id,
        NormQuestion.message_ts == message_ts,
        NormQuestion.asked_id == user_id,
        NormQuestion.answered_at.is_(None),
    )
    return rows_changed(db.execute(found.values(answered_at=at)))


def drop_message(session: Session, channel_id: str, message_ts: str) -> int:
    """Delete the questions a deleted message asked; how many."""
    gone = delete(NormQuestion).where(
        NormQuestion.channel_id == channel_id, NormQuestion.message_ts == message_ts
    )
    return rows_changed(session.execute(gone))


def drop(session: Session, ids: Sequence[int]) -> None:
    """Delete these questions: asked of someone who owes no answer (a bot, a closed account)."""
    if ids:
        session.execute(delete(NormQuestion).where(NormQuestion.id.in_(ids)))


def uncounted(session: Session, now: datetime, limit: int) -> list[NormQuestion]:
    """Questions whose due time the sweep has still to count, oldest first."""
    return list(
        session.scalars(
            select(NormQuestion)
            .where(NormQuestion.due_at.is_(None), NormQuestion.remind_at <= now)
            .order_by(NormQuestion.remind_at, NormQuestion.id)
            .limit(limit)
        )
    )


def _due(now: datetime, *, postponed: bool = False) -> tuple[Any, ...]:
    """Waiting, unanswered and past due; and due to be looked at, unless `postponed` ones
    count too."""
    due = (
        NormQuestion.status == _WAITING,
        NormQuestion.due_at <= now,
        NormQuestion.answered_at.is_(None),
    )
    return due if postponed else (*due, NormQuestion.remind_at <= now)


def due_people(session: Session, now: datetime, limit: int) -> list[str]:
    """People with an unanswered question past due that the sweep should look at now."""
    first = func.min(NormQuestion.remind_at)
    return list(
        session.scalars(
            select(NormQuestion.asked_id)
            .where(*_due(now))
            .group_by(NormQuestion.asked_id)
            .order_by(first, NormQuestion.asked_id)
            .limit(limit)
        )
    )


def due_for(
    session: Session, user_id: str, now: datetime, limit: int, *, postponed: bool = False
) -> list[NormQuestion]:
    """The person's unanswered questions past due, oldest first (with those the sweep put
    off till later, when `postponed`: a digest going out now may carry them)."""
    return list(
        session.scalars(
            select(NormQuestion)
            .where(NormQuestion.asked_id == user_id, *_due(now, postponed=postponed))
            .order_by(NormQuestion.asked_at, NormQuestion.id)
            .limit(limit)
        )
    )


def postpone(session: Session, user_id: str, now: datetime, until: datetime) -> None:
    """Look at the person's due questions again at `until` (they are not reachable now)."""
    session.execute(
        update(NormQuestion)
        .where(NormQuestion.asked_id == user_id, *_due(now))
        .values(remind_at=until)
    )


def claim(session: Session, ids: Sequence[int], via: Via, key: int, now: datetime) -> list[int]:
    """Record that a reminder of these questions is being sent, for those still waiting and
    unanswered (a concurrent claim or answer wins); the ids claimed."""
    if not ids:
        return []
    session.execute(
        update(NormQuestion)
        .where(
            NormQuestion.id.in_(sorted(ids)),
            NormQuestion.status == _WAITING,
            NormQuestion.answered_at.is_(None),
        )
        .values(status=Status.REMINDING.value, reminded_via=via.value, reminder_key=key,
                reminded_at=now)
    )  # fmt: skip
    return [q.id for q in claimed(session, via, key)]


def claimed(session: Session, via: Via, key: int) -> list[NormQuestion]:
    """The questions a recorded reminder carries, sent or not, oldest first."""
    return list(
        session.scalars(
            select(NormQuestion)
            .where(NormQuestion.reminded_via == via.value, NormQuestion.reminder_key == key)
            .where(NormQuestion.status == Status.REMINDING.value)
            .order_by(NormQuestion.asked_at, NormQuestion.id)
        )
    )


def unsent_dms(session: Session, limit: int) -> list[tuple[str, int]]:
    """(person, key) of every reminder DM recorded and not marked sent."""
    rows = session.execute(
        select(NormQuestion.asked_id, NormQuestion.reminder_key)
        .where(
            NormQuestion.status == Status.REMINDING.value,
            NormQuestion.reminded_via == Via.DM.value,
            NormQuestion.reminder_key.is_not(None),
        )
        .distinct()
        .order_by(NormQuestion.reminder_key)
        .limit(limit)
    )
    return [(str(user_id), key) for user_id, key in rows if key is not None]


def mark_reminded(session: Session, via: Via, key: int, now: datetime) -> None:
    """The reminder is in the DM (or the digest): its questions are reminded, for good."""
    session.execute(
        update(NormQuestion)
        .where(
            NormQuestion.reminded_via == via.value,
            NormQuestion.reminder_key == key,
            NormQuestion.status == Status.REMINDING.value,
        )
        .values(status=Status.REMINDED.value, reminded_at=now)
    )


def release(session: Session, ids: Sequence[int]) -> None:
    """Questions answered after a reminder was recorded: they are not reminded of."""
    if ids:
        session.execute(
            update(NormQuestion)
            .where(NormQuestion.id.in_(sorted(ids)), NormQuestion.status == Status.REMINDING.value)
            .values(status=_WAITING, reminded_via=None, reminder_key=None, reminded_at=None)
        )


def forget(session: Session, user_id: str) -> None:
    """Delete every question the person asked or was asked."""
    session.execute(
        delete(NormQuestion).where(
            or_(NormQuestion.asker_id == user_id, NormQuestion.asked_id == user_id)
        )
    )
