"""The SQL of a check-in's rounds: what is due, claiming each step, counts. Never commits.

Exactly once across restarts and replicas, the way digests go out: a step is claimed in
one UPDATE ... WHERE state = <expected> (whoever changes the row won; a concurrent claim
waits for the row's lock, then finds the state moved on and changes nothing), then the
Slack post is sent, then its ts is recorded. A claim left by a replica that died is taken
over after a while (reclaim_*), and its post looked for before it is sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.checkins.tables import AskState, CheckIn, CheckInAsk, CheckInRound, RoundState, Status
from bot.db.inserts import rows_changed

# Asks that were sent (or answered without being sent: an answer button in the channel).
_ASKED = (AskState.ASKING, AskState.ASKED, AskState.ANSWERING, AskState.ANSWERED)
_ANSWERED = (AskState.ANSWERING, AskState.ANSWERED)


@dataclass(frozen=True)
class AnswerCounts:
    """A round's counts: everyone in it, those asked, those who answered. Names nobody."""

    people: int
    asked: int
    answered: int


# --- rounds ----------------------------------------------------------------------------------


def get_round(session: Session, round_id: int) -> CheckInRound | None:
    """A round, read afresh (a claim may have changed it in this session)."""
    return session.scalar(
        select(CheckInRound)
        .where(CheckInRound.id == round_id)
        .execution_options(populate_existing=True)
    )


def due_to_open(session: Session, now: datetime, limit: int) -> list[CheckInRound]:
    """Rounds of active check-ins whose time to open has come, oldest first."""
    return list(
        session.scalars(
            select(CheckInRound)
            .join(CheckIn, CheckIn.id == CheckInRound.checkin_id)
            .where(
                CheckInRound.state == RoundState.DUE,
                CheckInRound.opens_at <= now,
                CheckIn.status == Status.ACTIVE,
            )
            .order_by(CheckInRound.opens_at, CheckInRound.id)
            .limit(limit)
        )
    )


def due_to_wrap(session: Session, now: datetime, limit: int) -> list[CheckInRound]:
    """Open rounds whose answers are due: their wrap-up goes out (paused or not: a round
    that opened is wrapped up)."""
    return list(
        session.scalars(
            select(CheckInRound)
            .where(CheckInRound.state == RoundState.OPEN, CheckInRound.due_at <= now)
            .order_by(CheckInRound.due_at, CheckInRound.id)
            .limit(limit)
        )
    )


def claim_round(
    session: Session, round_id: int, expected: RoundState, to: RoundState, now: datetime
) -> bool:
    """Move a round from `expected` to `to` if it is still there; whether this caller won."""
    moved = update(CheckInRound).where(CheckInRound.id == round_id, CheckInRound.state == expected)
    return rows_changed(session.execute(moved.values(state=to, claimed_at=now))) == 1


def stuck_rounds(session: Session, claimed_before: datetime, limit: int) -> list[CheckInRound]:
    """Rounds claimed (opening, wrapping) before `claimed_before` whose post was never
    recorded: the replica that claimed them died, or Slack failed."""
    return list(
        session.scalars(
            select(CheckInRound)
            .where(
                CheckInRound.state.in_((RoundState.OPENING, RoundState.WRAPPING)),
                CheckInRound.claimed_at < claimed_before,
            )
            .order_by(CheckInRound.claimed_at, CheckInRound.id)
            .limit(limit)
        )
    )


def reclaim_round(
    session: Session, round_id: int, state: RoundState, claimed_before: datetime, now: datetime
) -> bool:
    """Take over a round's step left claimed since before `claimed_before`; whether this
    caller won (the claim's new time keeps a second replica off it)."""
    taken = update(CheckInRound).where(
        CheckInRound.id == round_id,
        CheckInRound.state == state,
        CheckInRound.claimed_at < claimed_before,
    )
    return rows_changed(session.execute(taken.values(claimed_at=now))) == 1


