"""What only the notes sweep asks of the prompts: notes whose post was lost (and the text
kept for them), and prompts not to send after all. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.inserts import rows_changed
from bot.notes.model import PromptState
from bot.notes.tables import NotesPrompt


def unposted(session: Session, claimed_before: datetime, limit: int) -> list[int]:
    """Notes claimed for posting before `claimed_before` and not in the channel yet."""
    return list(
        session.scalars(
            select(NotesPrompt.id)
            .where(
                NotesPrompt.state == PromptState.POSTED.value,
                NotesPrompt.posted_ts.is_(None),
                NotesPrompt.answered_at < claimed_before,
            )
            .order_by(NotesPrompt.id)
            .limit(limit)
        )
    )


def kept_draft(session: Session, prompt_id: int) -> str | None:
    """The notes kept for a prompt claimed for posting and not posted yet (JSON)."""
    return session.scalar(
        select(NotesPrompt.draft).where(
            NotesPrompt.id == prompt_id,
            NotesPrompt.state == PromptState.POSTED.value,
            NotesPrompt.posted_ts.is_(None),
        )
    )


def skip_unsent(session: Session, prompt_id: int, now: datetime) -> bool:
    """A prompt not to send after all (stale, or to someone Slack no longer knows)."""
    unsent = (PromptState.DUE.value, PromptState.SENDING.value)
    skipped = session.execute(
        update(NotesPrompt)
        .where(NotesPrompt.id == prompt_id, NotesPrompt.state.in_(unsent))
        .values(state=PromptState.SKIPPED.value, answered_at=now)
    )
    return rows_changed(skipped) == 1
