"""Check-ins and privacy: what forget-me changes, and what the retention sweep deletes.
Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, literal, select, update
from sqlalchemy.orm import Session

from bot.checkins.repo import drop_planned
from bot.checkins.tables import CheckIn, CheckInAsk, CheckInPerson, CheckInRound, Status
from bot.db.base import Base


def _organized(user_id: str) -> ColumnElement[bool]:
    return CheckIn.organizer_id == user_id


def _count(session: Session, model: type[Base], *where: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def counts(session: Session, user_id: str) -> dict[str, int]:
    """What forget-me changes of the person's: check-ins they organize, their places in
    check-ins, their asks in rounds (bot/privacy/forgetting.py names these kinds)."""
    return {
        "checkins": _count(session, CheckIn, _organized(user_id)),
        "checkin_people": _count(session, CheckInPerson, CheckInPerson.user_id == user_id),
        "checkin_asks": _count(session, CheckInAsk, CheckInAsk.user_id == user_id),
    }


def forget(session: Session, user_id: str, now: datetime | None = None) -> None:
    """Take the person out of every check-in, and delete their asks (with any answer not
    yet posted, any blocker not yet wrapped up).

    The check-ins they organize are stopped and keep no id of theirs, rather than deleted
    at once: they belong to their team too (the other people's places and asks, the
    rounds' counts in the summary), and nobody could pause, edit or stop them any more.
    Retention deletes them with every stopped check-in, counting from `now` (without it,
    from the check-in's last change: a caller with no clock).
    """
    session.execute(delete(CheckInAsk).where(CheckInAsk.user_id == user_id))
    session.execute(delete(CheckInPerson).where(CheckInPerson.user_id == user_id))
    for checkin_id in session.scalars(select(CheckIn.id).where(_organized(user_id))).all():
        drop_planned(session, checkin_id)
    # Bound with the column's type, so that the instant is stored as UTC on both backends.
    stopped = CheckIn.updated_at if now is None else literal(now, CheckIn.stopped_at.type)
    session.execute(
        update(CheckIn)
        .where(_organized(user_id))
        .values(
            organizer_id=None,
            status=Status.STOPPED.value,
            stopped_at=func.coalesce(CheckIn.stopped_at, stopped),
            planned_until=None,
        )
        .execution_options(synchronize_session=False)
    )


# --- retention -------------------------------------------------------------------------------


def _delete_rounds(session: Session, round_ids: Sequence[int]) -> None:
    """Delete these rounds with their asks (explicitly: not by a foreign key's cascade,
    which a connection may not enforce)."""
    if round_ids:
        session.execute(delete(CheckInAsk).where(CheckInAsk.round_id.in_(round_ids)))
        session.execute(delete(CheckInRound).where(CheckInRound.id.in_(round_ids)))


def delete_old_rounds(session: Session, cutoff: datetime, limit: int) -> int:
    """Delete up to `limit` rounds that opened before the cutoff, with their asks; how many."""
    ids = list(
        session.scalars(
            select(CheckInRound.id)
            .where(CheckInRound.opens_at < cutoff)
            .order_by(CheckInRound.opens_at)
            .limit(limit)
        )
    )
    _delete_rounds(session, ids)
    return len(ids)


def delete_stopped(session: Session, cutoff: datetime, limit: int) -> int:
    """Delete up to `limit` check-ins stopped before the cutoff, with their people, rounds
    and asks; how many check-ins."""
    ids = list(
        session.scalars(
            select(CheckIn.id)
            .where(CheckIn.status == Status.STOPPED, CheckIn.stopped_at < cutoff)
            .order_by(CheckIn.stopped_at)
            .limit(limit)
        )
    )
    if ids:
        rounds = session.scalars(select(CheckInRound.id).where(CheckInRound.checkin_id.in_(ids)))
        _delete_rounds(session, rounds.all())
        session.execute(delete(CheckInPerson).where(CheckInPerson.checkin_id.in_(ids)))
        session.execute(delete(CheckIn).where(CheckIn.id.in_(ids)))
    return len(ids)
