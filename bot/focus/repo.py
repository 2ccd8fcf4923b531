"""Loading and saving focus state; queries for held mentions. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.inserts import insert_new
from bot.focus.model import FocusSession, FocusState
from bot.focus.schedule import Schedule, WeeklyWindow
from bot.focus.tables import HeldMention, Person


def schedule_to_text(schedule: Schedule) -> str:
    """Store a schedule as "start-end,start-end" in minutes of the week."""
    return ",".join(f"{w.start}-{w.end}" for w in schedule)


def schedule_from_text(text: str) -> Schedule:
    """Read a stored schedule back."""
    if not text:
        return ()
    windows = []
    for part in text.split(","):
        start, end = part.split("-")
        windows.append(WeeklyWindow(int(start), int(end)))
    return tuple(windows)


def state_of(person: Person) -> FocusState:
    """The pure focus state of a stored person."""
    session = None
    if person.session_starts_at is not None and person.session_ends_at is not None:
        session = FocusSession(person.session_starts_at, person.session_ends_at)
    return FocusState(
        blocks=schedule_from_text(person.focus_blocks),
        working_hours=schedule_from_text(person.working_hours),
        session=session,
        released_until=person.released_until,
    )


def store_state(person: Person, state: FocusState, now: datetime) -> None:
    """Write a pure focus state onto the stored person."""
    person.focus_blocks = schedule_to_text(state.blocks)
    person.working_hours = schedule_to_text(state.working_hours)
    person.session_starts_at = state.session.starts_at if state.session else None
    person.session_ends_at = state.session.ends_at if state.session else None
    person.released_until = state.released_until
    person.updated_at = now


def get_person(session: Session, user_id: str) -> Person | None:
    """The stored person, if they ever used /focus."""
    return session.get(Person, user_id)


def add_person(session: Session, user_id: str, tz: str, now: datetime) -> Person:
    """Store someone new, with no schedule yet."""
    person = Person(user_id=user_id, tz=tz, focus_blocks="", working_hours="", updated_at=now)
    session.add(person)
    return person


def held_count(session: Session, user_id: str) -> int:
    """How many mentions are waiting for this person."""
    count = session.scalar(
        select(func.count())
        .select_from(HeldMention)
        .where(HeldMention.recipient_id == user_id, HeldMention.status == "held")
    )
    return int(count or 0)


def held_for_message(session: Session, channel_id: str, message_ts: str) -> list[HeldMention]:
    """Mentions still held from one message (for edits, deletes and the urgent button)."""
    return list(
        session.scalars(
            select(HeldMention).where(
                HeldMention.channel_id == channel_id,
                HeldMention.message_ts == message_ts,
                HeldMention.status == "held",
            )
        )
    )


def due_people(session: Session, now: datetime, limit: int) -> list[str]:
    """People whose held mentions may be due, oldest first."""
    return list(
        session.scalars(
            select(Person.user_id)
            .where(Person.next_check_at.is_not(None), Person.next_check_at <= now)
            .order_by(Person.next_check_at)
            .limit(limit)
        )
    )


def held_in_thread(
    session: Session, recipient_id: str, channel_id: str, thread_ts: str
) -> list[HeldMention]:
    """Mentions held for someone in one thread (its parent message included)."""
    return list(
        session.scalars(
            select(HeldMention).where(
                HeldMention.recipient_id == recipient_id,
                HeldMention.channel_id == channel_id,
                HeldMention.status == "held",
                (HeldMention.thread_ts == thread_ts) | (HeldMention.message_ts == thread_ts),
            )
        )
    )


@dataclass(frozen=True)
class Reachability:
    """What the hot path needs to know about one person, read without ORM objects."""

    user_id: str
    tz: str
    state: FocusState
    next_check_at: datetime | None


def reachability(session: Session, user_ids: Sequence[str]) -> list[Reachability]:
    """The focus state of the stored people among these user ids (one Core query)."""
    if not user_ids:
        return []
    people = table(Person)
    rows = session.connection().execute(
        select(
            people.c.user_id,
            people.c.tz,
            people.c.focus_blocks,
            people.c.working_hours,
            people.c.session_starts_at,
            people.c.session_ends_at,
            people.c.released_until,
            people.c.next_check_at,
        )
        .where(people.c.user_id.in_(user_ids))
        .order_by(people.c.user_id)
    )
    found = []
    for row in rows:
        session_value = None
        if row.session_starts_at is not None and row.session_ends_at is not None:
            session_value = FocusSession(row.session_starts_at, row.session_ends_at)
        state = FocusState(
            blocks=schedule_from_text(row.focus_blocks),
            working_hours=schedule_from_text(row.working_hours),
            session=session_value,
            released_until=row.released_until,
        )
        found.append(Reachability(row.user_id, row.tz, state, row.next_check_at))
    return found


def hold(session: Session, values: Sequence[dict[str, object]]) -> None:
    """Store held mentions; one that is already held for that person is left alone."""
    if not values:
        return
    insert_new(session, table(HeldMention), values, ["recipient_id", "channel_id", "message_ts"])


def check_no_later_than(session: Session, user_id: str, due: datetime) -> None:
    """Make the sweep look at this person by `due` at the latest."""
    people = table(Person)
    session.connection().execute(
        update(people)
        .where(people.c.user_id == user_id)
        .where(people.c.next_check_at.is_(None) | (people.c.next_check_at > due))
        .values(next_check_at=due)
    )
