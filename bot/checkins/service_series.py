"""What a calendar sync means for a check-in's series: the attendee-hours given back.

Kairos reads calendars and cannot cancel a meeting; after a check-in's first round its
organizer is asked to cancel or shorten the series. The calendar job looks at each watched
series just before its run and again just after (watch, then record_changes, at the same
instant), and when the run shows the series ended (an end date set), cancelled (nothing of it
coming), or shorter (fewer minutes, or fewer days a week), the attendee-hours a week given
back are recorded, once.

Comparing what one run changed, and not the series against a remembered baseline, is what
lets a series deleted outright count: its rows are gone after the run, so they must be read
before it. What is not seen right, and accepted: a run that dies between its sync and the
recording loses that one observation; a feed disconnected during a run (seconds) takes the
meetings only it showed along, which reads as a cancellation; and a series with one
occurrence in the two weeks looked at (monthly) whose next one is cancelled reads as ended.

What a person would expect of a check-in when its series changes:
- the series moves to another time or day: the check-in keeps its own schedule (the
  organizer chose it in the modal, and edits it there); nothing is given back;
- the series is cancelled while a round is open: that round still runs to its wrap-up, and
  the check-in goes on, since it replaces the meeting; the hours are recorded;
- someone declines, or the invite list changes: not counted; a decline says nothing about
  the series, and recording once would then hide the real cancellation that follows.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.checkins import repo, repo_given_back, repo_series
from bot.checkins.model import SeriesShape, cadence_of, hours_given_back
from bot.checkins.repo_given_back import SeriesMeeting
from bot.db.uow import UnitOfWork
from bot.i18n import _
from bot.meetings.model import LOOK_AHEAD

log = logging.getLogger(__name__)

# Less than this is rounding, not a series given back.
MIN_HOURS = 0.01


@dataclass(frozen=True)
class WatchedSeries:
    """A check-in's series as the meetings table showed it before a calendar run."""

    checkin_id: int
    series_key: str
    zone: str
    meetings: tuple[SeriesMeeting, ...]


@dataclass(frozen=True)
class Watch:
    """The watched series before a calendar run, and the instant they were read at."""

    at: datetime
    series: tuple[WatchedSeries, ...]


def _usual(values: Sequence[int]) -> int:
    """The most common value; of a tie the larger, so a tie never looks like a shrink."""
    counts = Counter(values)
    most = max(counts.values())
    return max(value for value, n in counts.items() if n == most)


def shape_of(meetings: Sequence[SeriesMeeting], zone: str) -> SeriesShape:
    """A series' size from its occurrences: its usual people and minutes, and its rhythm
    read in the check-in's zone (one occurrence moved or skipped keeps the rhythm)."""
    if not meetings:
        raise ValueError("a series shape needs at least one occurrence")
    per_week = cadence_of([m.starts_at for m in meetings], zone).per_week
    return SeriesShape(
        people=_usual([m.people for m in meetings]),
        minutes=_usual([m.minutes for m in meetings]),
        per_week=per_week,
    )


def ended(before: Sequence[SeriesMeeting], after: Sequence[SeriesMeeting]) -> bool:
    """Whether the run showed the series ended: nothing of it coming any more (deleted or
    cancelled), or an open-ended series that now has an end date."""
    if not after:
        return True
    return any(m.open_ended for m in before) and not any(m.open_ended for m in after)


def given_back(before: Sequence[SeriesMeeting], after: Sequence[SeriesMeeting], zone: str) -> float:
    """Attendee-hours a week a series gave back between two looks at its coming weeks
    (0.0 when nothing was given back, or there was no series to give back).

    The rhythm is read as a cadence, so one occurrence cancelled ("not this week") or moved
    gives nothing back; the cost: a weekly series made fortnightly shows one occurrence in
    the two weeks looked at, which reads as weekly still, and is not counted.
    """
    if not before:
        return 0.0
    was = shape_of(before, zone)
    if ended(before, after):
        return hours_given_back(was, None)
    now = shape_of(after, zone)
    # People are not counted (see the module's docstring): compare at the same headcount.
    return hours_given_back(was, SeriesShape(was.people, now.minutes, now.per_week))


def watch(uow: UnitOfWork, now: datetime) -> Watch:
    """The series of check-ins that gave nothing back yet, as stored before a calendar run."""
    with uow() as session:
        checkins = repo_given_back.watched(session)
        found = repo_given_back.upcoming(
            session, {c.series_key for c in checkins}, now, now + LOOK_AHEAD
        )
    return Watch(
        now,
        tuple(
            WatchedSeries(c.checkin_id, c.series_key, c.zone, tuple(found[c.series_key]))
            for c in checkins
            if found[c.series_key]  # a series with nothing coming has nothing to give back
        ),
    )


def record_changes(uow: UnitOfWork, watched: Watch) -> int:
    """After a calendar run: record the hours given back by each watched series the run
    ended, cancelled or shortened (once a check-in); how many were recorded."""
    if not watched.series:
        return 0
    at = watched.at
    recorded = 0
    with uow() as session:
        now = repo_given_back.upcoming(
            session, {s.series_key for s in watched.series}, at, at + LOOK_AHEAD
        )
        for series in watched.series:
            hours = given_back(series.meetings, now[series.series_key], series.zone)
            if hours >= MIN_HOURS and repo.record_given_back(
                session, series.checkin_id, round(hours, 2), at
            ):
                log.info("check-in %s: its series gave back %.2f attendee-hours a week",
                         series.checkin_id, hours)  # fmt: skip
                recorded += 1
    return recorded


def make_async_refusal(uow: UnitOfWork, user_id: str, series_key: str) -> str | None:
    """Why this person cannot make this series async from the weekly summary (a kind word
    to them alone), or None: they organize it, and the setup modal may open."""
    with uow() as session:
        latest = repo_series.series_meetings(session, series_key, 1)
        if not latest:
            return _(
                "I can't find that meeting any more. If it was cancelled, there is nothing "
                "left to make async."
            )
        if latest[0].organizer_id != user_id:
            # No title: a button's value can be forged, and a series' title is its
            # organizer's and attendees' to see.
            return _(
                "Only the organizer of this meeting can set up a check-in for it. If you "
                "think it could be async, tell them: the same button in the summary is theirs "
                "to press."
            )
        title = latest[0].title
        existing = repo.of_series(session, series_key)
        if existing is not None:
            return _(
                "“{title}” already has a check-in, “{checkin}”. /kairos async shows it.",
                title=title,
                checkin=existing.title,
            )
    return None
