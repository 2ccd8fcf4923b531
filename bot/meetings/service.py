"""Calendar feeds' use cases: connecting one, syncing it, the calendar job's polling run,
removing a feed with its data, its state, and forgetting long-past meetings.

Network I/O (the fetch, Slack's answers) and parsing happen outside any transaction; each
sync then writes its meetings in one unit of work. A use case that has to read before such
a wait (a poll reads its feed's address, a lookup what Kairos remembers of an address)
reads in a transaction of its own, so no transaction is held open across the network.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.connect.crypto import TokenCipher
from bot.db.uow import UnitOfWork
from bot.errors import KairosUserError
from bot.focus.language import language_for
from bot.focus.service import calendar_disconnected, calendar_leave_synced
from bot.i18n import _, speaking, translated
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.meetings import repo
from bot.meetings.absence import LEAVE_WORDS, Absence
from bot.meetings.feeds.addresses import feed_host, normalise_feed_url
from bot.meetings.feeds.fetch import FetchResult, FetchStatus
from bot.meetings.feeds.fetcher import FeedFetcher
from bot.meetings.ics.calendar import invalid_calendar_text
from bot.meetings.ics.pool import ParsePool, parse_here
from bot.meetings.messages import connected_text, feed_text, no_feed_text, unreadable_feed_text
from bot.meetings.model import (
    LOOK_AHEAD,
    LOOK_BACK,
    FeedReading,
    Occurrence,
    participant_emails,
)
from bot.meetings.people import People, look_up_people, remember_people
from bot.meetings.statistics import refresh_if_stale
from bot.meetings.store import store_meetings
from bot.meetings.tables import CalendarFeed
from bot.ports import SlackPort
from bot.retry import Retries

log = logging.getLogger(__name__)

# The calendar job (its own thread and lease) runs every KAIROS_SWEEP_SECONDS; one run syncs
# due feeds until this budget is spent, just under the default 20 s interval, so a run never
# outlives its lease. A run that leaves feeds due is followed at once by the next (renewing
# the lease), so a backlog is worked through without waiting for ticks.
FEEDS_PER_RUN = 2000
RUN_BUDGET_SECONDS = 18.0
SYNC_WORKERS = 4
# A run with this many due feeds parses them in the Calendars' parse pool (started once,
# kept for later runs); fewer, such as a single person's feed, are parsed here without the
# wait.
POOL_FROM = 8
# Every so many feeds that changed, a run checks whether the meeting tables have outgrown
# the planner's statistics of them (statistics.py).
STATISTICS_EVERY = 100


@dataclass(frozen=True)
class SyncReport:
    """What one sync found."""

    upcoming: int  # meetings in the next 14 days
    reading: FeedReading = field(default_factory=FeedReading)  # what the read left out
    changed: bool = True
    problem: str | None = None
    tell_person: bool = False  # a lasting problem the person has not been told of yet
    language: str = DEFAULT_LANGUAGE  # the feed owner's, which `problem` is written in


class CalendarProblem(KairosUserError):  # noqa: N818 - reads better at call sites
    """A feed that could not be connected; nothing was stored."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            _("I couldn't use that calendar: {problem} Nothing was saved.", problem=problem),
            example="/kairos calendar https://calendar.example.com/private.ics",
        )


def next_poll(user_id: str, now: datetime, poll_minutes: int) -> datetime:
    """The next poll, spread ±20% by a jitter fixed per person so feeds don't poll in step."""
    spread = int.from_bytes(hashlib.sha256(user_id.encode()).digest()[:2], "big") / 65535
    return now + timedelta(minutes=poll_minutes * (0.8 + 0.4 * spread))


@dataclass(frozen=True)
class _Read:
    """What a parsed feed gives a sync: its meetings, what the read left out, and the
    owner's out-of-office absences from `read_from` (their first day read) on."""

    occurrences: list[Occurrence]
    reading: FeedReading
    absences: list[Absence]
    read_from: date


def _parse(
    body: bytes,
    now: datetime,
    tz: str,
    pool: ParsePool | None = None,
    leave_words: tuple[str, ...] = LEAVE_WORDS,
) -> _Read:
    window = (now - LOOK_BACK, now + LOOK_AHEAD)
    parsed = (
        pool.parse(body, *window, tz)
        if pool is not None
        else parse_here(body, *window, tz, leave_words)
    )
    if parsed.problem is not None:
        raise CalendarProblem(invalid_calendar_text(parsed.problem_id or parsed.problem))
    reading = FeedReading(
        dict(parsed.skip_reasons), tuple(parsed.unknown_zones), parsed.fallback_zone
    )
    read_from = window[0].astimezone(ZoneInfo(tz)).date()
    return _Read(parsed.occurrences, reading, parsed.absences, read_from)


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
    # Titles that make an event in a person's own calendar leave (KAIROS_LEAVE_WORDS); the
    # parse pool is built with the same words.
    leave_words: tuple[str, ...] = LEAVE_WORDS
    # KAIROS_LANGUAGE: what a feed's owner is told in when Kairos knows no language of theirs.
    language: Language = DEFAULT_LANGUAGE


