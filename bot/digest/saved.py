""" "Read after focus": a message a person puts into their own next digest.

Stored as a held mention of kind "saved", so it is delivered exactly once with the rest
(digest/service.py). When the person is focusing or away, it waits as a mention would,
for the digest after that. When they are reachable, it does not come at once: a DM now
would interrupt them with the very message they just put aside, which is what the shortcut
is for. It comes with their next digest (after their next focus), and at the latest half an
hour before their working day ends, when there is still time to read it; saved later than
that, the next working morning. Without working hours, Kairos cannot tell when the day
ends: NO_HOURS_LATER then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.digest import repo_saved
from bot.focus import repo as focus_repo
from bot.focus.model import RECHECK_WITHOUT_FREE_TIME, FocusState
from bot.focus.periods import schedule_periods
from bot.focus.service import person_for, zone
from bot.ports import SlackPort

SAVED = "saved"
WRAP_UP = timedelta(minutes=30)
NO_HOURS_LATER = timedelta(hours=3)
# Statuses in which the message is still on its way to a digest.
_WAITING = ("held", "delivering")


@dataclass(frozen=True)
class SavedMessage:
    """The message a person chose "Read after focus" on."""

    channel_id: str
    message_ts: str
    thread_ts: str | None
    sender_id: str
    text: str


@dataclass(frozen=True)
class Saved:
    """What became of it: when the digest goes out at the latest (None: when the person is
    next free, beyond the horizon Kairos looks at), whether they are focusing or away now,
    and whether it was already waiting."""

    due: datetime | None
    away_now: bool
    already: bool
    tz: ZoneInfo


def sent_at(message_ts: str) -> datetime:
    """When a message was sent, from its ts (seconds since the epoch)."""
    return datetime.fromtimestamp(float(message_ts), UTC)


def latest_delivery(state: FocusState, tz: ZoneInfo, now: datetime) -> tuple[datetime | None, bool]:
    """(when a message saved now is in a digest at the latest, whether the person is away)."""
    available = state.available_at(tz, now)
    if available != now:
        return available, True
    day = schedule_periods(state.working_hours, tz, now, now + timedelta(days=1))
    current = next((p for p in day if p.start <= now < p.end), None)
    if current is None:
        return now + NO_HOURS_LATER, False
    wrap_up = current.end - WRAP_UP
    # In the last half hour, the digest waits for the next working morning: at the end of
    # the working hours the person is away, and the sweep looks again when they are back.
    return (wrap_up if wrap_up > now else current.end), False


def save_for_later(
    uow: UnitOfWork, slack: SlackPort, user_id: str, message: SavedMessage, now: datetime
) -> Saved:
    """Put the message into the person's next digest (once, however often they ask)."""
    with uow() as session:
        person = person_for(session, slack, user_id, now)
        tz = zone(person)
        due, away = latest_delivery(focus_repo.state_of(person), tz, now)
        already = _store(session, user_id, message, now)
        focus_repo.check_no_later_than(session, user_id, due or now + RECHECK_WITHOUT_FREE_TIME)
    return Saved(due, away, already, tz)


def _store(session: Session, user_id: str, message: SavedMessage, now: datetime) -> bool:
    """Hold the message for the person; True when it was already on its way to them."""
    row = repo_saved.row_for(session, user_id, message.channel_id, message.message_ts)
    if row is not None and row.status in _WAITING:
        return True
    values: dict[str, object] = {
        "recipient_id": user_id,
        "sender_id": message.sender_id,
        "channel_id": message.channel_id,
        "message_ts": message.message_ts,
        "thread_ts": message.thread_ts,
        "text": message.text,
        "kind": SAVED,
        "sent_at": sent_at(message.message_ts),
        "held_at": now,
        "status": "held",
        "held_for": SAVED,
    }
    if row is None:
        focus_repo.hold(session, [values])
        return False
    # Read in an earlier digest (or released as urgent) and saved again: it waits once more.
    for key, value in values.items():
        setattr(row, key, value)
    row.digest_id, row.permalink = None, None
    return False
