"""The one reminder of a question still unanswered when the channel's response time has
passed in the asked person's working time: in their next digest, or as a DM.

The sweep first counts when each new question's answer is due (expected_answer: focus, off
hours, weekends, holidays and leave do not count). A question past due and unanswered waits
until its person is reachable; then a digest on its way carries it (bot/digest/service.py
asks reminders_for_digest), or else a DM does.

Exactly once, as digests are: the reminder is recorded (the questions claimed under a key)
before the DM is sent with the key in its metadata, and marked sent after. A reminder
recorded and not marked (a crash, a 429 that outlasted the client's retries) is looked up
in the DM's history before it is sent again. An answer that arrives before the send takes
its question out of the reminder.

People without a Kairos schedule are treated as always reachable, in their Slack zone: they
told Kairos of no focus or working hours, and a private DM disturbs no one else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.fanout import Budget, fan_out_due
from bot.focus import repo as focus_repo
from bot.focus.expect import expected_answer
from bot.focus.language import language_for
from bot.focus.model import FocusState, zone_named
from bot.i18n import speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.norms import repo_questions
from bot.norms.messages import reminder_message
from bot.norms.questions import (
    MAX_PER_REMINDER,
    METADATA_EVENT,
    METADATA_KEY,
    RECHECK,
    Reminder,
    Route,
    Via,
    look_again,
    reminder_key,
    response_of,
    route,
)
from bot.norms.tables import NormQuestion
from bot.ports import SlackPort, UnknownUser
from bot.retry import Retries
from bot.scheduler import Outcome, more_due

log = logging.getLogger(__name__)

# Questions counted, and people looked at, per sweep; the rest wait for the next one.
BATCH = 200


def remind_due(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries | None = None,
    *,
    budget: Budget | None = None,
    language: Language = DEFAULT_LANGUAGE,
) -> int | Outcome:
    """Count new questions' due times, then remind everyone reachable of their questions past
    due, several DMs at once (bot/fanout.py); how many reminder DMs went, or
    Outcome.MORE_DUE when the budget ran out with people still due. A person whose DM fails
    is retried after a backoff. Each DM speaks its person's language; `language`
    (KAIROS_LANGUAGE) is for people Kairos knows no language of."""
    retries = retries or Retries("remind of questions")
    count_due(uow, slack, now)
    with uow() as session:
        unsent: dict[str, list[int]] = {}
        for user_id, key in repo_questions.unsent_dms(session, BATCH):
            unsent.setdefault(user_id, []).append(key)
    resend = partial(_resend_all, uow, slack, now, retries, language=language)
    waiting = list(unsent.items())
    ran = fan_out_due(waiting, _person, resend, retries=retries, now=now, budget=budget)
    sent = sum(ran.results)
    if ran.stopped:
        return more_due(sent, "reminder DM(s) sent")
    with uow() as session:
        people = repo_questions.due_people(session, now, BATCH)
    remind = partial(_remind, uow, slack, now, retries, language=language)
    ran = fan_out_due(people, str, remind, retries=retries, now=now, budget=budget)
    sent += sum(ran.results)
    # A full batch may have more behind it, unless all of it is backing off.
    if ran.stopped or (len(people) == BATCH and ran.given):
        return more_due(sent, "reminder DM(s) sent")
    return sent


def _person(unsent: tuple[str, list[int]]) -> str:
    return unsent[0]


def _resend_all(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    person: tuple[str, list[int]],
    *,
    language: Language,
) -> int:
    """A person's unsent reminders, oldest first, in one worker; a failure stops the rest."""
    user_id, keys = person

    def resend(key: int) -> int:
        return _send(uow, slack, user_id, key, now, language=language, resending=True)

    return retries.attempt_in_order(user_id, now, keys, resend, what="reminder")


def _remind(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    user_id: str,
    *,
    language: Language,
) -> int:
    send = partial(_record_and_send, uow, slack, user_id, now, language=language)
    return retries.attempt(user_id, now, send) or 0


@dataclass(frozen=True)
class _Uncounted:
    question_id: int
    asked_id: str
    asked_at: datetime
    response_kind: str
    response_amount: int


def count_due(uow: UnitOfWork, slack: SlackPort, now: datetime) -> int:
    """Count when the answer to each new question is due; how many were counted."""
    with uow() as session:
        rows = [
            _Uncounted(q.id, q.asked_id, q.asked_at, q.response_kind, q.response_amount)
            for q in repo_questions.uncounted(session, now, BATCH)
        ]
        people = {
            p.user_id: (p.state, zone_named(p.tz))
            for p in focus_repo.reachability(session, sorted({r.asked_id for r in rows}))
        }
    if not rows:
        return 0
    zones: dict[str, ZoneInfo] = {}
    nobody: set[str] = set()
    for row in rows:  # outside the transaction: Slack is asked
        if row.asked_id in people or row.asked_id in zones or row.asked_id in nobody:
            continue
        # A bot, a deactivated account or Slackbot owes no answer, and could not get the DM.
        if slack.is_person(row.asked_id):
            zones[row.asked_id] = _slack_zone(slack, row.asked_id)
        else:
            nobody.add(row.asked_id)
    with uow() as session:
        repo_questions.drop(session, [r.question_id for r in rows if r.asked_id in nobody])
        for row in rows:
            if row.asked_id in nobody:
                continue
            state, tz = people.get(row.asked_id, (FocusState(), zones.get(row.asked_id)))
            _count(session, row, state, tz or ZoneInfo("UTC"), now)
    return len(rows)


