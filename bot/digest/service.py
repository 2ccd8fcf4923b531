"""Delivering held mentions as one digest DM, exactly once.

A digest is recorded (with its items) before it is sent and marked sent after. If Kairos
stops between the two, the next sweep finds the unsent digest and first looks in the DM's
history for a message whose metadata carries the digest's id: found, it is marked sent;
not found, it is sent. So a crash costs a history lookup, never a second copy.

A failure for one person (Slack refusing their DM, or that history lookup) leaves their
digest recorded and unsent, to be retried after a backoff (bot/retry.py) the same way;
the sweep goes on with everyone else's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy import Row
from sqlalchemy.orm import Session

from bot.cleanup.messages import QUESTION_BLOCKS, QUESTION_CHARS, question_blocks
from bot.cleanup.questions import Question, due_question, mark_asked
from bot.db.uow import UnitOfWork
from bot.digest import repo
from bot.digest.messages import digest_message
from bot.digest.model import DigestItem, group_items
from bot.digest.reasons import unknown_reason, why_held
from bot.fanout import Budget, fan_out_due
from bot.focus import repo as focus_repo
from bot.focus.language import language_for
from bot.focus.model import RECHECK_WITHOUT_FREE_TIME
from bot.focus.service import zone
from bot.focus.tables import HeldMention, Person
from bot.i18n import speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.meetings.messages import notice_blocks, notice_room
from bot.meetings.model import Notice
from bot.meetings.notices import mark_noticed, pending_notices
from bot.norms.messages import reminder_blocks, reminder_room
from bot.norms.questions import Reminder
from bot.norms.reminders import mark_in_digest, reminders_for_digest
from bot.notes import repo_actions as notes_actions
from bot.notes.messages import digest_actions, digest_actions_room
from bot.notes.service_post import with_links
from bot.ports import SlackPort
from bot.retry import Retries
from bot.scheduler import Outcome, more_due

log = logging.getLogger(__name__)

METADATA_EVENT = "kairos_digest"
# People looked at per run. A run starts digests until its budget is spent and then says
# more are due, and the scheduler runs again at once (after the other sweepers).
BATCH = 1000


@dataclass(frozen=True)
class PendingDigest:
    """A recorded digest, with what is needed to send it."""

    digest_id: int
    recipient_id: str
    tz: str
    items: list[DigestItem]
    reason: str
    # Held over leave: laid out as "while you were away" (digest/away_messages.py).
    away: bool = False
    language: Language = DEFAULT_LANGUAGE  # the recipient's: the digest speaks it


def deliver_due(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries | None = None,
    *,
    budget: Budget | None = None,
    language: Language = DEFAULT_LANGUAGE,
) -> int | Outcome:
    """Send every digest that is due now, several at once (bot/fanout.py); returns how many
    were sent, or Outcome.MORE_DUE when the budget ran out with people still due. A person
    whose digest fails is retried after a backoff (`retries`); everyone else's still goes.
    Each digest speaks its recipient's language; `language` (KAIROS_LANGUAGE) is for people
    Kairos knows no language of."""
    retries = retries or Retries("deliver digests")
    with uow() as session:
        unsent = _by_person(repo.unsent(session))
    resend = partial(_resend_all, uow, slack, now, retries, language=language)
    # fan_out returns once every send it started has finished: one still in flight would look
    # recorded and unsent to the next run, which would not find it in the DM yet and send it
    # again. The budget only stops it starting more.
    waiting = list(unsent.items())
    ran = fan_out_due(waiting, _person, resend, retries=retries, now=now, budget=budget)
    sent = sum(ran.results)
    if ran.stopped:
        return more_due(sent, "digest(s) sent")
    with uow() as session:
        due = focus_repo.due_people(session, now, BATCH)
    deliver = partial(_deliver_to, uow, slack, now, retries, language=language)
    ran = fan_out_due(due, str, deliver, retries=retries, now=now, budget=budget)
    sent += sum(ran.results)
    # A full batch may have more behind it; unless all of it is backing off, which would
    # only make the scheduler spin until the next tick.
    if ran.stopped or (len(due) == BATCH and ran.given):
        return more_due(sent, "digest(s) sent")
    return sent


def _by_person(unsent: list[Row[int, str]]) -> dict[str, list[int]]:
    people: dict[str, list[int]] = {}
    for digest_id, user_id in unsent:
        people.setdefault(user_id, []).append(digest_id)
    return people


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
    """A person's unsent digests, oldest first, in one worker: while one of theirs waits
    (failed, backing off), a newer one waits behind it."""
    user_id, digest_ids = person

    def resend(digest_id: int) -> int:
        return _send(uow, slack, digest_id, now, language=language, resending=True)

    return retries.attempt_in_order(user_id, now, digest_ids, resend, what="digest")


def _deliver_to(
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


def _record_and_send(
    uow: UnitOfWork, slack: SlackPort, user_id: str, now: datetime, *, language: Language
) -> int:
    with uow() as session:
        recorded = record_digest(session, user_id, now)
    if recorded is None:
        return 0
    return _send(uow, slack, recorded, now, language=language, resending=False)


def record_digest(session: Session, user_id: str, now: datetime) -> int | None:
    """If the person is free now and has held mentions, record a digest of them."""
    person = focus_repo.get_person(session, user_id)
    if person is None:
        return None
    available = focus_repo.state_of(person).available_at(zone(person), now)
    if available != now:
        person.next_check_at = available if available else now + RECHECK_WITHOUT_FREE_TIME
        return None
    items = repo.held_for(session, user_id)
    person.next_check_at = None
    if not items:
        return None
    digest_id = repo.add_digest(session, user_id, now, len(items))
    for item in items:
        item.digest_id = digest_id
        item.status = "delivering"
    return digest_id


def _load(session: Session, digest_id: int, default: Language) -> PendingDigest | None:
    digest = repo.digest(session, digest_id)
    if digest is None or digest.sent_at is not None:
        return None
    person = focus_repo.get_person(session, digest.recipient_id)
    rows = repo.items_of(session, digest_id)
    items = [repo.as_item(row) for row in rows]
    tz = person.tz if person is not None else "UTC"
    language = language_for(session, digest.recipient_id, default)
    with speaking(language):  # the reason is a phrase of the digest's first line
        reason, away = _reason(person, rows)
    return PendingDigest(digest_id, digest.recipient_id, tz, items, reason, away, language)


def _reason(person: Person | None, rows: list[HeldMention]) -> tuple[str, bool]:
    """Why the mentions waited, as the digest's first line says it (leave, a public holiday,
    focus, off hours), and whether it is a digest after leave."""
    if person is None or not rows:
        return unknown_reason(), False
    held = [(row.held_at, row.held_for) for row in rows]
    return why_held(focus_repo.state_of(person), zone(person), held)


def _send(
    uow: UnitOfWork,
    slack: SlackPort,
    digest_id: int,
    now: datetime,
    *,
    language: Language,
    resending: bool,
) -> int:
    with uow() as session:
        pending = _load(session, digest_id, language)
    if pending is None:
        return 0
    # fan_out's worker threads do not inherit the sweep's context: each digest sets the
    # language of its recipient here, for everything it says (notices and questions too).
    with speaking(pending.language):
        return _send_pending(uow, slack, pending, now, resending=resending)


def _send_pending(
    uow: UnitOfWork, slack: SlackPort, pending: PendingDigest, now: datetime, *, resending: bool
) -> int:
    digest_id = pending.digest_id
    ts = None
    if resending:
        ts = slack.find_own_dm(pending.recipient_id, METADATA_EVENT, "digest_id", digest_id)
        if ts is not None:
            log.info("digest %s was already in the DM; marking it sent", digest_id)
    channel = None
    links: dict[int, str | None] = {}
    notices: list[Notice] = []
    question: Question | None = None
    reminders: list[Reminder] = []
    actions: list[notes_actions.ToShow] = []
    if ts is None:
        with uow() as session:
            notices = pending_notices(session, pending.recipient_id, now)
            question = due_question(session, pending.recipient_id, now)
            # Recorded with the digest before it is sent: a resend carries the same ones.
            reminders = reminders_for_digest(session, pending.recipient_id, digest_id, now)
            actions = notes_actions.to_show(session, pending.recipient_id)
        # Links are fetched outside any transaction: no database connection waits on Slack.
        items = [
            replace(
                item, permalink=slack.permalink(item.channel_id, item.message_ts, item.thread_ts)
            )
            for item in pending.items
        ]
        links = {item.mention_id: item.permalink for item in items}
        reminders = [
            replace(r, permalink=slack.permalink(r.channel_id, r.message_ts, r.thread_ts))
            for r in reminders
        ]
        action_lines = with_links(slack, actions)
        blocks_room, chars_room = _room(notices, question, len(reminders))
        more_blocks, more_chars = digest_actions_room(len(actions))
        text, blocks = digest_message(
            group_items(items),
            tz=ZoneInfo(pending.tz),
            now=now,
            total=len(pending.items),
            reason=pending.reason,
            reserve=(blocks_room + more_blocks, chars_room + more_chars),
            away=pending.away,
        )
        blocks += notice_blocks(notices, tz=ZoneInfo(pending.tz))
        if question is not None:
            blocks += question_blocks(
                question.series_key, question.starts_at, question.title, via="digest"
            )
        blocks += reminder_blocks(reminders)
        blocks += digest_actions(action_lines)
        channel, ts = slack.send_dm(
            pending.recipient_id,
            text,
            blocks,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"digest_id": digest_id}},
        )
    with uow() as session:
        mark_sent(session, digest_id, channel, ts, now, links)
        mark_noticed(session, pending.recipient_id, notices, now)
        if question is not None:
            mark_asked(session, pending.recipient_id, question, "digest", now)
        mark_in_digest(session, digest_id, now)
        notes_actions.mark_shown(session, [a.item.action_id for a in actions], now)
    return 0 if channel is None else 1


def _room(notices: list[Notice], question: Question | None, reminders: int) -> tuple[int, int]:
    """(blocks, characters) to keep free in a digest for what follows its mentions."""
    blocks, chars = notice_room(len(notices))
    more_blocks, more_chars = reminder_room(reminders)
    blocks, chars = blocks + more_blocks, chars + more_chars
    if question is None:
        return blocks, chars
    return blocks + QUESTION_BLOCKS, chars + QUESTION_CHARS


def mark_sent(  # noqa: PLR0917 - one call site, all of it is the digest's outcome
    session: Session,
    digest_id: int,
    channel: str | None,
    ts: str,
    now: datetime,
    links: dict[int, str | None],
) -> None:
    """The digest is in the DM: record it, and delete the held texts (links stay)."""
    digest = repo.digest(session, digest_id)
    if digest is None:
        return
    digest.sent_at, digest.dm_channel, digest.dm_ts = now, channel, ts
    for item in repo.items_of(session, digest_id):
        item.status, item.text = "delivered", None
        item.permalink = links.get(item.id, item.permalink)
