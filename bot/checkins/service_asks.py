"""Each person's part of a check-in round, sent once: the private ask, its one reminder,
and their answers posted in the round's thread. Claimed the way service_rounds.py says;
the DMs fan out (bot/fanout.py), each worker speaking its person's language.

Also the channel's edges: a channel Kairos can no longer post in (removed, archived) closes
the round and pauses the check-in, its organizer told once (lose_channel); someone who
leaves the channel leaves its check-ins (person_left).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.blocks import Rendered
from bot.checkins import repo, repo_asks, repo_rounds
from bot.checkins.messages import answer_post, ask_message, channel_lost, reminder_message
from bot.checkins.tables import AskState, RoundState
from bot.db.uow import UnitOfWork
from bot.fanout import Budget, fan_out_due
from bot.focus import repo as focus_repo
from bot.focus.language import language_for
from bot.focus.model import zone_named
from bot.i18n import current_language, speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language, language_of_locale
from bot.ports import SlackPort
from bot.retry import Retries, slack_error
from bot.scheduler import Outcome, more_due
from bot.workspace.languages import channel_language

ASK_EVENT = "kairos_checkin_ask"
REMINDER_EVENT = "kairos_checkin_reminder"
ANSWER_EVENT = "kairos_checkin_answer"
LOST_EVENT = "kairos_checkin_channel_lost"
# What Slack answers a post in a channel Kairos was removed from, that was archived, or that
# it cannot see any more (a private channel it left looks gone): no retry can succeed.
CHANNEL_GONE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
# A claim older than this was left by a replica that died, or by a post Slack refused.
STUCK_AFTER = timedelta(minutes=10)
BATCH = 500

log = logging.getLogger(__name__)


class Step:
    """Which DM a work item sends."""

    ASK = "ask"
    REMINDER = "reminder"


@dataclass(frozen=True)
class Due:
    """One DM to send: the ask or the reminder of a person in a round."""

    round_id: int
    user_id: str
    step: str
    stuck: bool  # a claim taken over: look for the DM before sending it again


def zone_of(name: str | None) -> ZoneInfo:
    """A person's zone by name (UTC when unknown)."""
    return zone_named(name or "UTC")


def _due(uow: UnitOfWork, now: datetime) -> list[Due]:
    stuck = now - STUCK_AFTER
    with uow() as session:
        found = [Due(a.round_id, a.user_id, Step.ASK, True)
                 for a in repo_asks.stuck_asks(session, stuck, BATCH)
                 if a.state == AskState.ASKING]  # fmt: skip
        found += [Due(a.round_id, a.user_id, Step.REMINDER, True)
                  for a in repo_asks.stuck_reminders(session, stuck, BATCH)]  # fmt: skip
        found += [Due(a.round_id, a.user_id, Step.ASK, False)
                  for a in repo_asks.due_asks(session, now, BATCH)]  # fmt: skip
        found += [Due(a.round_id, a.user_id, Step.REMINDER, False)
                  for a in repo_asks.due_reminders(session, now, BATCH)]  # fmt: skip
    return found


def send_asks(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    *,
    budget: Budget | None,
    language: Language,
) -> int | Outcome:
    """Send every ask and reminder due now, several people at once; how many were sent,
    or MORE_DUE when the budget ran out first."""
    due = _due(uow, now)
    work = partial(_send_one, uow, slack, now, retries, language=language)
    # A person's ask and reminder never race each other: one worker a person.
    by_person: dict[str, list[Due]] = {}
    for item in due:
        by_person.setdefault(item.user_id, []).append(item)
    ran = fan_out_due(list(by_person.values()), _person, work, retries=retries, now=now,
                      budget=budget)  # fmt: skip
    sent = sum(ran.results)
    if ran.stopped or (len(due) >= BATCH and ran.given):
        return more_due(sent, "check-in DM(s) sent")
    return sent


def _person(items: list[Due]) -> str:
    return items[0].user_id


def _send_one(
    uow: UnitOfWork,
    slack: SlackPort,
    now: datetime,
    retries: Retries,
    items: list[Due],
    *,
    language: Language,
) -> int:
    def one(item: Due) -> int:
        if item.step == Step.ASK:
            return send_ask(uow, slack, item, now, language)
        return send_reminder(uow, slack, item, now, language)

    return retries.attempt_in_order(items[0].user_id, now, items, one, what="check-in DM")


@dataclass(frozen=True)
class _Context:
    title: str
    channel_id: str
    due_at: datetime
    zone: ZoneInfo
    language: Language
    open: bool  # the round still takes answers


