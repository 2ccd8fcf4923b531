"""The meeting-notes sweep: a prompt DM for each meeting that ended (within PROMPT_WITHIN
of its end, as the sweep runs every few minutes), notes recorded but not posted, each
action's one due-date reminder, and owners told of their actions once they are reachable;
each exactly once across restarts and replicas.

Each DM is claimed in one UPDATE before it is sent and marked after. A claim older than
STUCK_AFTER was left by a replica that died between the two: it is taken over (again in one
UPDATE), and the DM's history is searched for the message by its metadata before sending.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.fanout import Budget, fan_out_due
from bot.focus import repo as focus_repo
from bot.focus.language import language_for
from bot.focus.model import zone_named
from bot.i18n import speaking
from bot.i18n.languages import Language
from bot.meetings.tables import Meeting
from bot.notes import repo, repo_actions, repo_sweep
from bot.notes.messages import PROMPT_EVENT, REMINDER_EVENT, action_reminder, dm_metadata, prompt_dm
from bot.notes.model import PROMPT_STALE, NoteTaker, note_taker, reminder_at, why_no_prompt
from bot.notes.service_post import STUCK_AFTER, post_recorded, tell_owner
from bot.ports import SlackPort
from bot.retry import Retries
from bot.scheduler import Outcome, more_due

log = logging.getLogger(__name__)

# Items looked at per run and step; a full batch says more are due.
BATCH = 500
# When an owner Kairos keeps no schedule for is reminded: the morning of the due date.
DEFAULT_REMINDER = time(9)


def run_notes(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    *,
    budget: Budget | None,
    language: Language,
) -> int | Outcome:
    """The sweep; how many DMs and posts were sent, or MORE_DUE when the budget ran out."""
    record_prompts(uow, now)
    stuck = now - STUCK_AFTER
    with uow() as session:
        prompts = [(p, True) for p in repo.unsent_prompts(session, BATCH, claimed_before=stuck)]
        prompts += [(p, False) for p in repo.due_prompts(session, now, BATCH)]
        lost = repo_sweep.unposted(session, stuck, BATCH)
    sent, stopped = 0, False

    def fan(items: list[tuple[int, bool]], what: str, step: Callable[..., int]) -> None:
        nonlocal sent, stopped
        if stopped:
            return
        work = partial(_attempt, retries, now, what, step)
        ran = fan_out_due(items, lambda i: f"{what} {i[0]}", work, retries=retries, now=now,
                          budget=budget)  # fmt: skip
        sent, stopped = sent + sum(ran.results), ran.stopped

    fan(prompts, "prompt", partial(send_prompt, uow, slack, now, language=language))
    fan([(p, True) for p in lost], "notes", partial(_post_lost, uow, slack, now, language=language))
    count_reminders(uow, slack, now)
    with uow() as session:
        reminders = [(a, True) for a in repo_actions.unsent_reminders(session, BATCH, stuck)]
        reminders += [(a, False) for a in repo_actions.due_reminders(session, now, BATCH)]
        owners = repo_actions.owners_to_tell(session, stuck, BATCH)
    fan(reminders, "reminder", partial(remind, uow, slack, now, language=language))
    if not stopped:
        tell = partial(_tell, uow, slack, now, retries, language=language)
        ran = fan_out_due(owners, str, tell, retries=retries, now=now, budget=budget)
        sent, stopped = sent + sum(ran.results), ran.stopped
    return more_due(sent, "notes DM(s) and post(s) sent") if stopped else sent


def _attempt(
    retries: Retries, now: datetime, what: str, step: Callable[..., int], item: tuple[int, bool]
) -> int:
    row_id, stuck = item
    return retries.attempt(f"{what} {row_id}", now, partial(step, row_id, stuck=stuck)) or 0


def _post_lost(
    uow: UnitOfWork, slack: SlackPort, now: datetime, prompt_id: int, *, language: Language,
    stuck: bool,
) -> int:  # fmt: skip
    return post_recorded(uow, slack, prompt_id, now, language=language, stuck=stuck)


def _tell(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    owner_id: str,
    *,
    language: Language,
) -> int:
    # Posted more than STUCK_AFTER ago: a crash may have come between the DM and its mark.
    tell = partial(tell_owner, uow, slack, owner_id, now, language=language, look_first=True)
    return retries.attempt(owner_id, now, tell, context="(new actions)") or 0


# --- prompts -----------------------------------------------------------------------------------


def record_prompts(uow: UnitOfWork, now: datetime) -> int:
    """Record a prompt for each meeting that ended and wants notes; how many were recorded.
    One transaction per meeting: a rotation moves on before the series' next meeting."""
    with uow() as session:
        ended = repo.ended_meetings(session, now, BATCH)
    recorded = 0
    for meeting in ended:
        with uow() as session:
            series = repo.series(session, meeting.series_key)
            taker = note_taker(meeting, series)
            if why_no_prompt(meeting, series, prompted=False, now=now) is None and taker:
                recorded += repo.record_prompt(session, meeting, taker, now) is not None
    return recorded


