"""The check-in sweep: plan rounds, open them, wrap them up, and the one ask to cancel the
series; each person's ask and reminder are bot/checkins/service_asks.py.

Every step is claimed in the database first (bot/checkins/repo_rounds.py), then posted,
then its ts recorded. A claim older than STUCK_AFTER was left by a replica that died (or by
a post Slack refused): it is taken over, and the post looked for by its metadata before it
is sent again, so a crash costs a history lookup, never a second copy (a reply in the
thread, the wrap-up, is looked for among the thread's replies). A channel Kairos can no
longer post in closes the round and pauses the check-in (service_asks.lose_channel)
instead of being retried for ever.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.orm import Session

from bot.checkins import repo, repo_asks, repo_rounds, repo_series
from bot.checkins.messages import opening_post, wrap_up
from bot.checkins.model import RoundTimes, ask_at, round_opens, round_times, still_worth_asking
from bot.checkins.organizer_messages import cancel_ask
from bot.checkins.service_asks import (
    STUCK_AFTER,
    channel_gone,
    dm_organizer,
    lose_channel,
    post_answers,
    post_once,
    send_asks,
    zone_of,
)
from bot.checkins.tables import CheckIn, CheckInRound, RoundState
from bot.db.uow import UnitOfWork
from bot.fanout import Budget
from bot.focus import repo as focus_repo
from bot.focus.language import language_for
from bot.focus.model import FocusState, zone_named
from bot.focus.worktime import Worktime
from bot.i18n import speaking
from bot.i18n.languages import Language
from bot.ports import SlackPort
from bot.retry import Retries
from bot.scheduler import Outcome, more_due
from bot.workspace.languages import channel_language

log = logging.getLogger(__name__)

ROUND_EVENT = "kairos_checkin_round"
WRAP_EVENT = "kairos_checkin_wrap"
CANCEL_EVENT = "kairos_checkin_cancel"
# Rounds are planned this far ahead: the list and App Home can say when the next one is.
PLAN_AHEAD = timedelta(weeks=3)
BATCH = 200


def run_checkins(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    *,
    budget: Budget | None,
    language: Language,
) -> int | Outcome:
    """The sweep: plan, open, wrap up, ask and remind; how many posts were sent, or
    MORE_DUE when the budget ran out with asks still due."""
    plan_due(uow, now)
    sent = 0
    stuck = now - STUCK_AFTER
    with uow() as session:
        left = repo_rounds.stuck_rounds(session, stuck, BATCH)
        opening = [(r.id, True) for r in left if r.state == RoundState.OPENING]
        wrapping = [(r.id, True) for r in left if r.state == RoundState.WRAPPING]
        opening += [(r.id, False) for r in repo_rounds.due_to_open(session, now, BATCH)]
    for round_id, taken_over in opening:
        if retries.due(f"round {round_id}", now):
            open_one = partial(open_round, uow, slack, round_id, now, language, stuck=taken_over)
            sent += retries.attempt(f"round {round_id}", now, open_one) or 0
    # Answers recorded but not posted yet go into the thread before it is wrapped up.
    sent += post_answers(uow, slack, now, retries, language=language)
    with uow() as session:
        wrapping += [(r.id, False) for r in repo_rounds.due_to_wrap(session, now, BATCH)]
    for round_id, taken_over in wrapping:
        if retries.due(f"round {round_id}", now):
            wrap_one = partial(wrap_round, uow, slack, round_id, now, language, stuck=taken_over)
            sent += retries.attempt(f"round {round_id}", now, wrap_one) or 0
    asked = send_asks(uow, slack, now, retries, budget=budget, language=language)
    if isinstance(asked, Outcome):
        return more_due(sent, "check-in post(s) sent")
    return sent + asked


# --- planning --------------------------------------------------------------------------------


def organizer_state(session: Session, organizer_id: str | None) -> FocusState:
    """The organizer's focus state (due times count their working minutes); someone Kairos
    does not know works around the clock in the check-in's zone."""
    person = focus_repo.get_person(session, organizer_id) if organizer_id else None
    return FocusState() if person is None else focus_repo.state_of(person)


def plan_checkin(session: Session, checkin: CheckIn, now: datetime) -> int:
    """Plan a check-in's rounds from now (or where its planning stopped) to PLAN_AHEAD."""
    cadence = repo.cadence_of_row(checkin)
    until = now + PLAN_AHEAD
    start = max(now, checkin.planned_until or now)
    state = organizer_state(session, checkin.organizer_id)
    tz = zone_named(cadence.zone)
    rounds = [
        round_times(opens, Worktime(state), tz, checkin.due_working_minutes)
        for opens in round_opens(cadence, start, until)
    ]
    return repo.plan_rounds(session, checkin.id, rounds, until)


def plan_due(uow: UnitOfWork, now: datetime) -> int:
    """Plan the rounds of every active check-in not planned far enough; how many are new."""
    with uow() as session:
        ids = [c.id for c in repo.to_plan(session, now + PLAN_AHEAD - timedelta(days=1), BATCH)]
    planned = 0
    for checkin_id in ids:
        # One transaction per check-in: a pause committed meanwhile stops only its own.
        with uow() as session:
            checkin = repo.get(session, checkin_id)
            if checkin is not None:
                planned += plan_checkin(session, checkin, now)
    return planned


# --- opening a round -------------------------------------------------------------------------


