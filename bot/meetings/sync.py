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
from typing import Protocol

import httpx
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.connect.crypto import TokenCipher
from bot.db.base import table
from bot.db.inserts import rows_changed
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.meetings.addresses import normalise_feed_url
from bot.meetings.fetch import FetchResult, FetchStatus, fetch_feed
from bot.meetings.model import Occurrence
from bot.meetings.parse_pool import ParsePool, parse_here
from bot.meetings.people import users_by_email
from bot.meetings.store import drop_unseen, store_meetings
from bot.meetings.tables import CalendarFeed, MeetingSighting
from bot.ports import SlackPort

log = logging.getLogger(__name__)

# Meetings are kept from a week back (for the weekly summary) to two weeks ahead (nudges).
LOOK_BACK = timedelta(days=7)
LOOK_AHEAD = timedelta(days=14)


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


@dataclass(frozen=True)
class Calendars:
    """What syncing needs, put together by the composition root."""

    uow: UnitOfWork
    cipher: TokenCipher
    fetcher: FeedFetcher
    slack: SlackPort
    poll_minutes: int = 15
    # Worker processes for sweeps of many feeds; None parses every feed in this process.
    parse_pool: ParsePool | None = None


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
    """Slack users of the people in these meetings: organizers and attendees."""
    return users_by_email(cal.uow, cal.slack, participant_emails(occurrences), now)


def participant_emails(occurrences: Sequence[Occurrence]) -> list[str]:
    """Emails of the people (not rooms, not those who declined) in any of these meetings.

    All meetings, exempt ones too: a meeting's organizer and attendee rows must not depend
    on which other meetings the feed that stored it happens to show, or colleagues' feeds
    sharing it would store it differently, and rewrite it, by turns.
    """
    emails: set[str] = set()
    for occ in occurrences:
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
        drop_unseen(session, seen)
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
