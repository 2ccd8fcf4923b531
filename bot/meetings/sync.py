"""Calendar feeds: connecting one, syncing it, polling, and removing it with its data.

Network I/O (the fetch) and parsing happen outside any transaction; each sync then
writes its meetings in one unit of work.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Protocol, cast
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from bot.connect.crypto import TokenCipher
from bot.db.base import table
from bot.db.inserts import rows_changed
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus import repo as focus_repo
from bot.focus.periods import schedule_periods
from bot.focus.schedule import Schedule
from bot.focus.service import zone_named
from bot.meetings.addresses import normalise_feed_url
from bot.meetings.agenda import AgendaVerdict, detect_agenda, nudge_exemption
from bot.meetings.fetch import FetchResult, FetchStatus, fetch_feed
from bot.meetings.model import Occurrence, meeting_flags, meeting_key
from bot.meetings.parse_pool import ParsePool, parse_here
from bot.meetings.people import users_by_email
from bot.meetings.tables import CalendarFeed, Meeting, MeetingAttendee, MeetingSighting
from bot.meetings.upsert import (
    MEETING_VALUES,
    delete_attendees,
    insert_new_rows,
    stored_attendees,
    stored_meetings,
    write_meetings,
)
from bot.ports import SlackPort

log = logging.getLogger(__name__)

# Meetings are kept from a week back (for the weekly summary) to two weeks ahead (nudges).
LOOK_BACK = timedelta(days=7)
LOOK_AHEAD = timedelta(days=14)
# How many feeds one sweep syncs at most; the rest wait for the next sweep.
_IN_CHUNK = 500  # keys per IN (...) list, well under every backend's limit


class FeedFetcher(Protocol):
    """Fetches a feed address; the composition root gives the SSRF-safe httpx one."""

    def fetch(
        self, url: str, *, etag: str | None, last_modified: str | None, previous_hash: str | None
    ) -> FetchResult:
        """One conditional fetch."""
        ...


class HttpFeedFetcher:
    """fetch_feed over one shared httpx client."""

    def __init__(self, *, allow_private: bool, client: httpx.Client | None = None) -> None:
        self.allow_private = allow_private
        # trust_env=False: no proxy from the environment. The connection is pinned to the
        # address that passed the checks, which a proxy tunnel would not honour for TLS.
        self._client = client or httpx.Client(trust_env=False)

    def fetch(
        self, url: str, *, etag: str | None, last_modified: str | None, previous_hash: str | None
    ) -> FetchResult:
        """One conditional fetch, with the address checks unless private URLs are allowed."""
        return fetch_feed(
            url,
            client=self._client,
            etag=etag,
            last_modified=last_modified,
            previous_hash=previous_hash,
            allow_private=self.allow_private,
        )

    def close(self) -> None:
        """Close the connections."""
        self._client.close()


@dataclass(frozen=True)
class SyncReport:
    """What one sync found."""

    upcoming: int  # meetings in the next 14 days
    skipped: int = 0  # events that could not be read
    changed: bool = True
    problem: str | None = None
    tell_person: bool = False  # a lasting problem the person has not been told of yet


class CalendarProblem(KairosUserError):  # noqa: N818 - reads better at call sites
    """A feed that could not be connected; nothing was stored."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"I couldn't use that calendar: {problem} Nothing was saved.",
            example="/kairos calendar https://calendar.example.com/private.ics",
        )


def next_poll(user_id: str, now: datetime, poll_minutes: int) -> datetime:
    """The next poll, spread ±20% by a jitter fixed per person so feeds don't poll in step."""
    spread = int.from_bytes(hashlib.sha256(user_id.encode()).digest()[:2], "big") / 65535
    return now + timedelta(minutes=poll_minutes * (0.8 + 0.4 * spread))


