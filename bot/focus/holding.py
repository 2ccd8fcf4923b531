"""Holding mentions of people in focus or off hours, and releasing them early.

Uses the repo and the Slack port; never commits. The listener stores everything in the
event's unit of work, so a mention is durable before Slack gets its acknowledgement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.focus import repo
from bot.focus.mentions import HeldRecipient, extract_mentions, is_urgent
from bot.focus.model import off_hours
from bot.focus.service import RECHECK_WITHOUT_FREE_TIME, zone_named
from bot.focus.tables import UrgentUse
from bot.ports import SlackPort


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

    @property
    def sent_at(self) -> datetime:
        """When Slack received it (the ts is seconds since the epoch)."""
        return datetime.fromtimestamp(float(self.ts), UTC)


@dataclass(frozen=True)
class HoldOutcome:
    """What examining one message did: whom it held for, and who must hear of it now."""

    held: list[HeldRecipient]
    urgent: list[str]


def _nothing() -> None:
    return None


def examine_message(
    session: Session,
    slack: SlackPort,
    message: IncomingMessage,
    now: datetime,
    markers: Sequence[str],
    *,
    before_writing: Callable[[], None] = _nothing,
) -> HoldOutcome:
    """Hold the message for every mentioned person who is focusing or off hours.

    before_writing runs once, just before the first hold or urgent use is written, and not
    at all when the message concerns nobody who is away: the listener records the event id
    there, so the common case (no one to hold) costs one query and no insert.
    """
    mark_thread_seen(session, message)  # idempotent: a retry may do it again
    mentions = extract_mentions(message.text, message.blocks)
    group_members: set[str] = set()
    for usergroup in sorted(mentions.usergroups):
        group_members.update(slack.usergroup_members(usergroup))
    candidates = set(mentions.users) | group_members
    if mentions.broadcast is not None:
        candidates.update(slack.channel_members(message.channel_id))
    candidates.discard(message.sender_id)
    away: list[tuple[str, datetime | None, bool]] = []
    for person in repo.reachability(session, sorted(candidates)):
        tz = zone_named(person.tz)
        focusing = person.state.in_focus(tz, now)
        if focusing or off_hours(person.state.working_hours, tz, now):
            away.append((person.user_id, person.state.available_at(tz, now), focusing))
    if not away:
        return HoldOutcome(held=[], urgent=[])  # Slack delivers it to everyone as usual
    before_writing()
    if is_urgent(message.text, markers):
        for user_id, _available, _focusing in away:
            _record_urgent(session, message, user_id, "marker", now)
        return HoldOutcome(held=[], urgent=[user_id for user_id, _, _ in away])
    held: list[HeldRecipient] = []
    rows: list[dict[str, object]] = []
    for user_id, available, focusing in away:
        if user_id in mentions.users:
            kind = "user"
        elif user_id in group_members:
            kind = "usergroup"
        else:
            kind = "broadcast"
        rows.append(
            {
                "recipient_id": user_id,
                "sender_id": message.sender_id,
                "channel_id": message.channel_id,
                "message_ts": message.ts,
                "thread_ts": message.thread_ts,
                "text": message.text,
                "kind": kind,
                "sent_at": message.sent_at,
                "held_at": now,
                "status": "held",
            }
        )
        due = available if available is not None else now + RECHECK_WITHOUT_FREE_TIME
        repo.check_no_later_than(session, user_id, due)
        reason = "focusing" if focusing else "outside working hours"
        held.append(HeldRecipient(user_id, available, reason))
    repo.hold(session, rows)
    return HoldOutcome(held=held, urgent=[])


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
    """The sender says it can't wait: release their held mention now and count the use."""
    items = [
        i
        for i in repo.held_for_message(session, channel_id, message_ts)
        if i.sender_id == sender_id
    ]
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
