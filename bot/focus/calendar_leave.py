"""Leave from the calendar: the out-of-office events of a person's own feed, stored as leave
periods with source "calendar" (never touching leave set by command).

Each successful sync replaces the person's calendar leave with what the feed now shows,
matched by event key, so an event the person chose to ignore stays ignored while the feed
still shows it (moved days included). An ignored event counts for nothing: not in their
state, not on the hot path. Disconnecting the feed deletes its leave, ignored or not.
Functions here take the caller's session and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.focus import repo
from bot.focus.absence import FROM_CALENDAR, day_end
from bot.focus.leave_messages import CalendarLeaveItem
from bot.focus.model import zone_named
from bot.focus.repo_leave import calendar_leave_rows, delete_calendar_leave
from bot.focus.tables import LeavePeriod, Person
from bot.meetings.absence import Absence


def replace_calendar_leave(
    session: Session,
    user_id: str,
    tz: str,
    *,
    absences: Sequence[Absence],
    read_from: date,
    now: datetime,
) -> Person | None:
    """Make the person's calendar leave what the feed shows; the person if it changed.

    Leave that ended before `read_from` (the first day the feed was read for) is history
    the feed no longer shows: retention ages it out, the sync leaves it. A person with
    absences who never used /focus is added (leave needs a person to hold it), in `tz`.
    """
    rows = calendar_leave_rows(session, user_id)
    if not absences and not rows:
        return None  # the common case: nothing in the calendar, nothing stored
    person = repo.get_person(session, user_id)
    if person is None:
        person = repo.add_person(session, user_id, tz, now)
        session.flush()
    zone = zone_named(person.tz)
    wanted = {absence.key: absence for absence in absences}
    kept: dict[str, LeavePeriod] = {}
    changed = False
    for row in rows:
        if row.event_key in wanted and row.event_key not in kept:
            kept[row.event_key] = row
        elif row.event_key in wanted or row.ends_on >= read_from:
            session.delete(row)  # gone from the calendar (or a duplicate of a kept one)
            changed = True
    for key, absence in wanted.items():
        stored = kept.get(key)
        if stored is None:
            session.add(
                LeavePeriod(
                    user_id=user_id,
                    starts_on=absence.first_day,
                    ends_on=absence.last_day,
                    ends_at=day_end(absence.last_day, zone),
                    source=FROM_CALENDAR,
                    event_key=key,
                    title=absence.title,
                    created_at=now,
                )
            )
            changed = True
        elif _moved(stored, absence):
            stored.starts_on, stored.ends_on = absence.first_day, absence.last_day
            stored.title = absence.title
            stored.ends_at = day_end(absence.last_day, zone)
            changed = True
    if not changed:
        return None
    session.flush()
    session.expire(person, ["leave"])  # read again by whoever reschedules
    return person


def _moved(row: LeavePeriod, absence: Absence) -> bool:
    """Whether the event's days or title changed since the row was stored."""
    return (row.starts_on, row.ends_on, row.title) != (
        absence.first_day,
        absence.last_day,
        absence.title,
    )


def drop_calendar_leave(session: Session, user_id: str) -> None:
    """Delete the leave a person's calendar made (their feed is disconnected)."""
    delete_calendar_leave(session, user_id)


def set_ignored(session: Session, person: Person, key: str, ignored_at: datetime | None) -> bool:
    """Ignore a calendar event's leave (or, with None, count it again); False if the
    person's calendar leave has no such event."""
    rows = [row for row in person.leave if row.source == FROM_CALENDAR and row.event_key == key]
    for row in rows:
        row.ignored_at = ignored_at
    return bool(rows)


def calendar_leave_items(person: Person, today: date) -> list[CalendarLeaveItem]:
    """The person's calendar leave not over yet, earliest first, ignored ones included."""
    return sorted(
        CalendarLeaveItem(
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            title=row.title or "",
            key=row.event_key or "",
            ignored=row.ignored_at is not None,
        )
        for row in person.leave
        if row.source == FROM_CALENDAR and row.ends_on >= today and row.event_key
    )