def _slack_zone(slack: SlackPort, user_id: str) -> ZoneInfo:
    try:
        return zone_named(slack.user_timezone(user_id))
    except UnknownUser:
        return ZoneInfo("UTC")  # a deleted or foreign account: nobody's zone is better


def _count(
    session: Session, row: _Uncounted, state: FocusState, tz: ZoneInfo, now: datetime
) -> None:
    question = session.get(NormQuestion, row.question_id)
    if question is None or question.due_at is not None:
        return  # deleted or counted meanwhile
    response = response_of(row.response_kind, row.response_amount)
    due = expected_answer(state, tz, row.asked_at, response)
    if due is None:
        # No free working time ahead of the question (long leave): count from now, once
        # they are back within the horizon.
        due = expected_answer(state, tz, now, response)
    if due is None:
        question.remind_at = now + RECHECK
        return
    question.due_at = question.remind_at = due


def _record_and_send(
    uow: UnitOfWork, slack: SlackPort, user_id: str, now: datetime, *, language: Language
) -> int:
    with uow() as session:
        key = _record(session, user_id, now)
    if key is None:
        return 0
    return _send(uow, slack, user_id, key, now, language=language, resending=False)


def _record(session: Session, user_id: str, now: datetime) -> int | None:
    """Claim the person's due questions for a DM, if one should go now; its key."""
    person = focus_repo.get_person(session, user_id)
    available: datetime | None = now
    digest_coming = False
    if person is not None:
        available = focus_repo.state_of(person).available_at(zone_named(person.tz), now)
        digest_coming = focus_repo.held_count(session, user_id) > 0
    chosen = route(available, now, digest_coming=digest_coming)
    if chosen is Route.WAIT:
        repo_questions.postpone(session, user_id, now, look_again(available, now))
        return None
    if chosen is Route.DIGEST:
        return None  # the digest sweep carries them (reminders_for_digest)
    ids = [q.id for q in repo_questions.due_for(session, user_id, now, MAX_PER_REMINDER)]
    if not ids:
        return None
    key = reminder_key(ids)
    return key if repo_questions.claim(session, ids, Via.DM, key, now) else None


def _pending(session: Session, via: Via, key: int) -> list[Reminder]:
    """The unanswered questions a recorded reminder carries; the answered ones leave it."""
    claimed = repo_questions.claimed(session, via, key)
    repo_questions.release(session, [q.id for q in claimed if q.answered_at is not None])
    return [
        Reminder(
            q.id,
            q.channel_id,
            q.message_ts,
            response_of(q.response_kind, q.response_amount),
            thread_ts=q.thread_ts,
        )
        for q in claimed
        if q.answered_at is None
    ]


def _send(
    uow: UnitOfWork,
    slack: SlackPort,
    user_id: str,
    key: int,
    now: datetime,
    *,
    language: Language,
    resending: bool,
) -> int:
    """Send a recorded reminder in the person's language (else `language`, KAIROS_LANGUAGE);
    1 if it went now."""
    if resending and slack.find_own_dm(user_id, METADATA_EVENT, METADATA_KEY, key) is not None:
        log.info("reminder %s was already in the DM; marking it sent", key)
        with uow() as session:
            repo_questions.mark_reminded(session, Via.DM, key, now)
        return 0
    with uow() as session:
        pending = _pending(session, Via.DM, key)  # checked now: an answer since counts
        speech = language_for(session, user_id, language)
    if not pending:
        return 0
    # Outside any transaction: a link is built, but may be asked of Slack if it cannot be.
    linked = [
        replace(r, permalink=slack.permalink(r.channel_id, r.message_ts, r.thread_ts))
        for r in pending
    ]
    # Set here, in the fan-out's worker: a thread does not inherit the language it runs for.
    with speaking(speech):
        message = reminder_message(linked)
    metadata = {"event_type": METADATA_EVENT, "event_payload": {METADATA_KEY: key}}
    slack.send_dm(user_id, message.text, message.blocks, metadata=metadata)
    with uow() as session:
        repo_questions.mark_reminded(session, Via.DM, key, now)
    return 1


def reminders_for_digest(
    session: Session, user_id: str, digest_id: int, now: datetime
) -> list[Reminder]:
    """The reminders a digest being sent carries: the person's questions past due, claimed
    for this digest (with any it claimed on an earlier try), unanswered ones only."""
    due = repo_questions.due_for(session, user_id, now, MAX_PER_REMINDER, postponed=True)
    repo_questions.claim(session, [q.id for q in due], Via.DIGEST, digest_id, now)
    return _pending(session, Via.DIGEST, digest_id)


def mark_in_digest(session: Session, digest_id: int, now: datetime) -> None:
    """The digest is in the DM: the reminders it carried are sent."""
    repo_questions.mark_reminded(session, Via.DIGEST, digest_id, now)
