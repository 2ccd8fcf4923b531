"""What norms needs from Slack beyond bot/ports.py's SlackPort; gateway.py implements it.

Kept in the domain, as Connect's are: only norms asks who created a channel and which
channels a person is in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ChannelFacts:
    """What conversations.info says about a channel that norms cares about."""

    creator: str | None
    is_member: bool  # whether Kairos is in it
    is_private: bool


class NormsSlack(Protocol):
    """Channel facts and memberships, from Slack."""

    def channel_facts(self, channel_id: str) -> ChannelFacts | None:
        """The channel as Slack describes it; None when Kairos cannot see it (a private
        channel it is not in, or no such channel)."""
        ...

    def member_channels(self, user_id: str) -> frozenset[str]:
        """The channels the person is in that Kairos can see (empty if Slack won't say)."""
        ...
