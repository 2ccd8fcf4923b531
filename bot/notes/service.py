"""Meeting notes as the note-taker and action owners see them: the notes modal, recording the
notes a note-taker submits, "not this time" and "never", the series' note-taker, and Done.

Everything here is fast and touches the database only (no Slack call before the ack). What
goes to Slack afterwards (posting the notes, updating them after Done) and the sweep are in
bot/notes/service_post.py and bot/notes/service_sweep.py, re-exported here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.i18n import _
from bot.meetings.tables import Meeting
from bot.notes import repo, repo_actions
from bot.notes.messages import meeting_title
from bot.notes.modal import notes_errors, notes_modal, parse_notes
from bot.notes.model import (
    SUMMARY,
    Answer,
    NotesInputError,
    NoteTaker,
    PromptState,
    SeriesNotes,
    notes_json,
)
from bot.notes.service_post import post_notes, update_posted
from bot.notes.service_sweep import run_notes
from bot.notes.tables import NotesPrompt
from bot.notes.taker_messages import TakerChoice

__all__ = [
    "Recorded",
    "Refused",
    "answer_prompt",
    "mark_done",
    "notes_modal_for",
    "post_notes",
    "record_notes",
    "run_notes",
    "set_note_taker",
    "update_posted",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    """Notes accepted (or the same notes of a modal submitted twice): posting follows.
    `fresh` is False for the second submission, whose notes the first one posts."""

    prompt_id: int
    channel_id: str
    fresh: bool = field(default=True, compare=False)


@dataclass(frozen=True)
class Refused:
    """Notes that cannot be posted: block_id -> message, for response_action "errors"."""

    errors: dict[str, str]


def _meeting(session: Session, found: NotesPrompt) -> Meeting | None:
    return None if found.meeting_id is None else session.get(Meeting, found.meeting_id)


def _title(meeting: Meeting | None) -> str:
    return meeting.title if meeting is not None else ""


def _gone() -> str:
    return _("I can't find that notes request any more: nothing was changed.")


def _not_yours() -> str:
    return _("That notes request was for someone else: nothing was changed.")


def _own_prompt(session: Session, user_id: str, prompt_id: int) -> NotesPrompt | str:
    """The prompt if it asked this person for notes, else why not."""
    found = repo.prompt(session, prompt_id)
    if found is None:
        return _gone()
    return found if found.user_id == user_id else _not_yours()


def _closed(found: NotesPrompt, meeting: Meeting | None) -> str | None:
    """Why the prompt takes no notes any more, or None while it does."""
    title = meeting_title(_title(meeting))
    if found.state == PromptState.POSTED:
        return _("The notes of *{meeting}* are posted already.", meeting=title)
    if found.state == PromptState.SKIPPED:
        return _("You answered this one already: no notes of *{meeting}*.", meeting=title)
    return None


def notes_modal_for(
    uow: UnitOfWork, user_id: str, prompt_id: int, now: datetime
) -> dict[str, Any] | str:
    """The notes modal for this prompt, or a kind refusal to show instead. The meeting's
    organizer also chooses there who takes the series' notes from the next meeting on."""
    del now  # the modal is the same at any time; kept for the listeners' one signature
    with uow() as session:
        found = _own_prompt(session, user_id, prompt_id)
        if isinstance(found, str):
            return found
        meeting = _meeting(session, found)
        closed = _closed(found, meeting)
        if closed is not None:
            return closed
        series = repo.series(session, meeting.series_key) if meeting is not None else None
        taker = None
        if meeting is not None and meeting.organizer_id == user_id:
            current = series or SeriesNotes(meeting.series_key)
            taker = TakerChoice(meeting.series_key, current.note_taker, current.fixed_user_id)
        channel = series.channel_id if series is not None else None
        return notes_modal(prompt_id, _title(meeting), channel, taker=taker)


