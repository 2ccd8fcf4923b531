"""The SQL of leave from the calendar (calendar_leave.py). Never commits."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.focus.absence import FROM_CALENDAR
from bot.focus.tables import LeavePeriod


def calendar_leave_rows(session: Session, user_id: str) -> list[LeavePeriod]:
    """The person's leave from their calendar, ignored events included."""
    return list(
        session.scalars(
            select(LeavePeriod).where(
                LeavePeriod.user_id == user_id, LeavePeriod.source == FROM_CALENDAR
            )
        )
    )


def delete_calendar_leave(session: Session, user_id: str) -> None:
    """Delete the person's leave from their calendar (leave set by command stays)."""
    session.execute(
        delete(LeavePeriod).where(
            LeavePeriod.user_id == user_id, LeavePeriod.source == FROM_CALENDAR
        )
    )
