"""NormsSlack on Slack's Web API, with the bot token."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.norms.ports import ChannelFacts

log = logging.getLogger(__name__)

# Home tabs are opened often and memberships change rarely: a few minutes' old list at worst
# leaves out a channel joined meanwhile, and spares a paginated call per opening.
MEMBERSHIP_MAX_AGE = timedelta(minutes=5)
CHANNEL_TYPES = "public_channel,private_channel"


class NormsGateway:
    """conversations.info and users.conversations, for norms."""

    def __init__(self, client: WebClient, clock: Clock) -> None:
        self._client = client
        self._clock = clock
        self._memberships: dict[str, tuple[datetime, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def channel_facts(self, channel_id: str) -> ChannelFacts | None:
        """The channel's creator, and whether Kairos is in it and it is private."""
        try:
            channel = self._client.conversations_info(channel=channel_id)["channel"]
        except SlackApiError as error:
            if error.response.get("error") == "channel_not_found":
                return None  # a private channel Kairos is not in looks like this
            raise
        if channel.get("is_im") or channel.get("is_mpim"):
            return None
        creator = channel.get("creator")
        return ChannelFacts(
            creator=creator if isinstance(creator, str) and creator else None,
            is_member=bool(channel.get("is_member")),
            is_private=bool(channel.get("is_private")),
        )

    def member_channels(self, user_id: str) -> frozenset[str]:
        """users.conversations for the person, every page, kept a few minutes."""
        now = self._clock.now()
        with self._lock:
            kept = self._memberships.get(user_id)
        if kept is not None and now - kept[0] < MEMBERSHIP_MAX_AGE:
            return kept[1]
        try:
            found = self._load(user_id)
        except SlackApiError as error:
            # The Home tab's norms are a courtesy: the rest of the tab must still render.
            # Not kept, so the next opening asks again.
            log.warning("no channels for %s: %s", user_id, error.response.get("error"))
            return frozenset()
        with self._lock:
            self._memberships[user_id] = (now, found)
        return found

    def _load(self, user_id: str) -> frozenset[str]:
        found: set[str] = set()
        for page in self._client.users_conversations(
            user=user_id, types=CHANNEL_TYPES, exclude_archived=True, limit=200
        ):
            found.update(str(c["id"]) for c in page.get("channels", []))
        return frozenset(found)
