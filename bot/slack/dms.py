"""Kairos's DM conversation with each person: opened once, then remembered.

conversations.open is a Tier 3 method (about 50 calls a minute). A digest is a DM, and at a
big team's 09:00 thousands are due at once, so the channel of each DM is kept in memory and,
given a store, in the database too: a restart or another replica then asks Slack nothing.
When a mention is held for someone, their DM is opened ahead, hours before their digest.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk import WebClient

from bot.ports import DmChannels
from bot.slack.memo import Memo

# Opened ahead per held message at most: a broadcast can hold a message for a whole
# channel, and opening hundreds of DMs at once would use up the Tier 3 budget (some 50 a
# minute) that urgent DMs share, and keep a background thread waiting on it. The rest are
# opened by later messages, or by the digest itself; each is opened once, then remembered.
AHEAD_PER_CALL = 10


class DmOpener:
    """The DM channel of each person: from memory, else from the store, else from Slack."""

    def __init__(self, client: WebClient, store: DmChannels | None = None) -> None:
        self._client = client
        self._store = store
        # Kairos's DM conversation with a person never changes.
        self._memo: Memo[str, str] = Memo(None)

    def channel(self, user_id: str) -> str:
        """The DM's channel id, opened (and remembered) if Kairos has none yet."""

        def load() -> str:
            stored = self._store.get(user_id) if self._store is not None else None
            return stored if stored is not None else self._open(user_id)

        return self._memo.get(user_id, load)

    def open_ahead(self, user_ids: Sequence[str]) -> int:
        """Open the DMs of those not known yet (AHEAD_PER_CALL at most); how many were opened.

        Memory first: when everyone is known, neither the database nor Slack is asked.
        """
        unknown = [u for u in dict.fromkeys(user_ids) if self._memo.peek(u) is None]
        if not unknown:
            return 0
        stored = self._store.known(unknown) if self._store is not None else {}
        for user_id, channel_id in stored.items():
            self._memo.put(user_id, channel_id)
        missing = [u for u in unknown if u not in stored][:AHEAD_PER_CALL]
        for user_id in missing:
            self._memo.put(user_id, self._open(user_id))
        return len(missing)

    def _open(self, user_id: str) -> str:
        channel_id = str(self._client.conversations_open(users=user_id)["channel"]["id"])
        if self._store is not None:
            self._store.remember(user_id, channel_id)
        return channel_id
