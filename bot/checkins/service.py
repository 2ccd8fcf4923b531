"""Check-ins as the organizer and the people asked see them: setting one up, listing,
pausing, resuming and stopping. Answering and skipping a round are in service_answers.py;
the sweep that opens, asks, reminds and wraps up rounds is service_rounds.py (both are
re-exported here)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.checkins import repo, repo_series
from bot.checkins.model import (
    MAX_PEOPLE,
    Cadence,
    CheckInPlan,
    cadence_of,
)
from bot.checkins.organizer_messages import (
    ListedCheckIn,
    paused_message,
    resumed_message,
    stopped_message,
)
from bot.checkins.service_answers import (
    ToPost,
    answer,
    answer_modal_for,
    post_recorded,
    record_answers,
    skip,
)
from bot.checkins.service_rounds import plan_checkin, run_checkins
from bot.checkins.setup_messages import CHANNEL, SetupDefaults
from bot.checkins.tables import CheckIn, Status
from bot.db.uow import UnitOfWork
from bot.focus import repo as focus_repo
from bot.focus.model import zone_named
from bot.i18n import _
from bot.meetings.tables import Meeting
from bot.ports import SlackPort, UnknownUser
from bot.retry import database_unavailable, describe

__all__ = [
    "Created",
    "Refused",
    "ToPost",
    "answer",
    "answer_modal_for",
    "checkins_of",
    "create_checkin",
    "organized",
    "pause",
    "post_recorded",
    "record_answers",
    "resume",
    "run_checkins",
    "setup_defaults",
    "skip",
    "stop",
    "unpostable_channel",
]


@dataclass(frozen=True)
class Created:
    """A check-in set up (or the one a modal submitted twice already set up)."""

    checkin_id: int
    channel_id: str
    first_round: datetime | None


@dataclass(frozen=True)
class Refused:
    """A plan that cannot be set up (or an edit saved): block_id -> message, for
    response_action "errors"."""

    errors: dict[str, str]


def unpostable_channel() -> Refused:
    """The setup or edit modal's answer to a channel Kairos cannot post in."""
    return Refused({CHANNEL: _(
        "I can't post in that channel. Invite me there first (/invite @Kairos), or pick "
        "another channel."
    )})  # fmt: skip


log = logging.getLogger(__name__)

# A modal submitted twice (a double click, Slack's retry) within this is the same check-in.
SAME_SUBMISSION = timedelta(minutes=1)
# Occurrences read for a series' cadence: enough for a few months of a weekly meeting.
OCCURRENCES = 60


def _organizer_zone(uow: UnitOfWork, slack: SlackPort, organizer_id: str) -> str:
    # Read apart, so that asking Slack holds no transaction open.
    with uow() as session:
        person = focus_repo.get_person(session, organizer_id)
        stored = person.tz if person is not None else None
    if stored:
        return stored
    try:
        return slack.user_timezone(organizer_id) or "UTC"
    except UnknownUser:
        return "UTC"


def _default_channel(session: Session, organizer_id: str) -> str | None:
    return repo_series.summary_channel(session) or repo_series.latest_channel(session, organizer_id)


def _proposed_channel(slack: SlackPort, organizer_id: str) -> str | None:
    """With no team channel known, one of the organizer's own, so that the form submitted as
    it opens sets something up (one Slack call, within the 3-second trigger)."""
    try:
        return next(iter(slack.channels_to_propose(organizer_id)), None)
    except Exception as error:
        if database_unavailable(error):
            raise
        log.info("no channel to propose to %s: %s", organizer_id, describe(error))
        return None


def _organized_by_another(meetings: list[Meeting], user_id: str) -> bool:
    # Only the series' organizer may make it async: the latest occurrence says who that is.
    return bool(meetings) and meetings[0].organizer_id != user_id


def _next_full_hour(now: datetime, zone: str) -> Cadence:
    local = (now + timedelta(hours=1)).astimezone(zone_named(zone))
    return Cadence(frozenset({local.weekday()}), time(local.hour, 0), zone)


def setup_defaults(
    uow: UnitOfWork, slack: SlackPort, organizer_id: str, series_key: str | None, now: datetime
) -> SetupDefaults:
    """What the setup modal proposes for a series (or a plain weekly check-in)."""
    zone = _organizer_zone(uow, slack, organizer_id)
    with uow() as session:
        channel = _default_channel(session, organizer_id)
        meetings = (
            repo_series.series_meetings(session, series_key, OCCURRENCES) if series_key else []
        )
        if _organized_by_another(meetings, organizer_id):
            # Not theirs: propose a plain check-in, and show nothing of the series (its
            # title and attendees are its organizer's to see).
            series_key, meetings = None, []
        if not meetings:
            title, people, cadence = _("Check-in"), [organizer_id], _next_full_hour(now, zone)
        else:
            # Attendees matched to Slack users, and people whose own feed has the meeting.
            attendees = repo_series.attendees(session, [m.id for m in meetings])
            people = list(dict.fromkeys([organizer_id, *sorted(attendees)]))
            title = meetings[0].title
            cadence = cadence_of([m.starts_at for m in meetings], zone)
    if channel is None:
        channel = _proposed_channel(slack, organizer_id)
    # No users.info per attendee here: the modal must open within Slack's 3-second trigger.
    # Matched attendees came from users.lookupByEmail (no bots, no deactivated accounts) and
    # sightings from people's own feeds; whoever leaves Slack later is skipped when asked.
    return SetupDefaults(series_key or "", title, channel, tuple(people[:MAX_PEOPLE]), cadence)


