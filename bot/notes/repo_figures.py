"""The SQL of the weekly summary's notes figures: meetings that left notes, actions open and
done. Counts only, never who. Never commits."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.notes.model import PromptState
from bot.notes.tables import NotesAction, NotesPrompt

# A prompt still due or being sent has not asked anyone yet: not counted either way.
_ASKED = (PromptState.SENT, PromptState.POSTED, PromptState.SKIPPED)
_CHUNK = 500


@dataclass(frozen=True)
class NotesFigures:
    """Meetings whose notes were asked for, those that left notes, and actions."""

    asked: int = 0
    posted: int = 0
    actions_open: int = 0
    actions_done: int = 0


def _chunks(ids: Collection[int]) -> list[list[int]]:
    ordered = sorted(ids)
    return [ordered[i : i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


def notes_figures(
    session: Session,
    meeting_ids: Collection[int],
    owners: Collection[str],
    start: datetime,
    end: datetime,
) -> NotesFigures:
    """Of these meetings, how many were asked for notes and how many left them; of these
    people's actions, how many are open now and how many were done from start to end."""
    asked = posted = 0
    for chunk in _chunks(meeting_ids):
        rows = session.execute(
            select(NotesPrompt.state, func.count())
            .where(NotesPrompt.meeting_id.in_(chunk), NotesPrompt.state.in_(_ASKED))
            .group_by(NotesPrompt.state)
        )
        for state, n in rows:
            asked += int(n)
            posted += int(n) if state == PromptState.POSTED else 0
    if not owners:
        return NotesFigures(asked, posted)
    mine = NotesAction.owner_id.in_(sorted(owners))
    still_open = session.scalar(
        select(func.count()).select_from(NotesAction).where(mine, NotesAction.done_at.is_(None))
    )
    done = session.scalar(
        select(func.count())
        .select_from(NotesAction)
        .where(mine, NotesAction.done_at >= start, NotesAction.done_at < end)
    )
    return NotesFigures(asked, posted, int(still_open or 0), int(done or 0))
