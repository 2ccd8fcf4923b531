"""Feeds that share meetings, stored at the same time: one row each, and no sync fails.

Each test holds transaction A open with its meetings written (flushed, not committed) and
runs transaction B in a thread until B, having read the tables before A's rows were
committed, reaches the INSERT that meets them. On PostgreSQL B then waits on A's
uncommitted rows (the test checks that it does); on SQLite it waits for the write lock.
A commits, B finishes, and neither may fail: before the fix B got an IntegrityError and
its whole sync was lost until the next poll.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.inserts import upsert
from bot.db.uow import UnitOfWork
from bot.meetings.model import Occurrence
from bot.meetings.store import store_meetings
from bot.meetings.tables import (
    EmailUser,
    Meeting,
    MeetingAttendee,
    MeetingSighting,
)
from tests.integration.meetings.occurrences import add_feeds, occurrence
from tests.support.blocking import until_blocked

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
ALICE, BOB, CAROL = "U0ALICE", "U0BOB", "U0CAROL"
USERS = {"alice@acme.test": ALICE, "bob@acme.test": BOB, "carol@acme.test": CAROL}
TZ = "Europe/Amsterdam"
WAIT_SECONDS = 15.0

Work = Callable[[Session], None]


@pytest.fixture
def feeds(uow: UnitOfWork) -> None:
    """Feeds for Alice, Bob and Carol: a sighting needs its person's feed."""
    add_feeds(uow, (ALICE, BOB, CAROL), NOW)


def _store(user_id: str, occurrences: list[Occurrence], users: dict[str, str]) -> Work:
    return lambda session: store_meetings(session, user_id, occurrences, TZ, NOW, users)


