"""SlackPort on Slack's Web API (through SLACK_API_URL, with 429s waited out by the client)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

EPHEMERAL_UNDELIVERABLE = frozenset(
    {"user_not_in_channel", "channel_not_found", "not_in_channel", "is_archived"}
)
log = logging.getLogger(__name__)

# How far back to look for a digest sent before a crash: it was sent minutes ago at most.
HISTORY_LOOKBACK = 50


# Time zones change rarely (travel); an hour-old answer saves a users.info call per note.
TZ_CACHE_SECONDS = 3600


class SlackGateway:
    """The Web API calls the services need."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        self._zones: dict[str, tuple[float, str]] = {}
        self._cache_lock = threading.Lock()
        self._dms: dict[str, str] = {}

    def user_timezone(self, user_id: str) -> str:
        """The IANA zone on the person's profile (UTC if Slack has none)."""
        with self._cache_lock:
            cached = self._zones.get(user_id)
        if cached is not None and time.monotonic() - cached[0] < TZ_CACHE_SECONDS:
            return cached[1]
        user = self._client.users_info(user=user_id)["user"]
        zone = str(user.get("tz") or "UTC")
        with self._cache_lock:
            self._zones[user_id] = (time.monotonic(), zone)
        return zone

    def _dm_channel(self, user_id: str) -> str:
        """Kairos's DM conversation with a person; it never changes, so it is asked once."""
        with self._cache_lock:
            known = self._dms.get(user_id)
        if known is not None:
            return known
        channel = str(self._client.conversations_open(users=user_id)["channel"]["id"])
        with self._cache_lock:
            self._dms[user_id] = channel
        return channel

    def channel_members(self, channel_id: str) -> list[str]:
        """Every member of a conversation, across all pages."""
        members: list[str] = []
        for page in self._client.conversations_members(channel=channel_id, limit=1000):
            members.extend(page.get("members", []))
        return members

    def usergroup_members(self, usergroup_id: str) -> list[str]:
        """Every member of a user group."""
        response = self._client.usergroups_users_list(usergroup=usergroup_id)
        return list(response.get("users", []))

    def permalink(self, channel_id: str, message_ts: str) -> str | None:
        """A link to the message, or None when Slack has none (deleted, no access)."""
        try:
            response = self._client.chat_getPermalink(channel=channel_id, message_ts=message_ts)
        except SlackApiError as error:
            if error.response.get("error") in ("message_not_found", "channel_not_found"):
                return None
            raise
        return str(response["permalink"])

    def post_ephemeral(
        self,
        channel_id: str,
        user_id: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]],
        thread_ts: str | None = None,
    ) -> None:
        """A message only one person in the conversation sees.

        Ephemeral notes are courtesies: where Slack cannot show one (the person left, the
        conversation is archived or is a DM Kairos is not part of), it is skipped.
        """
        try:
            self._client.chat_postEphemeral(
                channel=channel_id,
                user=user_id,
                text=text,
                blocks=[dict(b) for b in blocks],
                thread_ts=thread_ts,
            )
        except SlackApiError as error:
            if error.response.get("error") not in EPHEMERAL_UNDELIVERABLE:
                raise
            log.info("no note for %s in %s: %s", user_id, channel_id, error.response.get("error"))

    def send_dm(
        self,
        user_id: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]],
        metadata: Mapping[str, Any] | None = None,
    ) -> tuple[str, str]:
        """A DM from Kairos in its conversation with the person."""
        channel = self._dm_channel(user_id)
        response = self._client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=[dict(b) for b in blocks],
            metadata=dict(metadata) if metadata else None,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["channel"]), str(response["ts"])

    def find_own_dm(self, user_id: str, event_type: str, key: str, value: object) -> str | None:
        """The ts of a recent DM from Kairos whose metadata payload has key == value."""
        channel = self._dm_channel(user_id)
        history = self._client.conversations_history(
            channel=channel, limit=HISTORY_LOOKBACK, include_all_metadata=True
        )
        messages: list[dict[str, Any]] = history.get("messages", [])
        for message in messages:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == event_type and (
                (metadata.get("event_payload") or {}).get(key) == value
            ):
                return str(message["ts"])
        return None
