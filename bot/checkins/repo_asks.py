"""The SQL of each person's ask in a check-in round: the DM, its one reminder, the answer.
Never commits; each step is claimed the way repo_rounds.py explains."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from bot.checkins.tables import (
    AskState,
    CheckIn,
    CheckInAsk,
    CheckInPerson,
    CheckInRound,
    RoundState,
    Status,
)
from bot.db.base import table
from bot.db.inserts import insert_new, rows_changed

_ANSWERED = (AskState.ANSWERING, AskState.ANSWERED)
# An answer is taken while its round is open (and before: its opening post may be late).
_TAKES_ANSWERS = (RoundState.OPENING, RoundState.OPEN)


class Recorded(StrEnum):
    """What recording an answer did."""

    RECORDED = "recorded"
    ALREADY = "already"  # a modal submitted twice: the first one counts
    CLOSED = "closed"  # the round is wrapping up or over
    UNKNOWN = "unknown"  # the person is not asked in this round


# --- asks ------------------------------------------------------------------------------------


def add_asks(session: Session, round_id: int, ask_at: Mapping[str, datetime]) -> int:
    """Record who a round asks and when (their next reachable moment); a person already
    recorded (a retried opening, a second replica) is skipped. How many were added."""
    rows = [
        {"round_id": round_id, "user_id": user_id, "ask_at": at, "state": AskState.DUE.value}
        for user_id, at in sorted(ask_at.items())
    ]
    return insert_new(session, table(CheckInAsk), rows, ("round_id", "user_id"))


def get_ask(session: Session, round_id: int, user_id: str) -> CheckInAsk | None:
    """One person's ask in a round, read afresh."""
    return session.scalar(
        select(CheckInAsk)
        .where(CheckInAsk.round_id == round_id, CheckInAsk.user_id == user_id)
        .execution_options(populate_existing=True)
    )


def asks_of(session: Session, round_id: int) -> list[CheckInAsk]:
    """Everyone's ask in a round, by user id."""
    return list(
        session.scalars(
            select(CheckInAsk).where(CheckInAsk.round_id == round_id).order_by(CheckInAsk.user_id)
        )
    )


def due_asks(session: Session, now: datetime, limit: int) -> list[CheckInAsk]:
    """Asks whose person is reachable now, in rounds that are open, earliest first."""
    return list(
        session.scalars(
            select(CheckInAsk)
            .join(CheckInRound, CheckInRound.id == CheckInAsk.round_id)
            .where(
                CheckInAsk.state == AskState.DUE,
                CheckInAsk.ask_at <= now,
                CheckInRound.state == RoundState.OPEN,
            )
            .order_by(CheckInAsk.ask_at, CheckInAsk.round_id, CheckInAsk.user_id)
            .limit(limit)
        )
    )


def claim_ask(
    session: Session,
    round_id: int,
    user_id: str,
    expected: AskState,
    to: AskState,
    *,
    now: datetime,
) -> bool:
    """Move one ask from `expected` to `to` if it is still there; whether this caller won."""
    moved = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id, CheckInAsk.user_id == user_id, CheckInAsk.state == expected
    )
    return rows_changed(session.execute(moved.values(state=to, claimed_at=now))) == 1


def mark_asked(
    session: Session, round_id: int, user_id: str, dm_channel: str, dm_ts: str, *, now: datetime
) -> bool:
    """Record the DM of an ask being sent; False if it was not being sent (any more)."""
    asked = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id,
        CheckInAsk.user_id == user_id,
        CheckInAsk.state == AskState.ASKING,
    )
    values = {"state": AskState.ASKED, "dm_channel": dm_channel, "dm_ts": dm_ts,
              "asked_at": now, "claimed_at": None}  # fmt: skip
    return rows_changed(session.execute(asked.values(**values))) == 1


def stuck_asks(session: Session, claimed_before: datetime, limit: int) -> list[CheckInAsk]:
    """Asks claimed (asking, answering) before `claimed_before` whose post was never
    recorded: their DM or their answer's post is to be looked for, then sent."""
    return list(
        session.scalars(
            select(CheckInAsk)
            .where(
                CheckInAsk.state.in_((AskState.ASKING, AskState.ANSWERING)),
                CheckInAsk.claimed_at < claimed_before,
            )
            .order_by(CheckInAsk.claimed_at, CheckInAsk.round_id, CheckInAsk.user_id)
            .limit(limit)
        )
    )


def reclaim_ask(
    session: Session,
    round_id: int,
    user_id: str,
    state: AskState,
    *,
    claimed_before: datetime,
    now: datetime,
) -> bool:
    """Take over an ask's step left claimed since before `claimed_before`; whether won."""
    taken = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id,
        CheckInAsk.user_id == user_id,
        CheckInAsk.state == state,
        CheckInAsk.claimed_at < claimed_before,
    )
    return rows_changed(session.execute(taken.values(claimed_at=now))) == 1


# --- the one reminder --------------------------------------------------------------------------


# Asked, not answered, never reminded, in an open round whose reminder time has come and
# whose answers are not due yet (after that, the wrap-up speaks).
def _remindable(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        CheckInAsk.state == AskState.ASKED,
        CheckInAsk.reminded_at.is_(None),
        CheckInRound.state == RoundState.OPEN,
        CheckInRound.remind_at <= now,
        CheckInRound.due_at > now,
    )


def due_reminders(session: Session, now: datetime, limit: int) -> list[CheckInAsk]:
    """Asks whose one reminder is due now, earliest round first."""
    return list(
        session.scalars(
            select(CheckInAsk)
            .join(CheckInRound, CheckInRound.id == CheckInAsk.round_id)
            .where(*_remindable(now))
            .order_by(CheckInRound.remind_at, CheckInAsk.round_id, CheckInAsk.user_id)
            .limit(limit)
        )
    )