def _same_submission(
    session: Session, organizer_id: str, plan: CheckInPlan, series_key: str | None, now: datetime
) -> CheckIn | None:
    for row in repo_series.recent_of(session, organizer_id, now - SAME_SUBMISSION):
        if row.series_key == series_key and repo.plan_of(session, row) == plan:
            return row
    return None


def _first_round(session: Session, checkin_id: int, now: datetime) -> datetime | None:
    upcoming = [r.opens_at for r in repo.rounds_of(session, checkin_id) if r.opens_at >= now]
    return min(upcoming, default=None)


def _series_refusal(session: Session, organizer_id: str, series_key: str | None) -> Refused | None:
    """Why this organizer cannot make this series async, if they cannot."""
    if not series_key:
        return None
    if _organized_by_another(repo_series.series_meetings(session, series_key, 1), organizer_id):
        return Refused({CHANNEL: _("Only the organizer of this meeting can make it async.")})
    existing = repo.of_series(session, series_key)
    if existing is None:
        return None
    return Refused({CHANNEL: _(
        "This meeting already has a check-in, “{title}”. Stop it first with "
        "/kairos async.", title=existing.title,
    )})  # fmt: skip


def create_checkin(  # noqa: PLR0917 - the signature the listeners call
    uow: UnitOfWork,
    slack: SlackPort,
    organizer_id: str,
    plan: CheckInPlan,
    series_key: str | None,
    now: datetime,
) -> Created | Refused:
    """Set up a check-in from a submitted plan, or say what stands in the way."""
    with uow() as session:
        again = _same_submission(session, organizer_id, plan, series_key, now)
        if again is not None:
            return Created(again.id, again.channel_id, _first_round(session, again.id, now))
    if not slack.is_person(organizer_id):
        return Refused({CHANNEL: _("Slack couldn't tell me who you are, so I set nothing up.")})
    # can_post_in joins a public channel Kairos is not in yet.
    if not slack.can_post_in(plan.channel_id):
        return unpostable_channel()
    with uow() as session:
        again = _same_submission(session, organizer_id, plan, series_key, now)
        if again is not None:
            return Created(again.id, again.channel_id, _first_round(session, again.id, now))
        refused = _series_refusal(session, organizer_id, series_key)
        if refused is not None:
            return refused
        checkin_id = repo.create(session, organizer_id, plan, now, series_key=series_key)
        created = repo.get(session, checkin_id)
        if created is not None:
            plan_checkin(session, created, now)
        return Created(checkin_id, plan.channel_id, _first_round(session, checkin_id, now))


def checkins_of(uow: UnitOfWork, user_id: str, now: datetime) -> list[ListedCheckIn]:
    """The person's check-ins (organized or asked in), as `/kairos async` lists them."""
    with uow() as session:
        return [
            ListedCheckIn(
                key=str(row.id),
                title=row.title,
                channel_id=row.channel_id,
                cadence=repo.cadence_of_row(row),
                status=row.status,
                organizer=row.organizer_id == user_id,
            )
            for row in repo.of_person(session, user_id)
        ]


def _not_found() -> str:
    return _("I couldn't find that check-in. Maybe it was stopped already.")


def _not_organizer() -> str:
    return _("Only the organizer of this check-in can change it.")


def organized(session: Session, user_id: str, checkin_id: int) -> CheckIn | str:
    """The check-in if this person organizes it (and it is not stopped), else why not."""
    row = repo.get(session, checkin_id)
    if row is None or row.status == Status.STOPPED:
        return _not_found()
    return row if row.organizer_id == user_id else _not_organizer()


def pause(uow: UnitOfWork, user_id: str, checkin_id: int, now: datetime) -> str:
    """Pause a check-in (its organizer only); the reply text. Pausing twice says the same."""
    with uow() as session:
        row = organized(session, user_id, checkin_id)
        if isinstance(row, str):
            return row
        repo.pause(session, checkin_id, now)
        return paused_message(row.title).text


def resume(
    uow: UnitOfWork, user_id: str, checkin_id: int, now: datetime, *, slack: SlackPort | None = None
) -> str:
    """Resume a paused check-in (its organizer only); its rounds are planned from now. With
    `slack`, a channel Kairos still cannot post in keeps it paused, and says why."""
    with uow() as session:
        row = organized(session, user_id, checkin_id)
        if isinstance(row, str):
            return row
        channel_id = row.channel_id
    # Checked outside the transaction: it is a Slack call (and joins a public channel).
    if slack is not None and row.status == Status.PAUSED and not slack.can_post_in(channel_id):
        return _(
            "I still can't post in <#{channel}>, so the check-in stays paused. Invite me "
            "there with /invite @Kairos, or edit the check-in to use another channel.",
            channel=channel_id,
        )
    with uow() as session:
        row = organized(session, user_id, checkin_id)
        if isinstance(row, str):
            return row
        repo.resume(session, checkin_id, now)
        fresh = repo.get(session, checkin_id)
        if fresh is not None and fresh.status == Status.ACTIVE:
            plan_checkin(session, fresh, now)
        return resumed_message(row.title, repo.cadence_of_row(row)).text


def stop(uow: UnitOfWork, user_id: str, checkin_id: int, now: datetime) -> str:
    """Stop a check-in for good (its organizer only); the reply text."""
    with uow() as session:
        row = organized(session, user_id, checkin_id)
        if isinstance(row, str):
            return row
        repo.stop(session, checkin_id, now)
        return stopped_message(row.title, row.channel_id).text
