"""Holding mentions of people in focus, off hours or on a day off, and releasing them early.

Uses the repo and the Slack port; never commits. incoming.py stores everything before the
listener returns, so a mention is durable before Slack gets its acknowledgement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from bot.db.dedupe import AlreadyHandled
from bot.db.driver import Rider
from bot.errors import NotYours
from bot.focus import repo
from bot.focus.mentions import HeldRecipient, MessageMentions, extract_mentions, is_urgent
from bot.focus.model import RECHECK_WITHOUT_FREE_TIME, FocusState, zone_named
from bot.focus.tables import UrgentUse
from bot.i18n import _
from bot.ports import SlackPort

# The most members a broadcast's channel may have for its mention to be held inside the ack.
IN_ACK_MEMBERS = 1000


@dataclass(frozen=True)
class IncomingMessage:
    """A message someone posted where Kairos can see it."""

    channel_id: str
    ts: str
    thread_ts: str | None
    sender_id: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    # False for apps and bots: their mentions are held too, but they get no note.
    from_person: bool = True
    # Calendar invites (.ics files) shared with the message: (file id, download address).
    calendar_files: tuple[tuple[str, str], ...] = ()
    # Files Slack sent only the id of (`file_access: check_file_info`): files.info tells.
    files_to_look_up: tuple[str, ...] = ()

    @property
    def sent_at(self) -> datetime:
        """When Slack received it (the ts is seconds since the epoch)."""
        return datetime.fromtimestamp(float(self.ts), UTC)


@dataclass(frozen=True)
class HoldOutcome:
    """What examining one message did: whom it held for, and who must hear of it now."""

    held: list[HeldRecipient]
    urgent: list[str]


@dataclass(frozen=True)
class Away:
    """Someone a message reaches who is away now, and when they are back."""

    user_id: str
    available_at: datetime | None
    # Why: model.FOCUSING, OFF_HOURS, LEAVE or HOLIDAY (the sender's note says it).
    reason: str
    # What decides their time, kept so the note can say when to expect an answer.
    state: FocusState
    tz: ZoneInfo


@dataclass(frozen=True)
class Reach:
    """Whom a message reaches, and who of them is away: read before any transaction."""

    mentions: MessageMentions
    group_members: frozenset[str]
    away: tuple[Away, ...]
    # The sender's zone when Kairos knows them, for the note (saves asking Slack).
    sender_tz: str | None
    # A broadcast whose channel's members were not read (defer_broadcast): `away` holds
    # only those it names or reaches by group; the rest is held after the ack.
    broadcast_pending: bool = False
    # The sender's own language choice and Slack locale, when Kairos knows them.
    sender_language: str | None = None
    sender_locale: str | None = None


def _nothing() -> None:
    return None


def reach_of(
    connection: Connection,
    slack: SlackPort,
    message: IncomingMessage,
    now: datetime,
    *,
    ride: Callable[[MessageMentions], Rider | None] | None = None,
    defer_broadcast: bool = False,
) -> Reach:
    """Who the message reaches that is focusing, off hours or on a day off, in one read.

    receive_message (incoming.py) reads this outside a transaction (most messages reach
    nobody who is away and then need no transaction at all), and stores what it implies in
    the next one. `ride` may give a write to make in the same statement (PostgreSQL).
    With defer_broadcast, a broadcast's channel is expanded only if this process knows its
    members already (reading them is a paginated call the ack cannot wait for) and they are
    at most IN_ACK_MEMBERS.
    """
    mentions = extract_mentions(message.text, message.blocks)
    rider = ride(mentions) if ride is not None else None
    group_members: set[str] = set()
    for usergroup in sorted(mentions.usergroups):
        group_members.update(slack.usergroup_members(usergroup))
    candidates = set(mentions.users) | group_members
    pending = False
    if mentions.broadcast is not None:
        members = (
            slack.known_channel_members(message.channel_id)
            if defer_broadcast
            else slack.channel_members(message.channel_id)
        )
        # A big channel is held after the ack even when its members are known: reading who
        # of thousands is away and holding for them takes seconds (bench/fanout.py).
        pending = defer_broadcast and (members is None or len(members) > IN_ACK_MEMBERS)
        if not pending:
            candidates.update(members or ())
    candidates.discard(message.sender_id)  # nobody's own mentions are held
    away: list[Away] = []
    sender = None
    everyone = sorted(candidates | {message.sender_id})
    for person in repo.reachability(connection, everyone, now=now, rider=rider):
        tz = zone_named(person.tz)
        if person.user_id == message.sender_id:
            sender = person
        elif (reason := person.state.away_reason(tz, now)) is not None:
            available = person.state.available_at(tz, now)
            away.append(Away(person.user_id, available, reason, person.state, tz))
    if sender is None:
        return Reach(mentions, frozenset(group_members), tuple(away), None, pending)
    return Reach(mentions, frozenset(group_members), tuple(away), sender.tz, pending,
                 sender.language, sender.slack_locale)  # fmt: skip


def examine_message(
    session: Session,
    message: IncomingMessage,
    reach: Reach,
    now: datetime,
    markers: Sequence[str],
    *,
    before_writing: Callable[[], None] = _nothing,
) -> HoldOutcome:
    """Hold the message for everyone it reaches who is away; an urgent one is not held.

    before_writing runs once, just before the first hold or urgent use is written, and not
    at all when the message concerns nobody who is away: incoming.py records the event id
    there.
    """
    mark_thread_seen(session, message)  # idempotent: a retry may do it again
    if not reach.away:
        return HoldOutcome(held=[], urgent=[])  # Slack delivers it to everyone as usual
    before_writing()
    if is_urgent(message.text, markers):
        for person in reach.away:
            _record_urgent(session, message, person.user_id, "marker", now)
        return HoldOutcome(held=[], urgent=[person.user_id for person in reach.away])
    plan = _plan_hold(message, reach, now)
    for user_id, _kind, due, _why in plan.message.recipients:
        repo.check_no_later_than(session, user_id, due)
    repo.hold(session, plan.rows())
    return HoldOutcome(held=plan.held, urgent=[])


def hold_at_once(
    connection: Connection,
    message: IncomingMessage,
    reach: Reach,
    *,
    event_id: str | None,
    now: datetime,
    markers: Sequence[str],
) -> HoldOutcome | None:
    """The common cases without a transaction: a message that reaches nobody away (nothing
    to store), or a plain message held in one atomic statement where the database can.
    None: the message needs examine_message in a transaction.

    Raises AlreadyHandled for a Slack retry of an event stored before.
    """
    if not reach.away and message.thread_ts is None:
        return HoldOutcome(held=[], urgent=[])  # Slack delivers it to everyone as usual
    plain = message.thread_ts is None and not is_urgent(message.text, markers)
    if not (reach.away and plain and event_id and repo.can_hold_with_event(connection)):
        return None
    plan = _plan_hold(message, reach, now)
    if not repo.hold_with_event(connection, event_id, plan.message, now):
        raise AlreadyHandled(event_id)
    return HoldOutcome(held=plan.held, urgent=[])


@dataclass(frozen=True)
class _HoldPlan:
    message: repo.HeldMessage
    held: list[HeldRecipient]
    now: datetime

    def rows(self) -> list[dict[str, object]]:
        m = self.message
        return [
            {
                "recipient_id": recipient_id,
                "sender_id": m.sender_id,
                "channel_id": m.channel_id,
                "message_ts": m.message_ts,
                "thread_ts": m.thread_ts,
                "text": m.text,
                "kind": kind,
                "sent_at": m.sent_at,
                "held_at": self.now,
                "status": "held",
                "held_for": why,
            }
            for recipient_id, kind, _due, why in m.recipients
        ]


def _plan_hold(message: IncomingMessage, reach: Reach, now: datetime) -> _HoldPlan:
    """What holding the message for everyone away writes, and what the sender is told."""
    recipients: list[tuple[str, str, datetime, str]] = []
    held: list[HeldRecipient] = []
    for person in reach.away:
        if person.user_id in reach.mentions.users:
            kind = "user"
        elif person.user_id in reach.group_members:
            kind = "usergroup"
        else:
            kind = "broadcast"
        available = person.available_at
        # The sweep looks at them when they are back, to deliver the digest.
        due = available if available is not None else now + RECHECK_WITHOUT_FREE_TIME
        recipients.append((person.user_id, kind, due, person.reason))
        held.append(HeldRecipient(person.user_id, available, person.reason))
    stored = repo.HeldMessage(
        channel_id=message.channel_id,
        message_ts=message.ts,
        thread_ts=message.thread_ts,
        sender_id=message.sender_id,
        text=message.text,
        sent_at=message.sent_at,
        recipients=recipients,
    )
    return _HoldPlan(stored, held, now)


def _record_urgent(
    session: Session, message: IncomingMessage, recipient_id: str, via: str, now: datetime
) -> None:
    session.add(
        UrgentUse(
            sender_id=message.sender_id,
            recipient_id=recipient_id,
            channel_id=message.channel_id,
            message_ts=message.ts,
            via=via,
            at=now,
        )
    )


def mark_thread_seen(session: Session, message: IncomingMessage) -> None:
    """A reply in a thread by someone with held items there means they have seen them."""
    if message.thread_ts is None:
        return
    for item in repo.held_in_thread(
        session, message.sender_id, message.channel_id, message.thread_ts
    ):
        item.status = "seen"
        item.text = None


def apply_edit(
    session: Session, channel_id: str, message_ts: str, text: str, blocks: list[dict[str, Any]]
) -> None:
    """An edited held message keeps its newest text, or is dropped if the mention is gone."""
    mentions = extract_mentions(text, blocks)
    for item in repo.held_for_message(session, channel_id, message_ts):
        still_there = (
            item.recipient_id in mentions.users
            or (item.kind == "broadcast" and mentions.broadcast is not None)
            or (item.kind == "usergroup" and bool(mentions.usergroups))
        )
        if still_there:
            item.text = text
        else:
            item.status, item.text = "dropped", None


def apply_delete(session: Session, channel_id: str, message_ts: str) -> None:
    """A deleted message is dropped from every digest it was waiting for."""
    for item in repo.held_for_message(session, channel_id, message_ts):
        item.status, item.text = "dropped", None


@dataclass(frozen=True)
class Released:
    """Mentions released early by the sender's "It's urgent" button."""

    recipients: list[str]
    text: str


def release_as_urgent(
    session: Session, sender_id: str, channel_id: str, message_ts: str, now: datetime
) -> Released:
    """The sender says it can't wait: release their held mention now and count the use.

    Only the sender may: anyone else pressing a button that names the message is refused.
    """
    items = [
        i
        for i in repo.held_for_message(session, channel_id, message_ts)
        if i.sender_id == sender_id
    ]
    if not items and repo.held_by_others(session, channel_id, message_ts, sender_id):
        raise NotYours(
            _(
                "That isn't yours: only the person who sent the message can mark it urgent. "
                "Nothing was changed."
            )
        )
    text = next((i.text for i in items if i.text), "")
    recipients = []
    for item in items:
        item.status, item.text = "urgent", None
        session.add(
            UrgentUse(
                sender_id=sender_id,
                recipient_id=item.recipient_id,
                channel_id=channel_id,
                message_ts=message_ts,
                via="button",
                at=now,
            )
        )
        recipients.append(item.recipient_id)
    return Released(recipients=recipients, text=text or "")
