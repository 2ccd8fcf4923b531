"""Storing a sync's meetings: only what changed is written, and never an older SEQUENCE
over a newer one; on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from bot.db.uow import UnitOfWork
from bot.meetings.model import Occurrence, meeting_key
from bot.meetings.repo_upsert import write_meetings
from bot.meetings.store import store_meetings
from bot.meetings.tables import Meeting, MeetingAttendee, MeetingSighting
from tests.integration.meetings.occurrences import add_feeds, occurrence

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=15)
ALICE, BOB, CAROL = "U0ALICE", "U0BOB", "U0CAROL"
USERS = {"alice@acme.test": ALICE, "bob@acme.test": BOB, "carol@acme.test": CAROL}
TZ = "Europe/Amsterdam"


@pytest.fixture(autouse=True)
def feeds(uow: UnitOfWork) -> None:
    add_feeds(uow, (ALICE, BOB), NOW)


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on `engine` meanwhile."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _store(uow: UnitOfWork, user_id: str, occurrences: list[Occurrence], now: datetime) -> None:
    with uow() as session:
        store_meetings(session, user_id, occurrences, TZ, now, USERS)


def _meeting(uow: UnitOfWork) -> tuple[Meeting, set[str]]:
    with uow() as session:
        (meeting,) = session.scalars(select(Meeting)).all()
        session.expunge(meeting)
        people = set(session.scalars(select(MeetingAttendee.user_id)))
    return meeting, people


def _writes(statements: list[str], table: str) -> list[str]:
    return [s for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE")) and table in s]


def test_a_meeting_that_did_not_change_is_not_written_again(
    uow: UnitOfWork, engine: Engine
) -> None:
    _store(uow, ALICE, [occurrence("roadmap@acme")], NOW)
    with _statements(engine) as statements:
        _store(uow, BOB, [occurrence("roadmap@acme")], LATER)

    assert _writes(statements, "meetings ") == []
    assert _writes(statements, "meeting_attendees") == []
    meeting, people = _meeting(uow)
    assert meeting.updated_at == NOW  # when a sync last changed it
    assert people == {ALICE, BOB}
    with uow() as session:
        assert set(session.scalars(select(MeetingSighting.user_id))) == {ALICE, BOB}


def test_a_changed_meeting_is_rewritten_with_its_attendees(uow: UnitOfWork, engine: Engine) -> None:
    _store(uow, ALICE, [occurrence("roadmap@acme")], NOW)
    moved = occurrence("roadmap@acme", title="Roadmap (moved)", people=("alice", "carol"))
    with _statements(engine) as statements:
        _store(uow, ALICE, [moved], LATER)

    assert len(_writes(statements, "meetings ")) == 1
    meeting, people = _meeting(uow)
    assert (meeting.title, meeting.updated_at) == ("Roadmap (moved)", LATER)
    assert people == {ALICE, CAROL}


def test_an_older_sequence_never_overwrites_a_newer_one(uow: UnitOfWork) -> None:
    _store(uow, ALICE, [occurrence("roadmap@acme", title="Roadmap v2", sequence=2)], NOW)
    _store(uow, BOB, [occurrence("roadmap@acme", title="Roadmap v1", sequence=1)], LATER)

    meeting, _people = _meeting(uow)
    assert (meeting.title, meeting.sequence, meeting.updated_at) == ("Roadmap v2", 2, NOW)
    with uow() as session:  # Bob still sees it
        assert set(session.scalars(select(MeetingSighting.user_id))) == {ALICE, BOB}


def test_the_write_itself_skips_a_row_whose_stored_sequence_is_newer(uow: UnitOfWork) -> None:
    """What a sync that read the row before another stored a newer version relies on."""
    newer, older = occurrence("roadmap@acme", sequence=3), occurrence("roadmap@acme", sequence=2)
    _store(uow, ALICE, [newer], NOW)

    def row(occ: Occurrence, title: str) -> dict[str, object]:
        return {
            "title": title, "starts_at": occ.start, "ends_at": occ.end,
            "sequence": occ.sequence, "organizer_email": occ.organizer, "organizer_id": None,
            "people": 3, "is_recurring": False, "is_private": False, "has_agenda": False,
            "agenda_reason": "empty", "exemption": None, "minutes": 25, "flags": "",
            "updated_at": LATER,
        }  # fmt: skip

    with uow() as session:
        assert write_meetings(session, {meeting_key(older): row(older, "Old")}) == {}
    assert _meeting(uow)[0].title == "Roadmap"
    with uow() as session:
        written = write_meetings(session, {meeting_key(newer): row(newer, "Same sequence")})
    meeting, _people = _meeting(uow)
    assert written == {meeting_key(newer): meeting.id}
    assert meeting.title == "Same sequence"


def test_every_value_is_stored_as_given(uow: UnitOfWork) -> None:
    # PostgreSQL receives the rows as one JSON document: text that JSON escapes, times with
    # microseconds, and None must all come back as they went in.
    title = 'Ré: "Q1" \\ plan\ttabs\nnew line – 🚀 <b>&amp;</b>'
    start = datetime(2026, 11, 24, 10, 0, 0, 123456, tzinfo=UTC)
    occ = occurrence("odd-values@acme.test", title=title, sequence=7)
    occ = Occurrence(
        uid=occ.uid,
        series_key=occ.series_key,
        start=start,
        end=start + timedelta(minutes=50),
        title=title,
        organizer=None,
        attendees=occ.attendees,
        sequence=7,
    )
    _store(uow, ALICE, [occ], NOW)
    meeting, people = _meeting(uow)
    assert meeting.title == title
    assert meeting.slot == start
    assert meeting.starts_at == start
    assert meeting.ends_at == start + timedelta(minutes=50)
    assert meeting.sequence == 7
    assert meeting.organizer_email is None
    assert meeting.organizer_id is None
    assert meeting.minutes == 50
    assert meeting.updated_at == NOW
    assert people == {ALICE, BOB}
    with uow() as session:
        assert session.scalars(select(MeetingSighting.user_id)).all() == [ALICE]