def mark_opened(
    session: Session, round_id: int, channel_id: str, message_ts: str, now: datetime
) -> bool:
    """Record the opening post of a round being opened; False if it was not (any more)."""
    opened = update(CheckInRound).where(
        CheckInRound.id == round_id, CheckInRound.state == RoundState.OPENING
    )
    values = {"state": RoundState.OPEN, "channel_id": channel_id, "message_ts": message_ts,
              "opened_at": now, "claimed_at": None}  # fmt: skip
    return rows_changed(session.execute(opened.values(**values))) == 1


def mark_wrapped(session: Session, round_id: int, wrap_ts: str, now: datetime) -> bool:
    """Record the wrap-up of a round being wrapped up: its counts are kept, its blockers
    deleted, and people never asked are skipped. False if it was not being wrapped up."""
    return _wrap(session, round_id, (RoundState.WRAPPING,), wrap_ts, now)


def close_lost(session: Session, round_id: int, now: datetime) -> bool:
    """Close a round whose channel Kairos can no longer post in (removed, archived): one
    not opened yet is skipped; an open one is wrapped up without a post, its counts kept,
    and answers still waiting for the thread count as given, their text deleted (there is
    nowhere left to post them). False if the round was closed already."""
    skipped = update(CheckInRound).where(
        CheckInRound.id == round_id,
        CheckInRound.state.in_((RoundState.DUE, RoundState.OPENING)),
    )
    if rows_changed(session.execute(skipped.values(state=RoundState.SKIPPED, claimed_at=None))):
        return True
    open_states = (RoundState.OPEN, RoundState.WRAPPING)
    if not _wrap(session, round_id, open_states, None, now):
        return False
    waiting = update(CheckInAsk).where(
        CheckInAsk.round_id == round_id, CheckInAsk.state == AskState.ANSWERING
    )
    session.execute(waiting.values(state=AskState.ANSWERED, answers=None, claimed_at=None))
    return True


def _wrap(
    session: Session,
    round_id: int,
    expected: tuple[RoundState, ...],
    wrap_ts: str | None,
    now: datetime,
) -> bool:
    counts = answer_counts(session, round_id)
    wrapped = update(CheckInRound).where(
        CheckInRound.id == round_id, CheckInRound.state.in_(expected)
    )
    values = {"state": RoundState.WRAPPED, "wrap_ts": wrap_ts, "wrapped_at": now,
              "claimed_at": None, "asked_count": counts.asked,
              "answered_count": counts.answered}  # fmt: skip
    if rows_changed(session.execute(wrapped.values(**values))) != 1:
        return False
    asks = update(CheckInAsk).where(CheckInAsk.round_id == round_id)
    session.execute(asks.values(blocker=None))
    session.execute(asks.where(CheckInAsk.state == AskState.DUE).values(state=AskState.SKIPPED))
    return True


def blockers(session: Session, round_id: int) -> list[tuple[str, str]]:
    """(person, blocker) of a round, in the order they answered: the wrap-up's top."""
    return [
        (row.user_id, row.blocker)
        for row in session.execute(
            select(CheckInAsk.user_id, CheckInAsk.blocker)
            .where(CheckInAsk.round_id == round_id, CheckInAsk.blocker.is_not(None))
            .order_by(CheckInAsk.answered_at, CheckInAsk.user_id)
        )
    ]


def answer_counts(session: Session, round_id: int) -> AnswerCounts:
    """How many a round has in it, asked, and answered (for its wrap-up)."""
    asked = func.count().filter(CheckInAsk.state.in_(_ASKED))
    answered = func.count().filter(CheckInAsk.state.in_(_ANSWERED))
    row = session.execute(
        select(func.count(), asked, answered).where(CheckInAsk.round_id == round_id)
    ).one()
    return AnswerCounts(int(row[0]), int(row[1]), int(row[2]))
