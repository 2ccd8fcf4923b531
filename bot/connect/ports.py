"""What Connect needs from Slack, as the service sees it; gateway.py implements it.

Kept apart from service.py (as bot/ports.py is for the bot token), so the adapter and the
service depend on these small types and not on each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple, Protocol

from bot.connect.model import Status


class Grant(NamedTuple):
    """What Slack hands back for an OAuth code."""

    user_id: str
    token: str
    scopes: str


class ConnectError(Exception):
    """A Slack call with a user token failed; `error` is Slack's error code (or a cause)."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class TokenRevokedError(ConnectError):
    """Slack no longer accepts the person's token (revoked, expired, account gone)."""


class SlackCallError(ConnectError):
    """A call failed for now (a Slack error, an outage, rate limits beyond the retries)."""


class OAuthRefusedError(ConnectError):
    """Slack refused to exchange an OAuth code."""


class ConnectPort(Protocol):
    """The Slack calls made with a person's own token (bot/connect/gateway.py)."""

    def set_snooze(self, token: str, minutes: int) -> None:
        """Snooze the person's notifications for this many minutes from now."""
        ...

    def end_snooze(self, token: str) -> None:
        """End the person's snooze now (no snooze running is fine)."""
        ...

    def get_status(self, token: str) -> Status:
        """The person's custom status."""
        ...

    def set_status(self, token: str, text: str, emoji: str, expiration: datetime | None) -> None:
        """Set (or, with empty text and emoji, clear) the person's custom status."""
        ...

    def exchange_code(self, code: str, redirect_uri: str) -> Grant:
        """Trade an OAuth code for the person's user token."""
        ...

    def revoke_token(self, token: str) -> None:
        """Make the person's token useless at Slack (auth.revoke); one Slack no longer
        accepts counts as revoked."""
        ...