def _parse(
    body: bytes, now: datetime, tz: str, pool: ParsePool | None = None
) -> tuple[list[Occurrence], int]:
    window = (now - LOOK_BACK, now + LOOK_AHEAD)
    parsed = pool.parse(body, *window, tz) if pool is not None else parse_here(body, *window, tz)
    if parsed.problem is not None:
        raise CalendarProblem(parsed.problem)
    return parsed.occurrences, parsed.skipped


def _upcoming(occurrences: Iterable[Occurrence], now: datetime) -> int:
    return sum(1 for occ in occurrences if now <= occ.start < now + LOOK_AHEAD)


@lru_cache(maxsize=512)
def _agenda(description: str, has_attachment: bool, is_html: bool | None) -> AgendaVerdict:
    # Every occurrence of a series carries the same description: read it once, not weekly.
    return detect_agenda(description, has_attachment=has_attachment, is_html=is_html)


def _fields(
    occ: Occurrence, tz: str, now: datetime, users: dict[str, str], overlap: bool = False
) -> dict[str, object]:
    verdict = _agenda(occ.description, occ.has_attachment, occ.description_is_html)
    flags = meeting_flags(occ, user_tz=tz, focus_day=None, attendee_focus_overlap=overlap)
    return {
        # A private event is busy time only: its title is not ours to keep.
        "title": "" if occ.is_private else occ.title,
        "starts_at": occ.start,
        "ends_at": occ.end,
        "sequence": occ.sequence,
        "organizer_email": occ.organizer,
        "organizer_id": users.get((occ.organizer or "").lower()),
        "people": len(occ.human_participants),
        "is_recurring": occ.is_recurring,
        "is_private": occ.is_private,
        "has_agenda": verdict.has_agenda,
        "agenda_reason": verdict.reason.value,
        "exemption": nudge_exemption(occ),
        "minutes": flags.minutes,
        "flags": ",".join(flags.names),
        "updated_at": now,
    }


def upsert_meetings(
    session: Session,
    occurrences: Sequence[Occurrence],
    tz: str,
    now: datetime,
    users: dict[str, str],
) -> set[int]:
    """Insert or update these meetings (one row per series and slot); their ids.

    Colleagues' feeds share meetings, and their syncs may store one at the same time: a row
    the other sync inserted first is updated like any stored one, or read back when its
    SEQUENCE is newer.
    """
    wanted = {meeting_key(occ): occ for occ in occurrences}
    focus = _focus_blocks(session, {u for occ in wanted.values() for u in _people(occ, users)})
    fields = {
        key: _fields(occ, tz, now, users, _overlaps_focus(occ, users, focus))
        for key, occ in wanted.items()
    }
    stored = stored_meetings(session, set(wanted))
    ids = {key: meeting_id for key, (meeting_id, _values) in stored.items()}
    # Written: the new meetings, and the stored ones that changed and whose stored SEQUENCE
    # is not newer. A row that is the same is not written, so not locked either.
    changed = {
        key: row
        for key, row in fields.items()
        if key not in stored or _newer_and_different(row, stored[key][1])
    }
    ids.update(write_meetings(session, changed))
    # Not written: another feed stored a newer version of a new one since we looked.
    ids.update(
        (key, found[0]) for key, found in stored_meetings(session, set(wanted) - set(ids)).items()
    )
    # Only meetings stored before this sync can have attendee rows to compare with.
    _replace_attendees(
        session,
        {ids[key]: occ for key, occ in wanted.items()},
        users,
        {ids[key] for key in stored},
    )
    return {ids[key] for key in wanted}


def _newer_and_different(row: dict[str, object], stored: tuple[object, ...]) -> bool:
    """Whether a sync's values for a stored meeting change it and may: an occurrence only
    overwrites a stored one whose SEQUENCE is not newer."""
    if cast(int, row["sequence"]) < cast(int, stored[_SEQUENCE]):
        return False
    return any(row[name] != value for name, value in zip(MEETING_VALUES, stored, strict=True))


_SEQUENCE = MEETING_VALUES.index("sequence")