def _asks_for(
    uow: UnitOfWork, slack: SlackPort, people: list[str], opens: datetime, due: datetime
) -> dict[str, datetime]:
    """When to ask each person (their next reachable moment), leaving out anyone Slack does
    not know as a person (removed, deactivated, a bot) or who cannot be reached in time."""
    known = [user for user in people if slack.is_person(user)]
    found: dict[str, datetime] = {}
    with uow() as session:
        for user in known:
            person = focus_repo.get_person(session, user)
            if person is None:
                found[user] = opens  # nothing known holds them: asked as the round opens
                continue
            when = ask_at(focus_repo.state_of(person), zone_of(person.tz), opens)
            if when is not None and still_worth_asking(RoundTimes(opens, opens, due), when):
                found[user] = when
    return found


def open_round(
    uow: UnitOfWork,
    slack: SlackPort,
    round_id: int,
    now: datetime,
    language: Language,
    *,
    stuck: bool,
) -> int:
    """Claim a round, post its opening in the channel and record it with its asks; how
    many posts were sent (0 when another replica has it, or the post was found)."""
    with uow() as session:
        found = _take(session, round_id, RoundState.DUE, RoundState.OPENING, now, stuck=stuck)
        checkin = repo.get(session, found.checkin_id) if found else None
        if found is None or checkin is None:
            return 0
        channel, title, zone, checkin_id = (checkin.channel_id, checkin.title, checkin.zone,
                                            checkin.id)  # fmt: skip
        people = repo.people_of(session, checkin.id)
        opens, due = found.opens_at, found.due_at
        speaks = channel_language(session, channel, language)
    asks = _asks_for(uow, slack, people, opens, due)
    with speaking(speaks):
        post = opening_post(title, due, zone_named(zone), len(asks))
    try:
        ts, sent = post_once(slack, channel, post, ROUND_EVENT, ("round_id", round_id), look=stuck)
    except Exception as error:
        if not channel_gone(error):
            raise
        return lose_channel(uow, slack, round_id, now, language)
    with uow() as session:
        if repo_rounds.mark_opened(session, round_id, channel, ts, now):
            # Someone who left the channel while the opening was posted is not asked.
            still = set(repo.people_of(session, checkin_id))
            repo_asks.add_asks(session, round_id, {u: t for u, t in asks.items() if u in still})
    return sent


def _take(
    session: Session,
    round_id: int,
    waiting: RoundState,
    taking: RoundState,
    now: datetime,
    *,
    stuck: bool,
) -> CheckInRound | None:
    """Claim the round for a step (or take over a claim left stuck by a replica that died
    mid-step); the round when this caller won it, else None."""
    if stuck:
        won = repo_rounds.reclaim_round(session, round_id, taking, now - STUCK_AFTER, now)
    else:
        won = repo_rounds.claim_round(session, round_id, waiting, taking, now)
    return repo_rounds.get_round(session, round_id) if won else None


# --- wrapping up -----------------------------------------------------------------------------


def wrap_round(
    uow: UnitOfWork,
    slack: SlackPort,
    round_id: int,
    now: datetime,
    language: Language,
    *,
    stuck: bool,
) -> int:
    """Claim a round whose answers are due, post its wrap-up in its thread and record it;
    after a check-in's first wrap-up, ask its organizer once to cancel the series."""
    with uow() as session:
        found = _take(session, round_id, RoundState.OPEN, RoundState.WRAPPING, now, stuck=stuck)
        if found is None or found.channel_id is None or found.message_ts is None:
            return 0
        channel, thread, checkin_id = found.channel_id, found.message_ts, found.checkin_id
        counts = repo_rounds.answer_counts(session, round_id)
        named = repo_rounds.blockers(session, round_id)
        speaks = channel_language(session, channel, language)
    with speaking(speaks):
        post = wrap_up(counts.answered, counts.asked, named)
    key = ("round_id", round_id)
    try:
        ts, sent = post_once(slack, channel, post, WRAP_EVENT, key, thread=thread, look=stuck)
    except Exception as error:
        if not channel_gone(error):
            raise
        return lose_channel(uow, slack, round_id, now, language)
    with uow() as session:
        wrapped = repo_rounds.mark_wrapped(session, round_id, ts, now)
        # Claimed with the wrap-up it follows: the ask goes at most once, even if the
        # DM fails (an organizer asked twice to cancel a meeting is worse than once less).
        ask = wrapped and repo.claim_cancel_ask(session, checkin_id, now)
    if ask:
        sent += _ask_to_cancel(uow, slack, checkin_id, language)
    return sent


def _series_hours(session: Session, checkin: CheckIn) -> float | None:
    """Attendee-hours a week of the series the check-in replaces, if Kairos knows it."""
    if not checkin.series_key:
        return None
    shape = repo_series.latest_shape(session, checkin.series_key)
    if shape is None:
        return None
    people, minutes = shape
    per_week = repo.cadence_of_row(checkin).per_week
    return float(people * minutes * per_week / 60)


def _ask_to_cancel(uow: UnitOfWork, slack: SlackPort, checkin_id: int, language: Language) -> int:
    with uow() as session:
        checkin = repo.get(session, checkin_id)
        if checkin is None or checkin.organizer_id is None:
            return 0
        organizer, title = checkin.organizer_id, checkin.title
        hours = _series_hours(session, checkin)
        speaks = language_for(session, organizer, language)
    with speaking(speaks):
        post = cancel_ask(title, hours)
    return dm_organizer(slack, organizer, post, CANCEL_EVENT, checkin_id)
