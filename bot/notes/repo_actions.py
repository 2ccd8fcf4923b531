"""The notes' actions: shown in the owner's digest, reminded once on the due date (claimed
in one UPDATE), marked done; and their retention. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, delete, exists, or_, select, update
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.inserts import rows_changed
from bot.meetings.tables import Meeting
from bot.notes.model import ActionItem, PostedNotes, ReminderState
from bot.notes.tables import NotesAction, NotesPrompt

# Actions shown at once (a digest, a DM): more wait for the next one.
MAX_SHOWN = 10


def _move(session: Session, where: Sequence[ColumnElement[bool]], **values: object) -> bool:
    """One UPDATE of an action; whether it changed it (else a concurrent caller did first)."""
    return rows_changed(session.execute(update(NotesAction).where(*where).values(**values))) == 1


# --- actions -----------------------------------------------------------------------------------


def _item(row: NotesAction) -> ActionItem:
    return ActionItem(
        action_id=row.id,
        text=row.text,
        owner_id=row.owner_id,
        due_on=row.due_on,
        done_by=row.done_by,
        done=row.done_at is not None,
    )


def action(session: Session, action_id: int) -> ActionItem | None:
    """One recorded action."""
    row = session.get(NotesAction, action_id)
    return None if row is None else _item(row)


def posted_notes(session: Session, action_id: int) -> PostedNotes | None:
    """The notes an action belongs to, with all their actions in order (None if the notes
    were never posted, or are gone)."""
    found = session.execute(
        select(NotesPrompt.id, NotesPrompt.posted_channel_id, NotesPrompt.posted_ts)
        .join(NotesAction, NotesAction.prompt_id == NotesPrompt.id)
        .where(NotesAction.id == action_id)
    ).first()
    if found is None or found.posted_channel_id is None:
        return None
    rows = session.scalars(
        select(NotesAction).where(NotesAction.prompt_id == found.id).order_by(NotesAction.id)
    )
    return PostedNotes(
        found.id, found.posted_channel_id, found.posted_ts, tuple(_item(r) for r in rows)
    )


def mark_done(session: Session, action_id: int, user_id: str, now: datetime) -> bool:
    """Mark an action done; True the first time (again, or a second replica: nothing
    changes). A reminder not sent yet is not needed any more."""
    return _move(
        session,
        [NotesAction.id == action_id, NotesAction.done_at.is_(None)],
        done_at=now,
        done_by=user_id,
        reminder=case(
            (NotesAction.reminder == ReminderState.WAITING.value, ReminderState.NOT_NEEDED.value),
            else_=NotesAction.reminder,
        ),
    )


def uncounted_reminders(session: Session, limit: int) -> list[tuple[int, str, date]]:
    """(action, owner, due date) of waiting reminders whose moment is not counted yet."""
    rows = session.execute(
        select(NotesAction.id, NotesAction.owner_id, NotesAction.due_on)
        .where(
            NotesAction.reminder == ReminderState.WAITING.value,
            NotesAction.remind_at.is_(None),
            NotesAction.due_on.is_not(None),
            NotesAction.done_at.is_(None),
        )
        .order_by(NotesAction.id)
        .limit(limit)
    )
    return [(a, owner, due) for a, owner, due in rows if due is not None]


def set_remind_at(session: Session, action_id: int, at: datetime) -> None:
    """When the action's reminder goes (the owner's first reachable moment of its day)."""
    session.execute(update(NotesAction).where(NotesAction.id == action_id).values(remind_at=at))


def due_reminders(session: Session, now: datetime, limit: int) -> list[int]:
    """Actions whose reminder is due by now, not done, not claimed; oldest first."""
    return list(
        session.scalars(
            select(NotesAction.id)
            .where(
                NotesAction.reminder == ReminderState.WAITING.value,
                NotesAction.remind_at <= now,
                NotesAction.done_at.is_(None),
            )
            .order_by(NotesAction.remind_at, NotesAction.id)
            .limit(limit)
        )
    )


def claim_reminder(
    session: Session,
    action_id: int,
    now: datetime | None = None,
    *,
    stuck_before: datetime | None = None,
) -> bool:
    """Move a waiting, open action's reminder to sending (or, with `stuck_before`, take over
    a claim made before it); True for the one caller that did. A claimed reminder's
    remind_at becomes the claim's time (`now`), from which a claim left by a replica that
    died is told apart."""
    claimed_at = {} if now is None else {"remind_at": now}
    if stuck_before is None:
        where = [NotesAction.reminder == ReminderState.WAITING.value, NotesAction.done_at.is_(None)]
    else:
        where = [
            NotesAction.reminder == ReminderState.SENDING.value,
            NotesAction.remind_at < stuck_before,
        ]
    return _move(
        session,
        [NotesAction.id == action_id, *where],
        reminder=ReminderState.SENDING.value,
        **claimed_at,
    )


def unsent_reminders(
    session: Session, limit: int, claimed_before: datetime | None = None
) -> list[int]:
    """Reminders claimed (before `claimed_before`, if given) and not marked sent: the DM's
    history says whether to resend."""
    claimed = () if claimed_before is None else (NotesAction.remind_at < claimed_before,)
    return list(
        session.scalars(
            select(NotesAction.id)
            .where(NotesAction.reminder == ReminderState.SENDING.value, *claimed)
            .order_by(NotesAction.id)
            .limit(limit)
        )
    )


def mark_reminded(session: Session, action_id: int, ts: str | None) -> bool:
    """The reminder is in the owner's DM (ts None: not sent to someone Slack no longer
    knows as a person; it is settled all the same)."""
    return _move(
        session,
        [NotesAction.id == action_id, NotesAction.reminder == ReminderState.SENDING.value],
        reminder=ReminderState.SENT.value,
        reminder_ts=ts,
    )


@dataclass(frozen=True)
class ToShow:
    """An open action not shown to its owner yet, and where its notes are."""

    item: ActionItem
    channel_id: str
    posted_ts: str | None


def to_show(session: Session, owner_id: str, limit: int = MAX_SHOWN) -> list[ToShow]:
    """The owner's open actions not yet shown (in a digest or a DM), oldest first."""
    rows = session.execute(
        select(NotesAction, NotesPrompt.posted_channel_id, NotesPrompt.posted_ts)
        .join(NotesPrompt, NotesPrompt.id == NotesAction.prompt_id)
        .where(
            NotesAction.owner_id == owner_id,
            NotesAction.shown_at.is_(None),
            NotesAction.done_at.is_(None),
            NotesPrompt.posted_ts.is_not(None),
        )
        .order_by(NotesAction.id)
        .limit(limit)
    )
    return [ToShow(_item(row), str(channel), ts) for row, channel, ts in rows]