def record_notes(
    uow: UnitOfWork,
    user_id: str,
    prompt_id: int,
    view_state: Mapping[str, Any],
    now: datetime,
    *,
    today: date,
) -> Recorded | Refused:
    """Check and record the submitted notes and their actions once; the series remembers
    the channel. `today` is the date a due date may not be before."""
    try:
        notes = parse_notes(view_state, today=today)
    except NotesInputError as error:
        return Refused(notes_errors(error))
    with uow() as session:
        found = _own_prompt(session, user_id, prompt_id)
        if isinstance(found, str):
            return Refused({SUMMARY: found})
        if found.state == PromptState.POSTED and found.posted_channel_id is not None:
            # The same modal submitted twice: the first one's notes stand, nothing doubles.
            return Recorded(prompt_id, found.posted_channel_id, fresh=False)
        meeting = _meeting(session, found)
        closed = _closed(found, meeting)
        claimed = closed is None and repo.claim_posting(
            session, prompt_id, notes.channel_id, now, draft=notes_json(notes)
        )
        if not claimed:
            return Refused({SUMMARY: closed or _gone()})
        ids = repo.add_actions(session, prompt_id, notes.actions, now)
        if meeting is not None:
            repo.remember_channel(session, meeting.series_key, notes.channel_id, user_id, now)
    log.info("notes %s recorded with %d action(s)", prompt_id, len(ids))
    return Recorded(prompt_id, notes.channel_id)


def answer_prompt(
    uow: UnitOfWork, user_id: str, prompt_id: int, answer: Answer, now: datetime
) -> str:
    """ "Not this time" or "never for this meeting": the reply text."""
    with uow() as session:
        found = _own_prompt(session, user_id, prompt_id)
        if isinstance(found, str):
            return found
        meeting = _meeting(session, found)
        title = meeting_title(_title(meeting))
        closed = _closed(found, meeting)
        if closed is not None or not repo.answer_prompt(session, prompt_id, answer, now):
            return closed or _gone()
    if answer is Answer.NEVER:
        return _("Got it: I won't ask for notes of *{meeting}* again.", meeting=title)
    return _("Got it: no notes of *{meeting}* this time.", meeting=title)


def set_note_taker(  # noqa: PLR0917 - the signature the listeners call
    uow: UnitOfWork,
    user_id: str,
    series_key: str,
    taker: NoteTaker,
    fixed_user_id: str | None,
    now: datetime,
) -> str:
    """Choose who is asked for a series' notes (its organizer only); the reply text."""
    if taker is NoteTaker.FIXED and not fixed_user_id:
        return _("Pick the person who takes the notes.")
    with uow() as session:
        organizers = repo_actions.series_organizers(session, series_key)
        if user_id not in organizers:
            return _("Only the organizer of this meeting can choose who takes its notes.")
        fixed = fixed_user_id if taker is NoteTaker.FIXED else None
        chosen = SeriesNotes(series_key, note_taker=taker, fixed_user_id=fixed)
        repo.save_series(
            session,
            chosen,
            user_id,
            now,
            only=("note_taker", "fixed_user_id", "set_by", "updated_at"),
        )
    if taker is NoteTaker.FIXED and fixed is not None:
        return _("From the next meeting on, I ask <@{person}> for the notes.", person=fixed)
    if taker is NoteTaker.ROTATING:
        return _("From the next meeting on, I ask the attendees for the notes in turn.")
    return _("From the next meeting on, I ask you for the notes.")


def mark_done(uow: UnitOfWork, user_id: str, action_id: int, now: datetime) -> str | None:
    """Mark an action done (its owner or the meeting's organizer); None when it is done and
    the posted notes are to be updated (update_posted), else the reply text."""
    with uow() as session:
        item = repo_actions.action(session, action_id)
        if item is None:
            return _("I can't find that action any more: it may have been cleared away.")
        if user_id != item.owner_id and user_id not in repo_actions.organizers_of(
            session, action_id
        ):
            return _("Only the owner of this action (or the meeting's organizer) can mark it done.")
        if item.done or not repo_actions.mark_done(session, action_id, user_id, now):
            return _("That action was marked done already.")
    return None