def _context(uow: UnitOfWork, round_id: int, user_id: str, default: Language) -> _Context | None:
    with uow() as session:
        found = repo_rounds.get_round(session, round_id)
        checkin = repo.get(session, found.checkin_id) if found else None
        if found is None or checkin is None:
            return None
        person = focus_repo.get_person(session, user_id)
        zone = zone_of(person.tz if person else checkin.zone)
        speaks = language_for(session, user_id, default)
        channel = found.channel_id or checkin.channel_id
        is_open = found.state == RoundState.OPEN
        return _Context(checkin.title, channel, found.due_at, zone, speaks, is_open)


def send_ask(uow: UnitOfWork, slack: SlackPort, item: Due, now: datetime, lang: Language) -> int:
    """Claim one person's ask, DM it (fan_out's worker sets their language) and record it;
    1 when a DM went out."""
    round_id, user_id = item.round_id, item.user_id
    with uow() as session:
        if item.stuck:
            won = repo_asks.reclaim_ask(session, round_id, user_id, AskState.ASKING,
                                        claimed_before=now - STUCK_AFTER, now=now)  # fmt: skip
        else:
            won = repo_asks.claim_ask(session, round_id, user_id, AskState.DUE, AskState.ASKING,
                                      now=now)  # fmt: skip
    context = _context(uow, round_id, user_id, lang) if won else None
    if context is None:
        return 0
    if not context.open:
        # A claim left stuck past its round's wrap-up: asking now would come too late.
        with uow() as session:
            repo_asks.claim_ask(session, round_id, user_id, AskState.ASKING, AskState.SKIPPED,
                                now=now)  # fmt: skip
        return 0
    ts = slack.find_own_dm(user_id, ASK_EVENT, "round_id", round_id) if item.stuck else None
    channel, sent = "", 0
    if ts is None:
        with speaking(context.language):
            post = ask_message(context.title, context.channel_id, context.due_at, context.zone,
                               str(round_id))  # fmt: skip
        metadata = {"event_type": ASK_EVENT, "event_payload": {"round_id": round_id}}
        channel, ts = slack.send_dm(user_id, post.text, post.blocks, metadata=metadata)
        sent = 1
    with uow() as session:
        repo_asks.mark_asked(session, round_id, user_id, channel, ts, now=now)
    return sent


def send_reminder(
    uow: UnitOfWork, slack: SlackPort, item: Due, now: datetime, lang: Language
) -> int:
    """Claim one person's reminder, DM it and record it; 1 when a DM went out."""
    round_id, user_id = item.round_id, item.user_id
    with uow() as session:
        if item.stuck:
            won = repo_asks.reclaim_reminder(session, round_id, user_id, now - STUCK_AFTER, now)
        else:
            won = repo_asks.claim_reminder(session, round_id, user_id, now)
    context = _context(uow, round_id, user_id, lang) if won else None
    if context is None:
        return 0
    ts = slack.find_own_dm(user_id, REMINDER_EVENT, "round_id", round_id) if item.stuck else None
    sent = 0
    if ts is None:
        with speaking(context.language):
            post = reminder_message(context.title, context.channel_id, context.due_at,
                                    context.zone, str(round_id))  # fmt: skip
        metadata = {"event_type": REMINDER_EVENT, "event_payload": {"round_id": round_id}}
        ts = slack.send_dm(user_id, post.text, post.blocks, metadata=metadata)[1]
        sent = 1
    with uow() as session:
        repo_asks.mark_reminded(session, round_id, user_id, ts)
    return sent


# --- answers in the thread -------------------------------------------------------------------


def post_answer(
    uow: UnitOfWork,
    slack: SlackPort,
    round_id: int,
    user_id: str,
    *,
    taken_over: datetime | None = None,
    language: Language | None = None,
) -> int:
    """Post a recorded answer in its round's thread and record it (its text then goes);
    1 when posted. `taken_over`: the time of a sweep taking over a claim left stuck, so the
    post is looked for first (recording the answer was the claim of whoever records it).
    `language`: KAIROS_LANGUAGE, for telling the organizer the channel is lost (default:
    the language spoken now)."""
    if taken_over is not None:
        with uow() as session:
            if not repo_asks.reclaim_ask(session, round_id, user_id, AskState.ANSWERING,
                                         claimed_before=taken_over - STUCK_AFTER,
                                         now=taken_over):  # fmt: skip
                return 0
    with uow() as session:
        ask = repo_asks.get_ask(session, round_id, user_id)
        found = repo_rounds.get_round(session, round_id)
        checkin = repo.get(session, found.checkin_id) if found else None
        if ask is None or ask.state != AskState.ANSWERING or found is None or checkin is None:
            return 0
        if found.channel_id is None or found.message_ts is None:
            return 0  # the round's opening is not posted yet: the sweep posts it later
        answers = repo_asks.answers_of(ask)
        questions = repo.questions_of_row(checkin)
        channel, thread = found.channel_id, found.message_ts
        # The listener posts right after recording: its time stands for now there.
        now = taken_over or ask.answered_at or found.opens_at
    # The caller speaks the channel's language: the questions are shown in it.
    post = answer_post(user_id, questions, answers)
    key = ("ask", f"{round_id}:{user_id}")
    try:
        ts, sent = post_once(slack, channel, post, ANSWER_EVENT, key, thread=thread,
                             look=taken_over is not None)  # fmt: skip
    except Exception as error:
        if not channel_gone(error):
            raise
        default = language or language_of_locale(current_language()) or DEFAULT_LANGUAGE
        return lose_channel(uow, slack, round_id, now, default)
    with uow() as session:
        repo_asks.mark_answer_posted(session, round_id, user_id, ts)
    return sent