def check_address(cal: Calendars, text: str, *, field: str | None = None) -> str:
    """The address as Kairos fetches it, or a refusal (shown next to `field` in a modal):
    a plainly wrong address is answered at once, before anything is fetched."""
    allow_private = getattr(cal.fetcher, "allow_private", False)
    try:
        return normalise_feed_url(text, allow_private=allow_private)
    except KairosUserError as error:
        if field is None:
            raise
        raise KairosUserError(error.message, field=field) from None


def connect_feed(cal: Calendars, user_id: str, text: str, now: datetime) -> SyncReport:
    """Check, fetch and parse a feed address; only a feed that works is stored.

    Two transactions: what Kairos remembers of the meetings' people is read, Slack is asked
    about the rest, and one write then stores it all; neither network wait holds one open."""
    url = check_address(cal, text)
    result = cal.fetcher.fetch(url, etag=None, last_modified=None, previous_hash=None)
    if result.status is not FetchStatus.CHANGED or result.body is None:
        raise CalendarProblem(result.problem or _("the server sent nothing."))
    tz = cal.slack.user_timezone(user_id)
    read = _parse(result.body, now, tz, leave_words=cal.leave_words)
    occurrences, reading = read.occurrences, read.reading
    people = _people(cal, occurrences, now)
    with cal.uow() as session:
        remember_people(session, people, now)
        feed = repo.feed(session, user_id)
        if feed is None:
            feed = repo.add_feed(session, user_id, now)
        feed.url_encrypted = cal.cipher.encrypt(url)
        feed.host = feed_host(url)
        _record_success(feed, result, now, cal.poll_minutes, _upcoming(occurrences, now))
        feed.reading = reading.to_json()
        session.flush()
        store_meetings(session, user_id, occurrences, tz, now, people.users)
        calendar_leave_synced(
            session, user_id, tz, absences=read.absences, read_from=read.read_from, now=now
        )
    log.info("%s connected a calendar (%d meetings ahead)", user_id, feed.meetings_found)
    return SyncReport(upcoming=feed.meetings_found, reading=reading)


def connect_and_report(cal: Calendars, user_id: str, text: str, now: datetime) -> str:
    """Connect a feed and say how it went: what it found, or why nothing was saved."""
    try:
        report = connect_feed(cal, user_id, text, now)
    except KairosUserError as error:
        return error.user_text()
    return connected_text(report.upcoming, report.reading)


def _people(cal: Calendars, occurrences: Sequence[Occurrence], now: datetime) -> People:
    """Slack users of the people in these meetings: organizers and attendees."""
    return look_up_people(cal.uow, cal.slack, participant_emails(occurrences), now)


def _record_success(
    feed: CalendarFeed, result: FetchResult, now: datetime, poll_minutes: int, upcoming: int
) -> None:
    feed.etag, feed.last_modified = result.etag, result.last_modified
    feed.body_hash = result.body_hash
    feed.synced_at = now
    feed.next_poll_at = next_poll(feed.user_id, now, poll_minutes)
    feed.problem, feed.problem_told_at = None, None
    feed.meetings_found = upcoming


def remove_feed(uow: UnitOfWork, user_id: str, now: datetime) -> bool:
    """Disconnect a person's feed and delete what only it showed, its leave included; False
    if there was none. Mentions held through that leave are looked at again from `now`."""
    with uow() as session:
        feed = repo.feed(session, user_id)
        if feed is None:
            return False
        seen = repo.sighted_meetings(session, user_id)
        repo.delete_all_sightings(session, user_id)
        repo.drop_unseen(session, seen)
        repo.delete_feed(session, feed)
        calendar_disconnected(session, user_id, now)
    log.info("%s disconnected their calendar", user_id)
    return True


def _unchanged(
    user_id: str, result: FetchResult, now: datetime, poll_minutes: int
) -> dict[str, object]:
    """A poll that found the same calendar: what changes in its feed row (one UPDATE, the
    common case: most polls are 304s)."""
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
    return values


