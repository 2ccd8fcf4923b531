"""What "Read after focus" answers, seen only by the person who chose it (pure)."""

from __future__ import annotations

from datetime import datetime

from bot.digest.saved import Saved
from bot.focus.text import format_when
from bot.i18n import _


def saved_text(saved: Saved, now: datetime) -> str:
    """The ephemeral confirmation: saved, and when it will be in a digest."""
    if saved.already:
        return _("That message is already waiting for your next digest. Nothing else to do.")
    if saved.due is None:
        return _("Saved for later: it will be in your next digest, when you are back.")
    when = format_when(saved.due, saved.tz, now)
    if saved.away_now:
        # TRANSLATORS: {when} is a time such as "11:30", "tomorrow 09:00" or "Tue 09:00".
        return _(
            "Saved for later: it will be in your digest at {when}, when you are free again.",
            when=when,
        )
    # TRANSLATORS: {when} is a time such as "11:30", "tomorrow 09:00" or "Tue 09:00".
    return _(
        "Saved for later: it will be in your next digest, after your next focus, and at "
        "{when} at the latest.",
        when=when,
    )
