"""What "Read after focus" answers, seen only by the person who chose it (pure)."""

from __future__ import annotations

from datetime import datetime

from bot.digest.saved import Saved
from bot.focus.text import format_when


def saved_text(saved: Saved, now: datetime) -> str:
    """The ephemeral confirmation: saved, and when it will be in a digest."""
    if saved.already:
        return "That message is already waiting for your next digest. Nothing else to do."
    if saved.due is None:
        return "Saved for later: it will be in your next digest, when you are back."
    when = format_when(saved.due, saved.tz, now)
    if saved.away_now:
        return f"Saved for later: it will be in your digest at {when}, when you are free again."
    return (
        f"Saved for later: it will be in your next digest, after your next focus, and at "
        f"{when} at the latest."
    )
