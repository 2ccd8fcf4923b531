"""All of the notes domain's SQL: series settings, prompts and actions, each step claimed in
one UPDATE so that it happens once across restarts and replicas. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from bot.db.base import table
from bot.db.inserts import insert_new, rows_changed, upsert
from bot.meetings.tables import Meeting, MeetingAttendee
from bot.notes.model import (
    PROMPT_STALE,
    ActionDraft,
    Answer,
    EndedMeeting,
    NoteTaker,
    PromptState,
    ReminderState,
    SeriesNotes,
    after_answer,
    after_prompt,
)
from bot.notes.tables import NotesAction, NotesPrompt, NotesSeries

# --- series ------------------------------------------------------------------------------------


def series(session: Session, series_key: str) -> SeriesNotes | None:
    """A series' notes settings, if any were stored."""
    row = session.get(NotesSeries, series_key)
    return None if row is None else _as_series(row)


def _as_series(row: NotesSeries) -> SeriesNotes:
    return SeriesNotes(
        series_key=row.series_key,
        channel_id=row.channel_id,
        note_taker=NoteTaker(row.note_taker),
        fixed_user_id=row.fixed_user_id,
        last_taker_id=row.last_taker_id,
        never=row.never,
    )


_ALL_SETTINGS = (
    "channel_id", "note_taker", "fixed_user_id", "last_taker_id", "never", "set_by", "updated_at",
)  # fmt: skip


def save_series(
    session: Session,
    settings: SeriesNotes,
    set_by: str | None,
    now: datetime,
    *,
    only: Sequence[str] = _ALL_SETTINGS,
) -> None:
    """Store a series' settings; `only` these columns change on a stored row, so that a
    sweep moving the rotation on keeps an organizer's concurrent change of the rest."""
    row = {
        "series_key": settings.series_key,
        "channel_id": settings.channel_id,
        "note_taker": settings.note_taker.value,
        "fixed_user_id": settings.fixed_user_id,
        "last_taker_id": settings.last_taker_id,
        "never": settings.never,
        "set_by": set_by,
        "updated_at": now,
    }
    upsert(session, table(NotesSeries), [row], keys=["series_key"], updated=list(only))


# --- prompts -----------------------------------------------------------------------------------


def ended_meetings(session: Session, now: datetime, limit: int) -> list[EndedMeeting]:
    """Meetings that ended within PROMPT_STALE and may want notes, oldest end first: two or
    more people, not private, no exemption, no prompt yet, not "never" for their series
    (the model decides the rest)."""
    prompted = exists().where(NotesPrompt.meeting_id == Meeting.id)
    never = exists().where(
        NotesSeries.series_key == Meeting.series_key, NotesSeries.never.is_(True)
    )
    meetings = list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.ends_at <= now,
                Meeting.ends_at > now - PROMPT_STALE,
                # starts_at is indexed and never after ends_at: it narrows the scan (an
                # event longer than a day is not a meeting that leaves notes).
                Meeting.starts_at > now - 2 * PROMPT_STALE,
                Meeting.people >= 2,
                Meeting.is_private.is_(False),
                Meeting.exemption.is_(None),
                ~prompted,
                ~never,
            )
            .order_by(Meeting.ends_at, Meeting.id)
            .limit(limit)
        )
    )
    attendees: dict[int, list[str]] = {m.id: [] for m in meetings}
    if meetings:
        rows = session.execute(
            select(MeetingAttendee.meeting_id, MeetingAttendee.user_id).where(
                MeetingAttendee.meeting_id.in_(sorted(attendees))
            )
        )
        for meeting_id, user_id in rows:
            attendees[meeting_id].append(user_id)
    return [
        EndedMeeting(
            meeting_id=m.id,
            series_key=m.series_key,
            ends_at=m.ends_at,
            people=m.people,
            is_private=m.is_private,
            exemption=m.exemption,
            organizer_id=m.organizer_id,
            # The meetings domain keeps the organizer apart: they take their turn too.
            attendees=tuple(
                sorted({*attendees[m.id], *([m.organizer_id] if m.organizer_id else [])})
            ),
        )
        for m in meetings
    ]


def add_prompt(
    session: Session, meeting_id: int, user_id: str, due_at: datetime, now: datetime
) -> int | None:
    """Record the meeting's prompt as due; its id, or None when one was recorded already
    (by another sweep or replica: the meeting's unique key keeps it to one)."""
    added = insert_new(
        session,
        table(NotesPrompt),
        [
            {
                "meeting_id": meeting_id,
                "user_id": user_id,
                "state": PromptState.DUE.value,
                "due_at": due_at,
                "created_at": now,
            }
        ],
        keys=["meeting_id"],
    )
    if not added:
        return None
    return session.scalar(select(NotesPrompt.id).where(NotesPrompt.meeting_id == meeting_id))


