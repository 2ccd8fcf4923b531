"""The workspace settings Kairos keeps, and when the channel-joining pass is due (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

JOIN_ALL = "join_public_channels"
# When a full pass last found nothing left to join; a day later the sweep looks again, for
# channels created while Kairos was down (no channel_created event reaches a stopped app).
CHECKED_AT = "join_public_channels_checked_at"
RECHECK_AFTER = timedelta(days=1)
# When a channel that failed to join (a Slack error, not "archived") is due to be tried again.
RETRY_AT = "join_public_channels_retry_at"

ON, OFF = "on", "off"


class ChannelsMode(StrEnum):
    """What `/kairos channels …` asks for."""

    SHOW = "show"
    ALL = "all"
    INVITED = "invited"


@dataclass(frozen=True)
class ChannelsAnswer:
    """The reply to `/kairos channels …`."""

    text: str
    changed: bool


def pass_due(checked_at: str | None, retry_at: str | None, now: datetime) -> bool:
    """Whether the sweep should list the public channels again, from the stored marks."""
    if not checked_at:
        return True
    try:
        if retry_at and datetime.fromisoformat(retry_at) <= now:
            return True
        return now - datetime.fromisoformat(checked_at) >= RECHECK_AFTER
    except ValueError:
        return True  # unreadable: a pass costs little