def claim_reminder(session: Session, round_id: int, user_id: str, now: datetime) -> bool:
    """Claim one ask's reminder (reminded_at is the claim); whether this caller won. An
    answer that came first wins: the ask is no longer 'asked'."""
    claimed = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id,
        CheckInAsk.user_id == user_id,
        CheckInAsk.state == AskState.ASKED,
        CheckInAsk.reminded_at.is_(None),
    )
    return rows_changed(session.execute(claimed.values(reminded_at=now))) == 1


def mark_reminded(session: Session, round_id: int, user_id: str, reminder_ts: str) -> bool:
    """Record a claimed reminder's DM; False if no reminder was claimed or it was recorded."""
    sent = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id,
        CheckInAsk.user_id == user_id,
        CheckInAsk.reminded_at.is_not(None),
        CheckInAsk.reminder_ts.is_(None),
    )
    return rows_changed(session.execute(sent.values(reminder_ts=reminder_ts))) == 1


def stuck_reminders(session: Session, claimed_before: datetime, limit: int) -> list[CheckInAsk]:
    """Reminders claimed before `claimed_before` and never recorded, of people still not
    answering in an open round."""
    return list(
        session.scalars(
            select(CheckInAsk)
            .join(CheckInRound, CheckInRound.id == CheckInAsk.round_id)
            .where(
                CheckInAsk.state == AskState.ASKED,
                CheckInAsk.reminded_at < claimed_before,
                CheckInAsk.reminder_ts.is_(None),
                CheckInRound.state == RoundState.OPEN,
            )
            .order_by(CheckInAsk.reminded_at, CheckInAsk.round_id, CheckInAsk.user_id)
            .limit(limit)
        )
    )


def reclaim_reminder(
    session: Session, round_id: int, user_id: str, claimed_before: datetime, now: datetime
) -> bool:
    """Take over a reminder left claimed since before `claimed_before`; whether won."""
    taken = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id,
        CheckInAsk.user_id == user_id,
        CheckInAsk.state == AskState.ASKED,
        CheckInAsk.reminded_at < claimed_before,
        CheckInAsk.reminder_ts.is_(None),
    )
    return rows_changed(session.execute(taken.values(reminded_at=now))) == 1


# --- answers ---------------------------------------------------------------------------------


def record_answer(
    session: Session,
    round_id: int,
    user_id: str,
    answers: Sequence[str],
    *,
    blocker: str | None,
    now: datetime,
) -> Recorded:
    """Record a person's answers, to be posted in the round's thread (kept until then), and
    the blocker they named (kept until the wrap-up). Once: a second submission changes
    nothing and says so."""
    takes_answers = select(CheckInRound.id).where(
        CheckInRound.id == round_id, CheckInRound.state.in_(_TAKES_ANSWERS)
    )
    recorded = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id,
        CheckInAsk.user_id == user_id,
        CheckInAsk.state.not_in(_ANSWERED),
        CheckInAsk.round_id.in_(takes_answers),
    )
    values = {"state": AskState.ANSWERING, "answers": json.dumps(list(answers)),
              "blocker": blocker or None, "answered_at": now, "claimed_at": now}  # fmt: skip
    if rows_changed(session.execute(recorded.values(**values))) == 1:
        return Recorded.RECORDED
    state = session.scalar(
        select(CheckInAsk.state).where(
            CheckInAsk.round_id == round_id, CheckInAsk.user_id == user_id
        )
    )
    if state is None:
        return Recorded.UNKNOWN
    return Recorded.ALREADY if state in _ANSWERED else Recorded.CLOSED


def answers_of(ask: CheckInAsk) -> list[str]:
    """The answers waiting in an ask to be posted (none once posted)."""
    return [str(answer) for answer in json.loads(ask.answers)] if ask.answers else []


def mark_answer_posted(session: Session, round_id: int, user_id: str, answer_ts: str) -> bool:
    """Record the thread post of a recorded answer and delete its text; False if it was
    not waiting to be posted."""
    posted = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id,
        CheckInAsk.user_id == user_id,
        CheckInAsk.state == AskState.ANSWERING,
    )
    values = {"state": AskState.ANSWERED, "answer_ts": answer_ts, "answers": None,
              "claimed_at": None}  # fmt: skip
    return rows_changed(session.execute(posted.values(**values))) == 1


# --- someone leaves the channel --------------------------------------------------------------


def person_left(session: Session, channel_id: str, user_id: str) -> int:
    """Someone left a channel: they leave every check-in (not stopped) that posts there, and
    their asks not answered yet in its rounds still open are skipped: not asked, reminded
    or counted. An answer they gave stays. How many check-ins they were in."""
    checkins = select(CheckIn.id).where(
        CheckIn.channel_id == channel_id, CheckIn.status != Status.STOPPED
    )
    rounds = select(CheckInRound.id).where(
        CheckInRound.checkin_id.in_(checkins),
        CheckInRound.state.in_(_TAKES_ANSWERS),
    )
    pending = update(CheckInAsk).where(
        CheckInAsk.user_id == user_id,
        CheckInAsk.state.in_((AskState.DUE, AskState.ASKED)),
        CheckInAsk.round_id.in_(rounds),
    )
    session.execute(pending.values(state=AskState.SKIPPED, claimed_at=None))
    left = delete(CheckInPerson).where(
        CheckInPerson.user_id == user_id, CheckInPerson.checkin_id.in_(checkins)
    )
    return rows_changed(session.execute(left))
