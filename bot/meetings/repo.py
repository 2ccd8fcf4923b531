"""All of meetings' SQL but a sync's bulk writes: feeds, sightings, nudges, notices, the
email cache and the planner's statistics. Never commits: the caller's unit of work does.

The bulk writes two syncs may run at once (meetings and their attendees, one INSERT ... ON
CONFLICT each) are in repo_upsert.py, with the statements they are measured by.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Result, ScalarResult, Select, delete, exists, func, select, text, update
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.inserts import rows_changed, upsert
from bot.db.lists import in_batches, one_of
from bot.meetings.repo_upsert import insert_new_rows
from bot.meetings.tables import (
    AgendaNotice,
    AgendaNudge,
    CalendarFeed,
    EmailUser,
    Meeting,
    MeetingAttendee,
    MeetingSighting,
)


def _id_chunks(ids: set[int]) -> Iterable[Sequence[int]]:
    return in_batches(sorted(ids))


# --- Feeds -----------------------------------------------------------------------------------


def feed(session: Session, user_id: str) -> CalendarFeed | None:
    """A person's feed, if they connected one."""
    return session.get(CalendarFeed, user_id)


def add_feed(session: Session, user_id: str, now: datetime) -> CalendarFeed:
    """A new feed row for this person, due to be polled now."""
    new = CalendarFeed(user_id=user_id, created_at=now, next_poll_at=now)
    session.add(new)
    return new


def delete_feed(session: Session, row: CalendarFeed) -> None:
    """Delete a feed row."""
    session.delete(row)


def update_feed(session: Session, user_id: str, values: Mapping[str, object]) -> bool:
    """Set these columns of a feed in one UPDATE; False if there is no such feed."""
    feeds = table(CalendarFeed)
    update_feed = update(feeds).where(feeds.c.user_id == user_id).values(dict(values))
    return rows_changed(session.connection().execute(update_feed)) > 0


def due_feeds(session: Session, now: datetime, limit: int) -> list[str]:
    """Up to `limit` people whose feed's poll is due, most overdue first."""
    return list(
        session.scalars(
            select(CalendarFeed.user_id)
            .where(CalendarFeed.next_poll_at <= now)
            .order_by(CalendarFeed.next_poll_at)
            .limit(limit)
        )
    )


# --- Sightings and meetings ------------------------------------------------------------------


def sighted_meetings(session: Session, user_id: str) -> set[int]:
    """The ids of the meetings this person's feed shows."""
    return set(
        session.scalars(
            select(MeetingSighting.meeting_id).where(MeetingSighting.user_id == user_id)
        )
    )


def delete_sightings(session: Session, user_id: str, meeting_ids: set[int]) -> None:
    """This person's feed no longer shows these meetings."""
    for id_chunk in _id_chunks(meeting_ids):
        session.execute(
            delete(MeetingSighting).where(
                MeetingSighting.user_id == user_id, MeetingSighting.meeting_id.in_(id_chunk)
            )
        )


def delete_all_sightings(session: Session, user_id: str) -> None:
    """This person's feed shows nothing any more."""
    session.execute(delete(MeetingSighting).where(MeetingSighting.user_id == user_id))


def add_sightings(session: Session, user_id: str, meeting_ids: Iterable[int]) -> None:
    """This person's feed shows these meetings (a sighting already there is skipped)."""
    sightings = [{"meeting_id": i, "user_id": user_id} for i in meeting_ids]
    insert_new_rows(session, MeetingSighting, sightings, ["meeting_id", "user_id"])


def drop_unseen(session: Session, candidates: set[int]) -> None:
    """Delete the meetings among candidates that no feed shows any more.

    The meetings are locked first (PostgreSQL), in id order: two feeds dropping the same
    meeting at once would otherwise each still see the other's uncommitted sighting and
    neither delete it. The second waits for the first, then its DELETE reads what it left.
    """
    seen = exists().where(MeetingSighting.meeting_id == Meeting.id)
    for chunk in _id_chunks(candidates):
        locked = select(Meeting.id).where(Meeting.id.in_(chunk)).order_by(Meeting.id)
        session.execute(locked.with_for_update())
        session.execute(delete(Meeting).where(Meeting.id.in_(chunk), ~seen))


def series_title(session: Session, series_key: str) -> str | None:
    """The title of one meeting of the series, if any is stored."""
    return session.scalar(select(Meeting.title).where(Meeting.series_key == series_key).limit(1))


def first_of_series(session: Session, series_key: str) -> Meeting | None:
    """The series' first stored meeting."""
    return session.scalar(
        select(Meeting).where(Meeting.series_key == series_key).order_by(Meeting.starts_at)
    )


def attends_series(session: Session, series_key: str, user_id: str) -> bool:
    """Whether this person is an attendee of a meeting of the series."""
    invited = session.scalar(
        select(MeetingAttendee.user_id)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(Meeting.series_key == series_key, MeetingAttendee.user_id == user_id)
        .limit(1)
    )
    return invited is not None


# --- Nudges (organizers) ---------------------------------------------------------------------


