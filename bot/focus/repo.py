"""Loading and saving focus state; queries for held mentions. Never commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, exists, func, select, update
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.driver import Rider, driver_rows, with_rider
from bot.db.inserts import insert_new
from bot.db.lists import one_of
from bot.focus.absence import DaysOff, Leave
from bot.focus.holidays import RegionHolidays
from bot.focus.model import FocusSession, FocusState
from bot.focus.schedule import Schedule, WeeklyWindow
from bot.focus.tables import HeldMention, LeavePeriod, Person, UrgentUse


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
        days_off=days_off(
            person.holiday_region,
            # Calendar leave the person chose to ignore counts for nothing.
            (
                Leave(row.starts_on, row.ends_on, row.source)
                for row in person.leave
                if row.ignored_at is None
            ),
        ),
    )


def days_off(region: str | None, leave: Iterable[Leave]) -> DaysOff:
    """A person's days off from their stored holiday region and leave."""
    return DaysOff(tuple(leave), RegionHolidays(region) if region else None)


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


def add_person(
    session: Session, user_id: str, tz: str, now: datetime, *, slack_locale: str | None = None
) -> Person:
    """Store someone new, with no schedule yet."""
    person = Person(user_id=user_id, tz=tz, focus_blocks="", working_hours="", updated_at=now)
    person.slack_locale = slack_locale
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