def record_prompt(session: Session, meeting: EndedMeeting, taker: str, now: datetime) -> int | None:
    """Record the meeting's prompt to `taker`, due as it ends, and move the series' rotation
    on after them, in the caller's transaction; None when another sweep recorded it first
    (then the rotation is left as that sweep moved it)."""
    prompt_id = add_prompt(session, meeting.meeting_id, taker, meeting.ends_at, now)
    if prompt_id is not None:
        moved = after_prompt(None, meeting.series_key, taker)
        save_series(session, moved, None, now, only=("last_taker_id", "updated_at"))
    return prompt_id


def prompt(session: Session, prompt_id: int) -> NotesPrompt | None:
    """A recorded prompt."""
    return session.get(NotesPrompt, prompt_id)


def due_prompts(session: Session, now: datetime, limit: int) -> list[int]:
    """Prompts due by now and not claimed yet, oldest first."""
    return list(
        session.scalars(
            select(NotesPrompt.id)
            .where(NotesPrompt.state == PromptState.DUE.value, NotesPrompt.due_at <= now)
            .order_by(NotesPrompt.due_at, NotesPrompt.id)
            .limit(limit)
        )
    )


def unsent_prompts(
    session: Session, limit: int, claimed_before: datetime | None = None
) -> list[int]:
    """Prompts claimed for sending and not marked sent (a crash between the two; claimed
    before `claimed_before`, if given): the DM's history says whether to send them again."""
    claimed = () if claimed_before is None else (NotesPrompt.due_at < claimed_before,)
    return list(
        session.scalars(
            select(NotesPrompt.id)
            .where(NotesPrompt.state == PromptState.SENDING.value, *claimed)
            .order_by(NotesPrompt.id)
            .limit(limit)
        )
    )


def _move(session: Session, where: Sequence[ColumnElement[bool]], **values: object) -> bool:
    """One UPDATE of a prompt; whether it changed it (else a concurrent caller did first)."""
    return rows_changed(session.execute(update(NotesPrompt).where(*where).values(**values))) == 1


def claim_prompt(
    session: Session,
    prompt_id: int,
    now: datetime | None = None,
    *,
    stuck_before: datetime | None = None,
) -> bool:
    """Move a due prompt to sending (or, with `stuck_before`, take over a claim made before
    it); True for the one caller that did. A claimed prompt's due_at becomes the claim's time
    (`now`), from which a claim left by a replica that died is told apart."""
    claimed_at = {} if now is None else {"due_at": now}
    if stuck_before is None:
        where = [NotesPrompt.state == PromptState.DUE.value]
    else:
        where = [NotesPrompt.state == PromptState.SENDING.value, NotesPrompt.due_at < stuck_before]
    return _move(
        session,
        [NotesPrompt.id == prompt_id, *where],
        state=PromptState.SENDING.value,
        **claimed_at,
    )


def mark_prompt_sent(session: Session, prompt_id: int, channel_id: str | None, ts: str) -> bool:
    """The prompt is in the DM: where, to update it after a button (None: found in the DM's
    history after a crash, in a conversation whose id was not asked for)."""
    return _move(
        session,
        [NotesPrompt.id == prompt_id, NotesPrompt.state == PromptState.SENDING.value],
        state=PromptState.SENT.value,
        dm_channel_id=channel_id,
        dm_ts=ts,
    )


# A button can be pressed before the sweep has marked its DM sent.
_ANSWERABLE = (PromptState.SENDING.value, PromptState.SENT.value)


def answer_prompt(session: Session, prompt_id: int, answer: Answer, now: datetime) -> bool:
    """ "Not this time" or "never": the prompt is skipped, and "never" holds for its series
    from now on. True for the one answer that counted (a second click changes nothing)."""
    skipped = _move(
        session,
        [NotesPrompt.id == prompt_id, NotesPrompt.state.in_(_ANSWERABLE)],
        state=PromptState.SKIPPED.value,
        answered_at=now,
    )
    if skipped and answer is Answer.NEVER:
        key = series_key_of(session, prompt_id)
        if key is not None:
            by = session.scalar(select(NotesPrompt.user_id).where(NotesPrompt.id == prompt_id))
            never = after_answer(None, key, answer)
            save_series(session, never, by, now, only=("never", "set_by", "updated_at"))
    return skipped


def series_key_of(session: Session, prompt_id: int) -> str | None:
    """The series of a prompt's meeting (None once the meeting is no longer stored)."""
    return session.scalar(
        select(Meeting.series_key)
        .join(NotesPrompt, NotesPrompt.meeting_id == Meeting.id)
        .where(NotesPrompt.id == prompt_id)
    )