def _race(uow: UnitOfWork, engine: Engine, first: Work, second: Work, meets_at: str) -> None:
    """Run `first` in A, and `second` in B until B's statement `meets_at` meets A's rows.

    Raises what B raised: the outcome the caller checks is that B stored its meetings.
    """
    postgres = engine.dialect.name == "postgresql"
    reached = threading.Event()
    backend: list[int] = []
    errors: list[BaseException] = []

    def mark(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(meets_at):
            reached.set()

    def run_second() -> None:
        try:
            with uow() as session:
                event.listen(session.connection(), "before_cursor_execute", mark)
                if postgres:
                    backend.append(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
                second(session)
        except BaseException as error:
            errors.append(error)
        finally:
            reached.set()  # never leave the main thread waiting on a B that is done

    thread = threading.Thread(target=run_second, daemon=True)
    try:
        with uow() as session:
            first(session)
            session.flush()
            thread.start()
            assert reached.wait(WAIT_SECONDS), f"B never got to {meets_at!r}"
            assert thread.is_alive(), f"B finished before reaching A's rows: {errors}"
            if postgres:
                until_blocked(engine, backend[0], meets_at)
            # SQLite: B is in (or about to be in) `meets_at`, its first write, so it waits
            # for A's write lock and runs its statement once A has committed.
        # A commits here.
    finally:
        thread.join(WAIT_SECONDS)
    assert not thread.is_alive(), "B is still waiting after A committed"
    if errors:
        raise errors[0]


def _meetings(session: Session) -> dict[str, Meeting]:
    rows = list(session.scalars(select(Meeting)))
    assert len({(m.series_key, m.slot) for m in rows}) == len(rows)
    assert len({m.series_key for m in rows}) == len(rows)  # one slot per series here
    return {m.series_key: m for m in rows}


def _seen(session: Session, meetings: dict[str, Meeting]) -> set[tuple[str, str]]:
    names = {m.id: key for key, m in meetings.items()}
    rows = session.execute(select(MeetingSighting.meeting_id, MeetingSighting.user_id))
    return {(names[meeting_id], user_id) for meeting_id, user_id in rows}


def _attendees(session: Session, meetings: dict[str, Meeting]) -> dict[str, set[str]]:
    names = {m.id: key for key, m in meetings.items()}
    found: dict[str, set[str]] = {key: set() for key in meetings}
    for meeting_id, user_id in session.execute(
        select(MeetingAttendee.meeting_id, MeetingAttendee.user_id)
    ):
        found[names[meeting_id]].add(user_id)
    return found


@pytest.mark.usefixtures("feeds")
@pytest.mark.parametrize(
    ("alice_sequence", "bob_sequence", "title"),
    [(0, 1, "Roadmap (moved)"), (1, 0, "Roadmap"), (0, 0, "Roadmap (moved)")],
    ids=["bob-newer", "alice-newer", "same-sequence"],
)
def test_two_feeds_storing_the_same_new_meetings_at_once_store_each_once(
    uow: UnitOfWork, engine: Engine, alice_sequence: int, bob_sequence: int, title: str
) -> None:
    everyone = ("alice", "bob", "carol")
    alice = [
        occurrence("shared@acme", 24, title="Roadmap", sequence=alice_sequence, people=everyone),
        occurrence("weekly@acme", 25, title="Weekly", people=everyone),
        occurrence("alice@acme", 26, title="1:1", people=("alice", "carol")),
    ]
    bob = [
        occurrence(
            "shared@acme", 24, title="Roadmap (moved)", sequence=bob_sequence, people=everyone
        ),
        occurrence("weekly@acme", 25, title="Weekly", people=everyone),
        occurrence("bob@acme", 27, title="Hiring", people=("bob",)),
    ]
    # Bob's first write is the meetings INSERT: it meets Alice's uncommitted shared rows.
    _race(uow, engine, _store(ALICE, alice, USERS), _store(BOB, bob, USERS), "INSERT INTO meetings")

    with uow() as session:
        meetings = _meetings(session)
        assert sorted(meetings) == ["alice@acme", "bob@acme", "shared@acme", "weekly@acme"]
        # A row Alice inserted first is still updated by Bob's newer (or as new) version.
        assert meetings["shared@acme"].title == title
        assert meetings["shared@acme"].sequence == max(alice_sequence, bob_sequence)
        assert _seen(session, meetings) == {
            ("shared@acme", ALICE), ("weekly@acme", ALICE), ("alice@acme", ALICE),
            ("shared@acme", BOB), ("weekly@acme", BOB), ("bob@acme", BOB),
        }  # fmt: skip
        assert _attendees(session, meetings) == {
            "shared@acme": {ALICE, BOB, CAROL},
            "weekly@acme": {ALICE, BOB, CAROL},
            "alice@acme": {ALICE, CAROL},
            "bob@acme": {BOB},
        }


def _stored_by_carol(uow: UnitOfWork, occ: Occurrence) -> None:
    """The meeting as a third feed stored it, before its attendees were known Slack users."""
    with uow() as session:
        store_meetings(session, CAROL, [occ], TZ, NOW, {})


@pytest.mark.usefixtures("feeds")
def test_two_feeds_writing_a_stored_meetings_attendees_at_once_both_succeed(
    uow: UnitOfWork, engine: Engine
) -> None:
    occ = occurrence("shared@acme", 24, people=("alice", "bob", "carol"))
    _stored_by_carol(uow, occ)
    # The meeting row is unchanged, so neither locks it; both insert the same attendees.
    _race(
        uow,
        engine,
        _store(ALICE, [occ], USERS),
        _store(BOB, [occ], USERS),
        "INSERT INTO meeting_attendees",
    )

    with uow() as session:
        meetings = _meetings(session)
        assert list(meetings) == ["shared@acme"]
        assert _attendees(session, meetings) == {"shared@acme": {ALICE, BOB, CAROL}}
        assert _seen(session, meetings) == {
            ("shared@acme", CAROL), ("shared@acme", ALICE), ("shared@acme", BOB),
        }  # fmt: skip


@pytest.mark.usefixtures("feeds")
def test_one_feed_stored_twice_at_once_records_its_sightings_once(
    uow: UnitOfWork, engine: Engine
) -> None:
    occ = occurrence("shared@acme", 24, people=("alice", "bob"))
    _stored_by_carol(uow, occ)
    # Alice's feed stored by two workers at once (a poll while she reconnects it, or two
    # schedulers): both read that she has no sightings yet, both insert the same one.
    store_alice = _store(ALICE, [occ], {})
    _race(uow, engine, store_alice, store_alice, "INSERT INTO meeting_sightings")

    with uow() as session:
        meetings = _meetings(session)
        assert _seen(session, meetings) == {("shared@acme", CAROL), ("shared@acme", ALICE)}


def test_two_syncs_remembering_the_same_address_at_once_both_succeed(
    uow: UnitOfWork, engine: Engine
) -> None:
    """The email cache (people.py): colleagues' syncs look up the same people at the same time."""
    later = NOW + timedelta(minutes=1)

    def remember(user_id: str | None, when: datetime) -> Work:
        row = {"email": "dana@acme.test", "user_id": user_id, "checked_at": when}
        return lambda session: upsert(
            session, table(EmailUser), [row], ["email"], ["user_id", "checked_at"]
        )

    _race(uow, engine, remember(None, NOW), remember("U0DANA", later), "INSERT INTO email_users")
    with uow() as session:
        (row,) = session.scalars(select(EmailUser)).all()
        assert (row.user_id, row.checked_at) == ("U0DANA", later)


@pytest.mark.usefixtures("feeds")
def test_an_older_version_stored_at_the_same_time_as_a_newer_one_never_overwrites_it(
    uow: UnitOfWork, engine: Engine
) -> None:
    _stored_by_carol(uow, occurrence("shared@acme", 24, title="Roadmap", people=("alice", "bob")))
    newer = occurrence("shared@acme", 24, title="Roadmap v2", sequence=2, people=("alice", "bob"))
    older = occurrence("shared@acme", 24, title="Roadmap v1", sequence=1, people=("alice", "bob"))
    # Both read the row at SEQUENCE 0 and both change it: Bob's write waits for Alice's and
    # then checks the SEQUENCE she committed, not the one he read.
    _race(
        uow,
        engine,
        _store(ALICE, [newer], USERS),
        _store(BOB, [older], USERS),
        "INSERT INTO meetings",
    )

    with uow() as session:
        meetings = _meetings(session)
        assert (meetings["shared@acme"].title, meetings["shared@acme"].sequence) == (
            "Roadmap v2",
            2,
        )
        assert _seen(session, meetings) == {
            ("shared@acme", CAROL), ("shared@acme", ALICE), ("shared@acme", BOB),
        }  # fmt: skip
        assert _attendees(session, meetings) == {"shared@acme": {ALICE, BOB}}


@pytest.mark.usefixtures("feeds")
def test_two_feeds_dropping_the_same_meeting_at_once_delete_it(
    uow: UnitOfWork, engine: Engine
) -> None:
    shared = occurrence("shared@acme", 24, people=("alice", "bob"))
    for user in (ALICE, BOB):
        with uow() as session:
            store_meetings(session, user, [shared], TZ, NOW, USERS)
    # Both feeds drop it at once. On PostgreSQL Bob's check for other sightings waits on the
    # meeting Alice locked; before the fix each saw the other's sighting and kept the row.
    postgres = engine.dialect.name == "postgresql"
    meets_at = "SELECT meetings.id" if postgres else "DELETE FROM meeting_sightings"
    _race(uow, engine, _store(ALICE, [], USERS), _store(BOB, [], USERS), meets_at)

    with uow() as session:
        assert _meetings(session) == {}
        assert session.scalars(select(MeetingSighting)).all() == []
