"""Questions that must not fall through (pure: standard library and the norms model only).

A question is a message that asks something (asking.asks) and mentions people by name, in
a channel with a response time. Each person it names is asked; an answer is their reply in
the question's thread, or their reaction to it. Whoever has not answered when the response
time has passed in their working time gets one private reminder: in their next digest, or
as a DM once they are reachable. Never in public, never twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.norms.model import ResponseKind, ResponseTime

# A message naming more people than this addresses a crowd, not someone: nobody in it is
# counted as asked (and the hot path writes nothing for it).
MAX_ASKED = 10
# One reminder DM lists at most this many questions; more wait for the next sweep.
MAX_PER_REMINDER = 10
# Someone with no free working time ahead (leave beyond the horizon) is looked at again
# after this long.
RECHECK = timedelta(days=1)
METADATA_EVENT = "kairos_question_reminder"
METADATA_KEY = "reminder"


class Status(StrEnum):
    """Where a question's reminder is: not yet, recorded and being sent, or sent."""

    WAITING = "waiting"
    REMINDING = "reminding"
    REMINDED = "reminded"


class Via(StrEnum):
    """How the reminder went."""

    DM = "dm"
    DIGEST = "digest"


class Route(StrEnum):
    """What to do with a person's due questions now."""

    DM = "dm"  # reachable, and no digest is coming: a DM now
    DIGEST = "digest"  # reachable, and a digest is coming: it carries them
    WAIT = "wait"  # not reachable: look again when they are back


def asked_of(users: Iterable[str], sender_id: str) -> tuple[str, ...]:
    """The people a question is addressed to: those mentioned by name, not the sender; none
    when the message names more than MAX_ASKED."""
    asked = sorted(set(users) - {sender_id})
    return () if len(asked) > MAX_ASKED else tuple(asked)


def answer_thread(message_ts: str, thread_ts: str | None) -> str:
    """The thread an answer to this message goes in: its own, or the one it was posted in."""
    return thread_ts or message_ts


def response_of(kind: str, amount: int) -> ResponseTime:
    """The stored response time as the model's value."""
    return ResponseTime(ResponseKind(kind), amount)


def route(available_at: datetime | None, now: datetime, *, digest_coming: bool) -> Route:
    """DM, digest or wait, for someone whose question is past due."""
    if available_at != now:
        return Route.WAIT
    return Route.DIGEST if digest_coming else Route.DM


def look_again(available_at: datetime | None, now: datetime) -> datetime:
    """When to look at someone who is not reachable now: when they are back, or after
    RECHECK when not within the horizon."""
    if available_at is None or available_at <= now:
        return now + RECHECK
    return available_at


def reminder_key(question_ids: Iterable[int]) -> int:
    """The key of a reminder DM: the smallest question id in it (unique, as ids are)."""
    return min(question_ids)


@dataclass(frozen=True)
class Reminder:
    """One question to remind someone of, ready to show."""

    question_id: int
    channel_id: str
    message_ts: str
    response: ResponseTime
    permalink: str | None = None
    # The thread it was asked in (its own ts at top level): a reply's link names its thread.
    thread_ts: str | None = None