def held_by_others(session: Session, channel_id: str, message_ts: str, sender_id: str) -> bool:
    """Whether someone else sent this held (or once held) message: its button isn't theirs."""
    return (
        session.scalar(
            select(HeldMention.id)
            .where(
                HeldMention.channel_id == channel_id,
                HeldMention.message_ts == message_ts,
                HeldMention.sender_id != sender_id,
            )
            .limit(1)
        )
        is not None
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
    """What the hot path needs to know about one person, read without ORM objects (their
    language too: the note to a sender then needs no read of its own after the ack)."""

    user_id: str
    tz: str
    state: FocusState
    next_check_at: datetime | None
    language: str | None = None
    slack_locale: str | None = None


_PEOPLE = table(Person)
_LEAVE = table(LeavePeriod)
# Leave that ended this long ago is not read on the hot path (a margin for changed zones).
_LEAVE_MARGIN = timedelta(days=2)
_ALL_LEAVE = datetime(1970, 1, 1, tzinfo=UTC)
# Built once: constructing a statement costs more than running a cached one. Leave comes in
# the same query, one row per leave (most people have none: one row with NULLs).
_REACHABILITY = (
    select(
        _PEOPLE.c.user_id,
        _PEOPLE.c.tz,
        _PEOPLE.c.focus_blocks,
        _PEOPLE.c.working_hours,
        _PEOPLE.c.session_starts_at,
        _PEOPLE.c.session_ends_at,
        _PEOPLE.c.released_until,
        _PEOPLE.c.next_check_at,
        _PEOPLE.c.holiday_region,
        _PEOPLE.c.language,
        _PEOPLE.c.slack_locale,
        _LEAVE.c.starts_on,
        _LEAVE.c.ends_on,
        _LEAVE.c.source,
    )
    .select_from(
        _PEOPLE.outerjoin(
            _LEAVE,
            and_(
                _LEAVE.c.user_id == _PEOPLE.c.user_id,
                _LEAVE.c.ends_at > bindparam("since"),
                _LEAVE.c.ignored_at.is_(None),
            ),
        )
    )
    .where(_PEOPLE.c.user_id.in_(bindparam("ids", expanding=True)))
    .order_by(_PEOPLE.c.user_id, _LEAVE.c.starts_on)
)
# The same on PostgreSQL, run by the driver (bot/db/driver.py): every message event reads
# it. The ids go in as one array, where an expanding IN would be rendered anew each time.
_REACHABILITY_POSTGRES = (
    "SELECT p.user_id, p.tz, p.focus_blocks, p.working_hours, p.session_starts_at,"
    " p.session_ends_at, p.released_until, p.next_check_at, p.holiday_region, p.language,"
    " p.slack_locale, l.starts_on, l.ends_on, l.source FROM people p LEFT JOIN leave_periods l"
    " ON l.user_id = p.user_id AND l.ends_at > %(since)s AND l.ignored_at IS NULL"
    " WHERE p.user_id = ANY(%(ids)s) ORDER BY p.user_id, l.starts_on"
)
_CHECK_NO_LATER_THAN = (
    update(_PEOPLE)
    .where(_PEOPLE.c.user_id == bindparam("who"))
    .where(_PEOPLE.c.next_check_at.is_(None) | (_PEOPLE.c.next_check_at > bindparam("due")))
    .values(next_check_at=bindparam("due"))
)


def reachability(
    db: Session | Connection,
    user_ids: Sequence[str],
    *,
    now: datetime | None = None,
    rider: Rider | None = None,
) -> list[Reachability]:
    """The focus state and days off of the stored people among these user ids (one Core
    query). With `now`, leave long over is not read (the hot path passes it). A `rider`
    (PostgreSQL only) is written in the same statement."""
    if not user_ids and rider is None:
        return []
    connection = db.connection() if isinstance(db, Session) else db
    params = {"ids": list(user_ids), "since": _ALL_LEAVE if now is None else now - _LEAVE_MARGIN}
    if connection.dialect.name == "postgresql":
        rows = driver_rows(connection, *with_rider(_REACHABILITY_POSTGRES, params, rider))
    elif rider is not None:
        raise ValueError("a rider needs PostgreSQL")
    else:
        rows = list(connection.execute(_REACHABILITY, params))
    return [_reachability(list(group)) for _user_id, group in groupby(rows, key=lambda r: r[0])]


def _reachability(rows: list[Any]) -> Reachability:
    """One person from their rows of the reachability query (one per leave)."""
    user_id, tz, blocks, hours, starts, ends, released, next_check, region, *spoken = rows[0][:11]
    leave = tuple(Leave(r[11], r[12], r[13]) for r in rows if r[11] is not None)
    session_value = None
    if starts is not None and ends is not None:
        session_value = FocusSession(_utc(starts), _utc(ends))
    state = FocusState(
        blocks=schedule_from_text(blocks),
        working_hours=schedule_from_text(hours),
        session=session_value,
        released_until=_utc(released) if released is not None else None,
        days_off=days_off(region, leave),
    )
    checked = _utc(next_check) if next_check is not None else None
    return Reachability(user_id, tz, state, checked, *spoken)


@cache
def _weekly_blocks(dialect: str) -> Select[Any]:
    return (
        select(_PEOPLE.c.user_id, _PEOPLE.c.tz, _PEOPLE.c.focus_blocks)
        .where(one_of(_PEOPLE.c.user_id, "ids", dialect))
        .where(_PEOPLE.c.focus_blocks != "")
        .order_by(_PEOPLE.c.user_id)
    )


def weekly_focus_blocks(db: Session, user_ids: Sequence[str]) -> list[tuple[str, str, Schedule]]:
    """(user id, zone name, weekly focus blocks) of the stored people among these user ids
    who have focus blocks: what storing a feed's meetings needs of everyone in them, without
    the rest of their state (most people have no blocks)."""
    if not user_ids:
        return []
    statement = _weekly_blocks(db.get_bind().dialect.name)
    rows = db.execute(statement, {"ids": list(user_ids)})
    return [(user_id, tz, schedule_from_text(blocks)) for user_id, tz, blocks in rows]


def _utc(value: datetime) -> datetime:
    # The driver gives PostgreSQL's timestamptz in the session's zone; Kairos keeps UTC.
    return value.astimezone(UTC)


def hold(session: Session, values: Sequence[dict[str, object]]) -> None:
    """Store held mentions; one that is already held for that person is left alone."""
    if not values:
        return
    insert_new(session, table(HeldMention), values, ["recipient_id", "channel_id", "message_ts"])


def check_no_later_than(session: Session, user_id: str, due: datetime) -> None:
    """Make the sweep look at this person by `due` at the latest."""
    session.connection().execute(_CHECK_NO_LATER_THAN, {"who": user_id, "due": due})


# PostgreSQL only: the event id, the held mentions and the recipients' next checks in one
# statement. A statement is atomic on its own, so this needs no BEGIN and COMMIT: two round
# trips fewer, and two statements fewer, than the same writes in a transaction. Every part
# runs only when the event id was new (a Slack retry writes nothing). Run by the driver
# (bot/db/driver.py), as it is on the message hot path.
_HOLD_WITH_EVENT = """
    WITH event AS (
        INSERT INTO processed_events (event_id, processed_at) VALUES (%(event_id)s, %(now)s)
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id
    ), away AS (
        SELECT a.recipient_id, a.kind, a.due, a.held_for
        FROM unnest(%(recipients)s::varchar[], %(kinds)s::varchar[], %(dues)s::timestamptz[],
                    %(reasons)s::varchar[])
            AS a (recipient_id, kind, due, held_for)
        WHERE EXISTS (SELECT FROM event)
    ), held AS (
        INSERT INTO held_mentions (recipient_id, sender_id, channel_id, message_ts, thread_ts,
                                   text, kind, sent_at, held_at, status, held_for)
        SELECT recipient_id, %(sender_id)s, %(channel_id)s, %(message_ts)s, %(thread_ts)s,
               %(text)s, kind, %(sent_at)s, %(now)s, 'held', held_for
        FROM away
        ON CONFLICT (recipient_id, channel_id, message_ts) DO NOTHING
    ), checks AS (
        UPDATE people SET next_check_at = away.due
        FROM away
        WHERE people.user_id = away.recipient_id
          AND (people.next_check_at IS NULL OR people.next_check_at > away.due)
    )
    SELECT count(*) FROM event
"""


@dataclass(frozen=True)
class HeldMessage:
    """One message to hold, and for whom: (recipient, kind, check them by, why held)."""

    channel_id: str
    message_ts: str
    thread_ts: str | None
    sender_id: str
    text: str
    sent_at: datetime
    recipients: Sequence[tuple[str, str, datetime, str]]


def can_hold_with_event(connection: Connection) -> bool:
    """Whether hold_with_event works on this database (PostgreSQL)."""
    return connection.dialect.name == "postgresql"


def hold_with_event(
    connection: Connection, event_id: str, message: HeldMessage, now: datetime
) -> bool:
    """Record the event and hold the message, atomically in one statement (PostgreSQL, on a
    connection in autocommit); False, and nothing written, when the event was recorded
    before."""
    parameters = {
        "event_id": event_id,
        "now": now,
        "recipients": [recipient for recipient, _kind, _due, _why in message.recipients],
        "kinds": [kind for _recipient, kind, _due, _why in message.recipients],
        "dues": [due for _recipient, _kind, due, _why in message.recipients],
        "reasons": [why for _recipient, _kind, _due, why in message.recipients],
        "sender_id": message.sender_id,
        "channel_id": message.channel_id,
        "message_ts": message.message_ts,
        "thread_ts": message.thread_ts,
        "text": message.text,
        "sent_at": message.sent_at,
    }
    ((recorded,),) = driver_rows(connection, _HOLD_WITH_EVENT, parameters)
    return bool(recorded)


def urgent_marker_used_since(
    session: Session, sender_id: str, channel_id: str, since: datetime, *, other_than: str
) -> bool:
    """Whether the sender used an urgent marker in the channel since `since`, in a message
    other than `other_than` (the urgent-route hint is given once a day)."""
    found = exists().where(
        UrgentUse.sender_id == sender_id,
        UrgentUse.channel_id == channel_id,
        UrgentUse.via == "marker",
        UrgentUse.at >= since,
        UrgentUse.message_ts != other_than,
    )
    return bool(session.scalar(select(found)))


def holiday_regions(session: Session) -> list[str]:
    """The distinct public-holiday regions people have set, for the start-up warm-up."""
    query = select(Person.holiday_region).where(Person.holiday_region.is_not(None)).distinct()
    return [region for region in session.scalars(query) if region]
