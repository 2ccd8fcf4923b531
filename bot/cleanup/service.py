"""Building a channel's cleanup summary from its members' meetings (one transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.checkins import repo_given_back
from bot.cleanup import repo
from bot.cleanup.answers import tallies
from bot.cleanup.async_figures import AsyncFigures, CheckInRate
from bot.cleanup.attendance import without_absent
from bot.cleanup.channel_questions import question_figures
from bot.cleanup.chart import WEEKS_SHOWN
from bot.cleanup.model import (
    WEEK,
    Summary,
    WeekPoint,
    between,
    candidates,
    dedupe,
    series_review,
    week_figures,
)
from bot.cleanup.ranking import rank_candidates
from bot.norms import repo as norms_repo
from bot.norms.words import describe_response
from bot.notes.repo_figures import notes_figures
from bot.workspace import repo as settings_repo

FOCUS_DAY = "focus_day"
# Answers older than a quarter describe a meeting that may have changed since.
ANSWERS_SINCE = timedelta(days=90)
# The quarterly review looks at what is stored: four weeks back (meetings are forgotten
# after five) and the coming week.
REVIEW_BACK = timedelta(days=28)
HISTORY_WEEKS = 12


@dataclass(frozen=True)
class SummaryOptions:
    """How the operator wants costs shown."""

    hourly_rate: float | None = None
    currency: str = ""


def focus_day(session: Session) -> int | None:
    """The team's meeting-free weekday (0 = Monday), or None."""
    value = settings_repo.get(session, FOCUS_DAY)
    return int(value) if value and value.isdigit() else None


def async_figures_of(
    session: Session, channel_id: str, members: list[str], meeting_ids: list[int], now: datetime
) -> AsyncFigures:
    """The async figures of the channel's last 7 days: hours given back by the check-ins it
    covers (posted in it, or organized by a member), their answer rates, the share of its
    members' meetings that left notes, and its members' actions open and done."""
    start = now - WEEK
    checkins = repo_given_back.covered(session, channel_id, members)
    back = repo_given_back.given_back_by(session, checkins, start, now)
    rates = tuple(
        CheckInRate(rate.title, rate.rounds, rate.asked, rate.answered)
        for rate in repo_given_back.answer_rates_of(session, checkins, start, now)
    )
    notes = notes_figures(session, meeting_ids, members, start, now)
    return AsyncFigures(
        back.recent, back.total, rates,
        notes.asked, notes.posted, notes.actions_open, notes.actions_done,
    )  # fmt: skip


def build_summary(
    session: Session,
    channel_id: str,
    members: list[str],
    *,
    now: datetime,
    tz: str,
    options: SummaryOptions,
    quarterly: bool,
) -> Summary:
    """The summary for a channel's members at `now`, in the team's zone."""
    repo.plan_for_these_values(session)
    people = repo.with_calendars(session, members)
    earliest = now - (REVIEW_BACK if quarterly else 2 * WEEK)
    rows = dedupe(repo.meeting_rows(session, people, earliest, now + WEEK))
    # Attendees on leave or a public holiday that day could not attend: not counted.
    ids = [row.meeting_id for row in rows]
    rows = without_absent(rows, *repo.attendees_days_off(session, ids, earliest))
    last = between(rows, now - WEEK, now)
    before = between(rows, now - 2 * WEEK, now - WEEK)
    coming = between(rows, now, now + WEEK)
    day = focus_day(session)
    titles = {row.series_key: row.title for row in rows if row.is_recurring and not row.is_private}
    # Focus is everyone's in the channel, calendar or not.
    last_week = week_figures(last, repo.focus_figures(session, members, now - WEEK, now))
    history: list[float] = []
    review = []
    today = now.astimezone(ZoneInfo(tz)).date()
    recent = [
        *repo.history_weeks(session, channel_id, today, WEEKS_SHOWN - 1),
        WeekPoint(today, last_week.hours, last_week.attendee_hours),
    ]
    if quarterly:
        history = [*repo.history_hours(session, channel_id, today, HISTORY_WEEKS), last_week.hours]
        review = series_review(between(rows, now - REVIEW_BACK, now + WEEK), weeks=5)
    norms = norms_repo.get(session, channel_id)
    response = questions = None
    if norms is not None and norms.response is not None:
        response = describe_response(norms.response)
        questions = question_figures(repo.asked_in(session, channel_id, now - WEEK, now), now)
    answers = tallies(repo.answers(session, titles, now - ANSWERS_SINCE), titles)
    last_ids = [row.meeting_id for row in last]
    # The answers rank the candidates: the ones people most say could be async first.
    to_question = rank_candidates(candidates(coming, focus_day=day, tz=ZoneInfo(tz)), answers)
    return Summary(
        last_week=last_week,
        week_before=week_figures(
            before, repo.focus_figures(session, members, now - 2 * WEEK, now - WEEK)
        ),
        candidates=to_question,
        async_results=answers,
        members_with_calendars=len(people),
        starts=now,
        ends=now + WEEK,
        tz=tz,
        focus_day=day,
        hourly_rate=options.hourly_rate,
        currency=options.currency,
        quarterly=quarterly,
        history_hours=history,
        recent_weeks=recent,
        review=review,
        response=response,
        questions=questions,
        made_async=async_figures_of(session, channel_id, members, last_ids, now),
    )