def post_answers(
    uow: UnitOfWork, slack: SlackPort, now: datetime, retries: Retries, *, language: Language
) -> int:
    """Post the answers recorded but left unposted (a replica died, Slack refused, or the
    round's opening was still on its way); how many were posted."""
    with uow() as session:
        waiting = [(a.round_id, a.user_id)
                   for a in repo_asks.stuck_asks(session, now - STUCK_AFTER, BATCH)
                   if a.state == AskState.ANSWERING]  # fmt: skip
        channels: dict[int, Language] = {}
        for round_id, _user in waiting:
            found = repo_rounds.get_round(session, round_id)
            if found is not None and found.channel_id:
                channels[round_id] = channel_language(session, found.channel_id, language)
    sent = 0
    for round_id, user_id in waiting:
        key = f"answer {round_id} {user_id}"
        if not retries.due(key, now):
            continue
        with speaking(channels.get(round_id, language)):
            post = partial(post_answer, uow, slack, round_id, user_id, taken_over=now)
            sent += retries.attempt(key, now, post) or 0
    return sent


# --- the channel's edges ---------------------------------------------------------------------


def post_once(
    slack: SlackPort,
    channel: str,
    post: Rendered,
    event: str,
    key: tuple[str, object],
    *,
    thread: str | None = None,
    look: bool,
) -> tuple[str, int]:
    """Post a check-in's message in its channel (or a reply in a thread) once: with `look`
    (a claim taken over, maybe posted already) it is first looked for by its metadata. Its
    ts, and 1 when posted now."""
    field, value = key
    found = None
    if look:
        # A reply is looked for in its thread: history lists no replies.
        found = (slack.find_own_reply(channel, thread, event, field, value) if thread
                 else slack.find_own_message(channel, event, field, value))  # fmt: skip
    if found is not None:
        return found, 0
    metadata = {"event_type": event, "event_payload": {field: value}}
    ts = slack.post_message(channel, post.text, post.blocks, metadata=metadata, thread_ts=thread)
    return ts, 1


def channel_gone(error: BaseException) -> bool:
    """Whether a channel post failed because Kairos can no longer post there at all."""
    return slack_error(error) in CHANNEL_GONE


def lose_channel(
    uow: UnitOfWork, slack: SlackPort, round_id: int, now: datetime, language: Language
) -> int:
    """Kairos can no longer post in a round's channel: the round is closed without its post,
    the check-in paused (if it still posts there), and its organizer told once (winning the
    pause is the claim: a second replica, or the round's next step, tells nobody). 1 when
    the organizer was told."""
    with uow() as session:
        found = repo_rounds.get_round(session, round_id)
        checkin = repo.get(session, found.checkin_id) if found else None
        if found is None or checkin is None:
            return 0
        channel, checkin_id = found.channel_id or checkin.channel_id, checkin.id
        organizer, title = checkin.organizer_id, checkin.title
        repo_rounds.close_lost(session, round_id, now)
        # A check-in edited to post elsewhere goes on: only this round was lost.
        paused = channel == checkin.channel_id and repo.pause(session, checkin_id, now)
        speaks = language_for(session, organizer, language) if organizer else language
    log.warning("check-in %s cannot post in %s any more: round %s closed, paused %s",
                checkin_id, channel, round_id, paused)  # fmt: skip
    if not paused or organizer is None:
        return 0
    with speaking(speaks):
        post = channel_lost(title, channel)
    return dm_organizer(slack, organizer, post, LOST_EVENT, checkin_id)


def dm_organizer(
    slack: SlackPort, organizer: str, post: Rendered, event: str, checkin_id: int
) -> int:
    """DM a check-in's organizer (unless Slack no longer knows them as a person); 1 if sent."""
    if not slack.is_person(organizer):
        return 0
    metadata = {"event_type": event, "event_payload": {"checkin_id": checkin_id}}
    slack.send_dm(organizer, post.text, post.blocks, metadata=metadata)
    return 1


def person_left(uow: UnitOfWork, channel_id: str, user_id: str) -> int:
    """Someone left a channel: no check-in there asks them any more, and their asks not
    answered yet in open rounds are skipped, so nobody counts them as not answering. How
    many check-ins they left."""
    with uow() as session:
        return repo_asks.person_left(session, channel_id, user_id)