def claim_posting(
    session: Session, prompt_id: int, channel_id: str, now: datetime, draft: str | None = None
) -> bool:
    """Record that the prompt's notes (`draft`, kept until posted) are being posted in the
    channel; True for the one submission that did (a modal submitted twice posts once)."""
    return _move(
        session,
        [NotesPrompt.id == prompt_id, NotesPrompt.state.in_(_ANSWERABLE)],
        state=PromptState.POSTED.value,
        posted_channel_id=channel_id,
        answered_at=now,
        draft=draft,
    )


def add_actions(
    session: Session, prompt_id: int, drafts: Sequence[ActionDraft], now: datetime
) -> list[int]:
    """Record the posted notes' actions, in their order; their ids (for the Done buttons)."""
    rows = [
        NotesAction(
            prompt_id=prompt_id,
            owner_id=draft.owner_id,
            text=draft.text,
            due_on=draft.due_on,
            # Without a due date there is no day to remind on.
            reminder=(ReminderState.WAITING if draft.due_on else ReminderState.NOT_NEEDED).value,
            created_at=now,
        )
        for draft in drafts
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def set_posted_ts(session: Session, prompt_id: int, ts: str) -> bool:
    """Slack's ts of the posted notes, to update them when an action is done; False when the
    posting was released meanwhile (or its ts recorded already)."""
    return _move(
        session,
        [
            NotesPrompt.id == prompt_id,
            NotesPrompt.state == PromptState.POSTED.value,
            NotesPrompt.posted_ts.is_(None),
        ],
        posted_ts=ts,
        draft=None,
    )


def release_posting(session: Session, prompt_id: int) -> bool:
    """Slack refused the notes (a channel Kairos cannot post in): the claim and its actions
    go, so that the note-taker can post them again, elsewhere (their DM quotes the text)."""
    released = _move(
        session,
        [
            NotesPrompt.id == prompt_id,
            NotesPrompt.state == PromptState.POSTED.value,
            NotesPrompt.posted_ts.is_(None),
        ],
        state=PromptState.SENT.value,
        posted_channel_id=None,
        answered_at=None,
        draft=None,
    )
    if released:
        session.execute(delete(NotesAction).where(NotesAction.prompt_id == prompt_id))
    return released


def remember_channel(
    session: Session, series_key: str, channel_id: str, set_by: str, now: datetime
) -> None:
    """The channel a series' notes went to: offered again next time."""
    settings = SeriesNotes(series_key, channel_id=channel_id)
    save_series(session, settings, set_by, now, only=("channel_id", "set_by", "updated_at"))


# --- privacy -----------------------------------------------------------------------------------


def counts(session: Session, user_id: str) -> int:
    """How many notes rows forget-me deletes or strips of this person."""
    about = (
        (NotesAction, or_(NotesAction.owner_id == user_id, NotesAction.done_by == user_id)),
        (NotesPrompt, NotesPrompt.user_id == user_id),
        (
            NotesSeries,
            or_(
                NotesSeries.set_by == user_id,
                NotesSeries.fixed_user_id == user_id,
                NotesSeries.last_taker_id == user_id,
            ),
        ),
    )
    return sum(
        int(session.scalar(select(func.count()).select_from(model).where(where)) or 0)
        for model, where in about
    )


def forget(session: Session, user_id: str) -> None:
    """Delete the person's actions and unposted prompts; strip them from what stays for the
    channel (posted notes, done actions, series settings)."""
    session.execute(delete(NotesAction).where(NotesAction.owner_id == user_id))
    session.execute(update(NotesAction).where(NotesAction.done_by == user_id).values(done_by=None))
    mine = NotesPrompt.user_id == user_id
    session.execute(
        delete(NotesPrompt).where(
            mine,
            NotesPrompt.state != PromptState.POSTED.value,
            ~exists().where(NotesAction.prompt_id == NotesPrompt.id),
        )
    )
    session.execute(update(NotesPrompt).where(mine).values(user_id=None, draft=None))
    session.execute(update(NotesSeries).where(NotesSeries.set_by == user_id).values(set_by=None))
    session.execute(
        update(NotesSeries).where(NotesSeries.last_taker_id == user_id).values(last_taker_id=None)
    )
    # A note-taker forgotten: the series goes back to its organizer.
    session.execute(
        update(NotesSeries)
        .where(NotesSeries.fixed_user_id == user_id)
        .values(fixed_user_id=None, note_taker=NoteTaker.ORGANIZER.value)
    )