def owners_to_tell(session: Session, posted_before: datetime, limit: int) -> list[str]:
    """Owners of open actions not shown yet, of notes posted (claimed) before `posted_before`:
    newer ones are told by the post itself."""
    return list(
        session.scalars(
            select(NotesAction.owner_id)
            .join(NotesPrompt, NotesPrompt.id == NotesAction.prompt_id)
            .where(
                NotesAction.shown_at.is_(None),
                NotesAction.done_at.is_(None),
                NotesPrompt.posted_ts.is_not(None),
                NotesPrompt.answered_at < posted_before,
            )
            .group_by(NotesAction.owner_id)
            .order_by(NotesAction.owner_id)
            .limit(limit)
        )
    )


def prompt_actions(session: Session, prompt_id: int) -> list[ActionItem]:
    """A prompt's actions, in their order."""
    rows = session.scalars(
        select(NotesAction).where(NotesAction.prompt_id == prompt_id).order_by(NotesAction.id)
    )
    return [_item(row) for row in rows]


def organizers_of(session: Session, action_id: int) -> set[str]:
    """The organizer of the meeting an action came from (empty once it is not stored)."""
    found = session.scalar(
        select(Meeting.organizer_id)
        .join(NotesPrompt, NotesPrompt.meeting_id == Meeting.id)
        .join(NotesAction, NotesAction.prompt_id == NotesPrompt.id)
        .where(NotesAction.id == action_id)
    )
    return {found} if found else set()


def series_organizers(session: Session, series_key: str) -> set[str]:
    """Everyone who organized a stored meeting of the series (on Slack)."""
    found = session.scalars(
        select(Meeting.organizer_id)
        .where(Meeting.series_key == series_key, Meeting.organizer_id.is_not(None))
        .distinct()
    )
    return {user for user in found if user}


def mark_shown(session: Session, action_ids: Sequence[int], now: datetime) -> None:
    """These actions were in the owner's digest (or DM): they are shown once."""
    if action_ids:
        session.execute(
            update(NotesAction)
            .where(NotesAction.id.in_(sorted(action_ids)), NotesAction.shown_at.is_(None))
            .values(shown_at=now)
        )


# --- retention ---------------------------------------------------------------------------------


def delete_aged_actions(session: Session, _kind: object, cutoff: datetime, limit: int) -> int:
    """The retention sweep's delete of actions: those recorded before the cutoff and settled
    before it too, done or due before it (an open action stays until a period past its due
    date; one without a due date is aged from when it was recorded)."""
    picked = table(NotesAction).alias("picked")
    settled = or_(
        picked.c.done_at < cutoff,
        picked.c.due_on < cutoff.date(),
        picked.c.due_on.is_(None) & picked.c.done_at.is_(None),
    )
    chosen = select(picked.c.id).where(picked.c.created_at < cutoff, settled).limit(limit)
    return rows_changed(session.execute(delete(NotesAction).where(NotesAction.id.in_(chosen))))


def delete_aged_prompts(session: Session, _kind: object, cutoff: datetime, limit: int) -> int:
    """The retention sweep's delete of prompts: those recorded before the cutoff with no action
    left (actions point to theirs, so actions go first)."""
    picked = table(NotesPrompt).alias("picked")
    has_actions = exists().where(NotesAction.prompt_id == picked.c.id)
    chosen = select(picked.c.id).where(picked.c.created_at < cutoff, ~has_actions).limit(limit)
    return rows_changed(session.execute(delete(NotesPrompt).where(NotesPrompt.id.in_(chosen))))
