"""What focus needs from Connect, as its use cases see it; bot/connect/service.py's
ConnectLink implements it.

A protocol rather than an import: Connect reads focus schedules (connect/focus_sync.py
imports focus), so focus importing Connect's service would close a cycle.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session


class ConnectHook(Protocol):
    """Connect, told of focus changes inside the focus use case's own transaction."""

    @property
    def configured(self) -> bool:
        """Whether people can connect at all (OAuth is set up)."""
        ...

    def touch(self, session: Session, user_id: str, now: datetime) -> None:
        """The person's focus schedule changed: the sweep looks at them on its next run."""
        ...

    def end_snooze_for_urgent(self, session: Session, user_id: str, now: datetime) -> None:
        """An urgent mention: end the person's snooze, so Slack notifies them of the DM."""
        ...

    def is_connected(self, session: Session, user_id: str) -> bool:
        """Whether Kairos can pause this person's notifications."""
        ...

    def authorize_url(self, user_id: str, now: datetime) -> str | None:
        """Slack's consent page for this person; None when Connect is not configured."""
        ...