def sync_feed(
    cal: Calendars, user_id: str, now: datetime, pool: ParsePool | None = None
) -> SyncReport | None:
    """Poll one feed (parsed by `pool` if given); None if the person disconnected it.

    Reads the feed in one transaction and writes what the poll found in another: the fetch
    and the people's lookup in between are network waits no transaction is held across."""
    with cal.uow() as session:
        feed = repo.feed(session, user_id)
        if feed is None:
            return None
        url = cal.cipher.decrypt(feed.url_encrypted)
        etag, modified, digest = feed.etag, feed.last_modified, feed.body_hash
        found = feed.meetings_found
        # A failed poll's problem is kept for `/kairos calendar` and may be DMed: in the
        # owner's words, as if they had connected the feed just now.
        language = language_for(session, user_id, cal.language)
    with speaking(language):
        result = cal.fetcher.fetch(url, etag=etag, last_modified=modified, previous_hash=digest)
    if result.status in (FetchStatus.NOT_MODIFIED, FetchStatus.UNCHANGED):
        values = _unchanged(user_id, result, now, cal.poll_minutes)
        with cal.uow() as session:
            if not repo.update_feed(session, user_id, values):
                return None  # disconnected meanwhile
        return SyncReport(upcoming=found, changed=False)
    occurrences: list[Occurrence] | None = None
    problem = result.problem
    read: _Read | None = None
    tz = cal.slack.user_timezone(user_id)
    if result.status is FetchStatus.CHANGED and result.body is not None:
        try:
            read = _parse(result.body, now, tz, pool, cal.leave_words)
            occurrences = read.occurrences
        except CalendarProblem:
            problem = translated(language)._("the address no longer answers with a calendar.")
    people = _people(cal, occurrences, now) if occurrences else People({}, {})
    with cal.uow() as session:
        remember_people(session, people, now)
        feed = repo.feed(session, user_id)
        if feed is None:
            return None
        if read is not None:
            _record_success(feed, result, now, cal.poll_minutes, _upcoming(read.occurrences, now))
            feed.reading = read.reading.to_json()
            store_meetings(session, user_id, read.occurrences, tz, now, people.users)
            calendar_leave_synced(
                session, user_id, tz, absences=read.absences, read_from=read.read_from, now=now
            )
            return SyncReport(upcoming=feed.meetings_found, reading=read.reading)
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
            upcoming=feed.meetings_found,
            changed=False,
            problem=problem,
            tell_person=tell,
            language=language,
        )


def feed_state(uow: UnitOfWork, user_id: str) -> str:
    """`/kairos calendar` with nothing else: is a feed connected, and how is it doing."""
    with uow() as session:
        feed = repo.feed(session, user_id)
        if feed is None:
            return no_feed_text()
        reading = FeedReading.from_json(feed.reading)
        return feed_text(feed.host, feed.meetings_found, feed.problem, reading)


@dataclass(frozen=True)
class PollRun:
    """What one run of sync_due did."""

    synced: int
    more_due: bool  # it stopped with feeds still due: out of time, or FEEDS_PER_RUN reached


def sync_due(
    cal: Calendars,
    now: datetime,
    budget_seconds: float = RUN_BUDGET_SECONDS,
    pool: ParsePool | None = None,
    retries: Retries | None = None,
) -> PollRun:
    """Sync the feeds whose poll is due, most overdue first, for up to budget_seconds.
    Parsed by `pool`, or cal.parse_pool when POOL_FROM or more are due. A feed whose sync
    fails is polled again after a backoff (`retries`), written to its next_poll_at."""
    retries = retries or Retries("sync calendar feeds")
    with cal.uow() as session:
        # The one past the limit says more are due.
        due = repo.due_feeds(session, now, FEEDS_PER_RUN + 1)
    beyond = due[FEEDS_PER_RUN:]
    due = due[:FEEDS_PER_RUN]
    deadline = time.monotonic() + budget_seconds
    if pool is None and len(due) >= POOL_FROM:
        pool = cal.parse_pool
    stored = itertools.count(1)  # feeds whose meetings this run stored (thread-safe in CPython)

    def sync_one(user_id: str) -> bool:
        if time.monotonic() > deadline:
            return False  # the rest are the most overdue at the next run
        done = retries.attempt(user_id, now, partial(sync_and_tell, user_id))
        failure = retries.failure(user_id)
        if done is None and failure is not None:
            _poll_again_at(cal, user_id, now, failure.retry_at)
        return True

    def sync_and_tell(user_id: str) -> bool:
        report = sync_feed(cal, user_id, now, pool)
        # After the sync's write, in a transaction of its own: a failed ANALYZE keeps the sync.
        if report is not None and report.changed and next(stored) % STATISTICS_EVERY == 0:
            refresh_if_stale(cal.uow)
        if report is not None and report.tell_person and report.problem:
            said = unreadable_feed_text(report.problem, report.language)
            cal.slack.send_dm(user_id, said, [])
        return True

    # Most of a poll is waiting (for the calendar server, then the database): a few at once
    # overlap the waits. Feeds sharing a meeting may store it at the same moment;
    # repo_upsert.py makes that safe.
    with ThreadPoolExecutor(SYNC_WORKERS, thread_name_prefix="kairos-calendar") as threads:
        synced = sum(threads.map(sync_one, due))
    return PollRun(synced, more_due=synced < len(due) or bool(beyond))


def _poll_again_at(cal: Calendars, user_id: str, now: datetime, retry_at: datetime) -> None:
    """After a failed sync: poll the feed again after its backoff, not at every run. Its own
    transaction: it records that an attempt failed, whichever of the attempt's steps did."""
    with cal.uow() as session:
        feed = repo.feed(session, user_id)
        if feed is None:
            return
        if feed.next_poll_at <= now:  # the sync did not get as far as recording its poll
            feed.next_poll_at = retry_at
        if feed.problem_told_at == now:  # telling the person failed: tell them next time
            feed.problem_told_at = None