def _people(occ: Occurrence, users: dict[str, str]) -> set[str]:
    """The Slack users among a meeting's organizer and attendees who did not decline."""
    emails = {a.email.lower() for a in occ.attendees if not a.is_resource and not a.declined}
    emails.add((occ.organizer or "").lower())
    return {users[e] for e in emails if e in users}


def _focus_blocks(session: Session, user_ids: set[str]) -> dict[str, tuple[Schedule, ZoneInfo]]:
    """Weekly focus blocks and zone of the Kairos users among these people."""
    return {
        person.user_id: (person.state.blocks, zone_named(person.tz))
        for person in focus_repo.reachability(session, sorted(user_ids))
        if person.state.blocks
    }


def _overlaps_focus(
    occ: Occurrence, users: dict[str, str], focus: dict[str, tuple[Schedule, ZoneInfo]]
) -> bool:
    """Whether the meeting cuts into a weekly focus block of one of its people."""
    for user_id in _people(occ, users):
        if user_id in focus:
            blocks, zone = focus[user_id]
            if schedule_periods(blocks, zone, occ.start, occ.end):
                return True
    return False


def _replace_attendees(
    session: Session,
    meetings: dict[int, Occurrence],
    users: dict[str, str],
    stored_before: set[int],
) -> None:
    """Each meeting's attendees who are Slack users, as the newest sync saw them; only the
    meetings whose attendees differ from the stored ones (of `stored_before`) are written."""
    wanted: set[tuple[int, str]] = set()
    for meeting_id, occ in meetings.items():
        found = _people(occ, users) - {users.get((occ.organizer or "").lower())}
        wanted.update((meeting_id, u) for u in found)
    stored = stored_attendees(session, stored_before & set(meetings))
    delete_attendees(session, stored - wanted)
    # All of a changed meeting's rows, not only those missing when we looked: a sync storing
    # it at the same time may have deleted one this sync wants. One that inserted a row
    # first saw the same meeting, so its row is kept instead of failing this sync.
    changed = {meeting_id for meeting_id, _user in stored ^ wanted}
    rows = [{"meeting_id": m, "user_id": u} for m, u in wanted if m in changed]
    insert_new_rows(session, MeetingAttendee, rows, ["meeting_id", "user_id"])


def store_meetings(  # noqa: PLR0917 - one step of a sync, all of it needed
    session: Session,
    user_id: str,
    occurrences: Sequence[Occurrence],
    tz: str,
    now: datetime,
    users: dict[str, str] | None = None,
) -> None:
    """Make the person's sightings exactly these meetings; drop meetings nobody sees now."""
    ids = upsert_meetings(session, occurrences, tz, now, users or {})
    before = set(
        session.scalars(
            select(MeetingSighting.meeting_id).where(MeetingSighting.user_id == user_id)
        )
    )
    gone = before - ids
    for id_chunk in _id_chunks(gone):
        session.execute(
            delete(MeetingSighting).where(
                MeetingSighting.user_id == user_id, MeetingSighting.meeting_id.in_(id_chunk)
            )
        )
    # Two syncs of this feed at once (a poll while the person reconnects it) both read no
    # sighting: the second skips the row the first inserted.
    sightings = [{"meeting_id": i, "user_id": user_id} for i in sorted(ids - before)]
    insert_new_rows(session, MeetingSighting, sightings, ["meeting_id", "user_id"])
    _drop_unseen(session, gone)