def _why(session: Session, meeting: Meeting | None, taker: str) -> NoteTaker:
    """Why the taker is asked, as their prompt says it."""
    series = repo.series(session, meeting.series_key) if meeting is not None else None
    if (
        series is not None
        and series.note_taker is NoteTaker.FIXED
        and series.fixed_user_id == taker
    ):
        return NoteTaker.FIXED
    if meeting is not None and meeting.organizer_id == taker:
        return NoteTaker.ORGANIZER
    return NoteTaker.ROTATING


def send_prompt(
    uow: UnitOfWork, slack: SlackPort, now: datetime, prompt_id: int, *, language: Language,
    stuck: bool,
) -> int:  # fmt: skip
    """Claim a prompt (or take over a stuck claim) and DM it to its note-taker; 1 if sent."""
    with uow() as session:
        found = repo.prompt(session, prompt_id)
        if found is None or found.user_id is None:
            return 0
        taker = found.user_id
        meeting = session.get(Meeting, found.meeting_id) if found.meeting_id is not None else None
        if meeting is None or now - meeting.ends_at > PROMPT_STALE:
            # Kairos was down for a day: by now the notes are written elsewhere, or not at all.
            repo_sweep.skip_unsent(session, prompt_id, now)
            return 0
        before = now - STUCK_AFTER if stuck else None
        if not repo.claim_prompt(session, prompt_id, now, stuck_before=before):
            return 0
        title, why = meeting.title, _why(session, meeting, taker)
        speaks = language_for(session, taker, language)
    if not slack.is_person(taker):
        with uow() as session:
            repo_sweep.skip_unsent(session, prompt_id, now)
        return 0
    ts = slack.find_own_dm(taker, PROMPT_EVENT, "prompt_id", prompt_id) if stuck else None
    channel = None
    if ts is None:
        with speaking(speaks):
            rendered = prompt_dm(prompt_id, title, why)
        metadata = dm_metadata(PROMPT_EVENT, "prompt_id", prompt_id)
        channel, ts = slack.send_dm(taker, rendered.text, rendered.blocks, metadata)
    with uow() as session:
        repo.mark_prompt_sent(session, prompt_id, channel, ts)
    return 0 if channel is None else 1


# --- reminders ---------------------------------------------------------------------------------


def _zone(slack: SlackPort, user_id: str) -> ZoneInfo:
    try:
        return zone_named(slack.user_timezone(user_id))
    except Exception:  # Slack does not know them: their reminder goes by UTC
        return ZoneInfo("UTC")


def count_reminders(uow: UnitOfWork, slack: SlackPort, now: datetime) -> int:
    """When each new action's reminder goes: the owner's first reachable moment of its due
    date in their zone (09:00 for someone Kairos keeps no schedule for)."""
    del now
    with uow() as session:
        waiting = repo_actions.uncounted_reminders(session, BATCH)
        people = {owner: focus_repo.get_person(session, owner) for _a, owner, _d in waiting}
        known = {
            owner: (focus_repo.state_of(p), zone_named(p.tz)) for owner, p in people.items() if p
        }
    moments: dict[int, datetime] = {}
    for action_id, owner, due in waiting:
        if owner in known:
            state, zone = known[owner]
            moments[action_id] = reminder_at(due, zone, state) or _morning(due, zone)
        else:
            moments[action_id] = _morning(due, _zone(slack, owner))
    with uow() as session:
        for action_id, at in moments.items():
            repo_actions.set_remind_at(session, action_id, at)
    return len(moments)


def _morning(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, DEFAULT_REMINDER, tzinfo=zone).astimezone(UTC)


def remind(
    uow: UnitOfWork, slack: SlackPort, now: datetime, action_id: int, *, language: Language,
    stuck: bool,
) -> int:  # fmt: skip
    """Claim an action's reminder (or take over a stuck claim) and DM it; 1 if sent."""
    with uow() as session:
        before = now - STUCK_AFTER if stuck else None
        if not repo_actions.claim_reminder(session, action_id, now, stuck_before=before):
            return 0
        item = repo_actions.action(session, action_id)
        posted = repo_actions.posted_notes(session, action_id)
        if item is None or posted is None:
            return 0
        speaks = language_for(session, item.owner_id, language)
    ts = None
    if slack.is_person(item.owner_id):
        ts = (
            slack.find_own_dm(item.owner_id, REMINDER_EVENT, "action_id", action_id)
            if stuck
            else None
        )
        sent = 0
        if ts is None:
            link = (
                slack.permalink(posted.channel_id, posted.message_ts) if posted.message_ts else None
            )
            with speaking(speaks):
                rendered = action_reminder(item, posted.channel_id, link)
            metadata = dm_metadata(REMINDER_EVENT, "action_id", action_id)
            _channel, ts = slack.send_dm(item.owner_id, rendered.text, rendered.blocks, metadata)
            sent = 1
    else:
        sent = 0  # someone Slack no longer knows as a person: marked, not tried each sweep
    with uow() as session:
        repo_actions.mark_reminded(session, action_id, ts)
    return sent