def nudgeable_meetings(session: Session, now: datetime, until: datetime) -> ScalarResult[Meeting]:
    """Meetings from now until `until` that may be nudged, soonest first: no agenda, an
    organizer on Slack, two or more people, no exemption."""
    return session.scalars(
        select(Meeting)
        .where(
            Meeting.starts_at >= now,
            Meeting.starts_at < until,
            Meeting.has_agenda.is_(False),
            Meeting.exemption.is_(None),
            Meeting.organizer_id.is_not(None),
            Meeting.people >= 2,
        )
        .order_by(Meeting.starts_at)
    )


def nudges(session: Session, series_keys: Iterable[str]) -> list[AgendaNudge]:
    """The nudges sent for these series."""
    return list(
        session.scalars(select(AgendaNudge).where(AgendaNudge.series_key.in_(sorted(series_keys))))
    )


def nudge(session: Session, series_key: str) -> AgendaNudge | None:
    """The nudge sent for this series, if one was."""
    return session.get(AgendaNudge, series_key)


def add_nudge(
    session: Session, series_key: str, organizer_id: str, starts_at: datetime, now: datetime
) -> AgendaNudge:
    """Record a nudge sent now."""
    new = AgendaNudge(
        series_key=series_key, organizer_id=organizer_id, meeting_starts_at=starts_at, sent_at=now
    )
    session.add(new)
    return new


# --- Notices (attendees) ---------------------------------------------------------------------


def notice_candidates(
    session: Session, user_id: str, now: datetime, until: datetime
) -> Result[Meeting, str | None, datetime | None]:
    """Meetings from now until `until` this person attends, organized by someone else, that
    lack an agenda and were not shown to them before, soonest first; each with the agenda
    the organizer gave Kairos and when they dismissed the nudge."""
    shown = select(AgendaNotice.series_key).where(AgendaNotice.user_id == user_id)
    return session.execute(
        select(Meeting, AgendaNudge.agenda, AgendaNudge.dismissed_at)
        .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
        .outerjoin(AgendaNudge, AgendaNudge.series_key == Meeting.series_key)
        .where(
            MeetingAttendee.user_id == user_id,
            Meeting.starts_at >= now,
            Meeting.starts_at < until,
            Meeting.has_agenda.is_(False),
            Meeting.exemption.is_(None),
            Meeting.people >= 2,
            Meeting.organizer_id.is_distinct_from(user_id),
            Meeting.series_key.not_in(shown),
        )
        .order_by(Meeting.starts_at)
    )


def notice(session: Session, series_key: str, user_id: str) -> AgendaNotice | None:
    """This person's notice of this series, if they were shown it or asked."""
    return session.get(AgendaNotice, (series_key, user_id))


def add_notice(session: Session, series_key: str, user_id: str, now: datetime) -> AgendaNotice:
    """Record that this person was shown this series now."""
    new = AgendaNotice(series_key=series_key, user_id=user_id, noticed_at=now)
    session.add(new)
    return new


def ask_count(session: Session, series_key: str) -> int:
    """How many attendees asked for this series' agenda."""
    asks = session.scalar(
        select(func.count())
        .select_from(AgendaNotice)
        .where(AgendaNotice.series_key == series_key, AgendaNotice.asked_at.is_not(None))
    )
    return int(asks or 0)


# --- Email addresses as Slack users ----------------------------------------------------------


@cache
def _known(dialect: str) -> Select[Any]:
    emails = table(EmailUser)
    return select(emails.c.email, emails.c.user_id, emails.c.checked_at).where(
        one_of(emails.c.email, "emails", dialect)
    )


def known_emails(session: Session, emails: Sequence[str]) -> dict[str, tuple[str | None, datetime]]:
    """Of these addresses, the ones looked up before: each one's user (None: no one) and
    when it was looked up."""
    statement = _known(session.get_bind().dialect.name)
    return {
        email: (user_id, checked_at)
        for email, user_id, checked_at in session.execute(statement, {"emails": emails})
    }


def remember_emails(session: Session, answers: Mapping[str, str | None], now: datetime) -> None:
    """Store what these lookups found (a user id, or None), as of now."""
    # Colleagues' syncs look up the same addresses at the same time: an upsert, not a
    # read-then-insert that two of them would both try.
    rows = [{"email": e, "user_id": u, "checked_at": now} for e, u in answers.items()]
    upsert(session, table(EmailUser), rows, ["email"], ["user_id", "checked_at"])


# --- The planner's statistics (PostgreSQL) ---------------------------------------------------

_STALE = text(
    "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
    "WHERE s.schemaname = current_schema() AND s.relname = ANY(:tables) "
    "AND s.n_live_tup > :rows + (1 + :share) * greatest(c.reltuples, 0)"
)


def analyze_stale(
    session: Session, tables: Mapping[str, str], rows: int, share: float
) -> list[str]:
    """ANALYZE (the given columns of) the tables among `tables` that grew by more than rows
    plus share of the rows their statistics counted; the tables analysed. PostgreSQL only:
    on SQLite, nothing."""
    if session.connection().dialect.name != "postgresql":
        return []
    params = {"tables": list(tables), "rows": rows, "share": share}
    stale = [str(name) for name in session.scalars(_STALE, params)]
    for name in stale:
        if name in tables:  # the name goes into the statement: only our own
            session.execute(text(f"ANALYZE {name} ({tables[name]})"))
    return stale