def _id_chunks(ids: set[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _IN_CHUNK):
        yield ordered[start : start + _IN_CHUNK]


def _drop_unseen(session: Session, candidates: set[int]) -> None:
    """Delete the meetings among candidates that no feed shows any more."""
    seen = exists().where(MeetingSighting.meeting_id == Meeting.id)
    for chunk in _id_chunks(candidates):
        session.execute(delete(Meeting).where(Meeting.id.in_(chunk), ~seen))


@dataclass(frozen=True)
class Calendars:
    """What syncing needs, put together by the composition root."""

    uow: UnitOfWork
    cipher: TokenCipher
    fetcher: FeedFetcher
    slack: SlackPort
    poll_minutes: int = 15


def connect_feed(cal: Calendars, user_id: str, text: str, now: datetime) -> SyncReport:
    """Check, fetch and parse a feed address; only a feed that works is stored."""
    allow_private = getattr(cal.fetcher, "allow_private", False)
    url = normalise_feed_url(text, allow_private=allow_private)
    result = cal.fetcher.fetch(url, etag=None, last_modified=None, previous_hash=None)
    if result.status is not FetchStatus.CHANGED or result.body is None:
        raise CalendarProblem(result.problem or "the server sent nothing.")
    tz = cal.slack.user_timezone(user_id)
    occurrences, skipped = _parse(result.body, now, tz)
    users = _organizers(cal, occurrences, now)
    with cal.uow() as session:
        feed = session.get(CalendarFeed, user_id)
        if feed is None:
            feed = CalendarFeed(user_id=user_id, created_at=now, next_poll_at=now)
            session.add(feed)
        feed.url_encrypted = cal.cipher.encrypt(url)
        feed.host = _host(url)
        _record_success(feed, result, now, cal.poll_minutes, _upcoming(occurrences, now))
        session.flush()
        store_meetings(session, user_id, occurrences, tz, now, users)
    log.info("%s connected a calendar (%d meetings ahead)", user_id, feed.meetings_found)
    return SyncReport(upcoming=feed.meetings_found, skipped=skipped)


def _organizers(cal: Calendars, occurrences: Sequence[Occurrence], now: datetime) -> dict[str, str]:
    """Slack users of the people in meetings that may be nudged: organizers and attendees."""
    return users_by_email(cal.uow, cal.slack, nudgeable_emails(occurrences), now)


def nudgeable_emails(occurrences: Sequence[Occurrence]) -> list[str]:
    """Emails of the people (not rooms) in meetings an agenda nudge or notice may concern."""
    emails: set[str] = set()
    for occ in occurrences:
        if nudge_exemption(occ) is not None:
            continue
        if occ.organizer:
            emails.add(occ.organizer)
        emails.update(
            a.email for a in occ.attendees if a.email and not a.is_resource and not a.declined
        )
    return sorted(emails)


def _host(url: str) -> str:
    return (httpx.URL(url).host or "?")[:255]


def _record_success(
    feed: CalendarFeed, result: FetchResult, now: datetime, poll_minutes: int, upcoming: int
) -> None:
    feed.etag, feed.last_modified = result.etag, result.last_modified
    feed.body_hash = result.body_hash
    feed.synced_at = now
    feed.next_poll_at = next_poll(feed.user_id, now, poll_minutes)
    feed.problem, feed.problem_told_at = None, None
    feed.meetings_found = upcoming


def remove_feed(uow: UnitOfWork, user_id: str) -> bool:
    """Disconnect a person's feed and delete what only it showed; False if there was none."""
    with uow() as session:
        feed = session.get(CalendarFeed, user_id)
        if feed is None:
            return False
        seen = set(
            session.scalars(
                select(MeetingSighting.meeting_id).where(MeetingSighting.user_id == user_id)
            )
        )
        session.execute(delete(MeetingSighting).where(MeetingSighting.user_id == user_id))
        _drop_unseen(session, seen)
        session.delete(feed)
    log.info("%s disconnected their calendar", user_id)
    return True


def _mark_unchanged(
    session: Session, user_id: str, result: FetchResult, now: datetime, poll_minutes: int
) -> bool:
    """Record a poll that found the same calendar, in one UPDATE (the common case: most
    polls are 304s); False if the feed was disconnected meanwhile."""
    feeds = table(CalendarFeed)
    values: dict[str, object] = {
        "synced_at": now,
        "next_poll_at": next_poll(user_id, now, poll_minutes),
        "problem": None,
        "problem_told_at": None,
    }
    # A server may send new validators with an unchanged body: keep them for a 304.
    if result.etag:
        values["etag"] = result.etag
    if result.last_modified:
        values["last_modified"] = result.last_modified
    update_feed = update(feeds).where(feeds.c.user_id == user_id).values(values)
    return rows_changed(session.connection().execute(update_feed)) > 0


def sync_feed(
    cal: Calendars, user_id: str, now: datetime, pool: ParsePool | None = None
) -> SyncReport | None:
    """Poll one feed (parsed by `pool` if given); None if the person disconnected it."""
    with cal.uow() as session:
        feed = session.get(CalendarFeed, user_id)
        if feed is None:
            return None
        url = cal.cipher.decrypt(feed.url_encrypted)
        etag, modified, digest = feed.etag, feed.last_modified, feed.body_hash
        found = feed.meetings_found
    result = cal.fetcher.fetch(url, etag=etag, last_modified=modified, previous_hash=digest)
    if result.status in (FetchStatus.NOT_MODIFIED, FetchStatus.UNCHANGED):
        with cal.uow() as session:
            if not _mark_unchanged(session, user_id, result, now, cal.poll_minutes):
                return None
        return SyncReport(upcoming=found, changed=False)
    occurrences: list[Occurrence] | None = None
    problem = result.problem
    skipped = 0
    tz = cal.slack.user_timezone(user_id)
    if result.status is FetchStatus.CHANGED and result.body is not None:
        try:
            occurrences, skipped = _parse(result.body, now, tz, pool)
        except CalendarProblem:
            problem = "the address no longer answers with a calendar."
    users = _organizers(cal, occurrences, now) if occurrences else {}
    with cal.uow() as session:
        feed = session.get(CalendarFeed, user_id)
        if feed is None:
            return None
        if occurrences is not None:
            _record_success(feed, result, now, cal.poll_minutes, _upcoming(occurrences, now))
            store_meetings(session, user_id, occurrences, tz, now, users)
            return SyncReport(upcoming=feed.meetings_found, skipped=skipped)
        # A failure: keep the meetings we know, try again at the next poll.
        feed.problem = problem
        feed.next_poll_at = next_poll(user_id, now, cal.poll_minutes)
        # A 401/403/404/410 or a sign-in page instead of the calendar won't fix itself.
        lasting = result.status in (FetchStatus.GONE_OR_DENIED, FetchStatus.NOT_A_CALENDAR)
        tell = lasting and feed.problem_told_at is None
        if tell:
            feed.problem_told_at = now
        log.info("calendar of %s not synced: %s", user_id, problem)
        return SyncReport(
            upcoming=feed.meetings_found, changed=False, problem=problem, tell_person=tell
        )


def feed_state(uow: UnitOfWork, user_id: str) -> str:
    """`/kairos calendar` with nothing else: is a feed connected, and how is it doing."""
    with uow() as session:
        feed = session.get(CalendarFeed, user_id)
        if feed is None:
            return (
                "No calendar connected. Paste your calendar's private iCal address: "
                "`/kairos calendar https://…`"
            )
        text = (
            f"Your calendar at {feed.host} is connected: {feed.meetings_found} meetings "
            "in the next 14 days."
        )
        if feed.problem:
            text += f" The last check failed: {feed.problem}"
        return text


# Past meetings are kept for the weekly summary, then forgotten.
KEEP_PAST = timedelta(days=35)


def forget_old_meetings(uow: UnitOfWork, now: datetime) -> int:
    """Delete meetings that ended more than KEEP_PAST ago (and their rows); how many."""
    with uow() as session:
        old = list(session.scalars(select(Meeting.id).where(Meeting.ends_at < now - KEEP_PAST)))
        for chunk in _id_chunks(set(old)):
            session.execute(delete(MeetingSighting).where(MeetingSighting.meeting_id.in_(chunk)))
            session.execute(delete(MeetingAttendee).where(MeetingAttendee.meeting_id.in_(chunk)))
            session.execute(delete(Meeting).where(Meeting.id.in_(chunk)))
    return len(old)
