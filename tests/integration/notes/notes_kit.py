"""Meetings to take notes of, and two transactions racing for one step (for the notes repo
tests on SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.meetings.tables import Meeting, MeetingAttendee
from tests.support.blocking import until_blocked

WAIT_SECONDS = 15.0


def add_meeting(
    session: Session,
    series_key: str,
    ends_at: datetime,
    *,
    attendees: Sequence[str] = (),
    organizer_id: str | None = None,
    people: int = 3,
    is_private: bool = False,
    exemption: str | None = None,
    title: str = "Weekly sync",
) -> int:
    """Store one meeting (and its attendees on Slack); its id."""
    starts_at = ends_at - timedelta(minutes=30)
    meeting = Meeting(
        series_key=series_key, slot=starts_at, title=title, starts_at=starts_at,
        ends_at=ends_at, people=people, is_recurring=True, is_private=is_private,
        has_agenda=True, agenda_reason="text", exemption=exemption, minutes=30, flags="",
        organizer_id=organizer_id, updated_at=starts_at,
    )  # fmt: skip
    session.add(meeting)
    session.flush()
    session.add_all(MeetingAttendee(meeting_id=meeting.id, user_id=u) for u in attendees)
    session.flush()
    return meeting.id


Step = Callable[[Session], bool]


def race(uow: UnitOfWork, engine: Engine, step: Step) -> tuple[bool, bool]:
    """Run `step` in transaction A, then in B while A has not committed: B's UPDATE meets
    A's (on PostgreSQL it waits on A's row, which the test checks; on SQLite on A's write
    lock). What each returned, A's first."""
    postgres = engine.dialect.name == "postgresql"
    reached = threading.Event()
    backend: list[int] = []
    results: list[bool] = []
    errors: list[BaseException] = []

    def mark(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("UPDATE notes_"):
            reached.set()

    def run_second() -> None:
        try:
            with uow() as session:
                event.listen(session.connection(), "before_cursor_execute", mark)
                if postgres:
                    backend.append(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
                results.append(step(session))
        except BaseException as error:
            errors.append(error)
        finally:
            reached.set()

    thread = threading.Thread(target=run_second, daemon=True)
    try:
        with uow() as session:
            first = step(session)
            thread.start()
            assert reached.wait(WAIT_SECONDS), "B never got to its UPDATE"
            if postgres and not errors:
                until_blocked(engine, backend[0], "UPDATE notes_")
    finally:
        thread.join(WAIT_SECONDS)
    assert not thread.is_alive(), "B is still waiting after A committed"
    if errors:
        raise errors[0]
    return first, results[0]
