"""Links to Slack messages, built from the workspace's address instead of asked for.

chat.getPermalink answers with a link of a fixed shape: the workspace's address (auth.test's
`url`), `archives/<channel>/p<ts without its dot>`, and for a reply in a thread
`?thread_ts=<the thread's ts>&cid=<channel>`. A digest needs one link per mention, so at a big
team's 09:00 asking would cost thousands of calls against Slack's rate limits; building them
costs one auth.test per process.

A built link does not know whether the message still exists: a deleted message gets a link
that no longer opens. That is acceptable because a deleted message is dropped from the
digests it waited for (focus/incoming.py: message_deleted) before any link to it is shown.
"""

from __future__ import annotations

import logging
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.memo import Memo

log = logging.getLogger(__name__)

# A message's ts as Slack writes it: seconds, a dot, a sequence number.
MESSAGE_TS = re.compile(r"\d+\.\d+")
# getPermalink's errors that mean there is no message to link to.
NO_MESSAGE = frozenset({"message_not_found", "channel_not_found"})


def message_link(
    workspace_url: str, channel_id: str, message_ts: str, thread_ts: str | None = None
) -> str:
    """The link chat.getPermalink would give for this message (pure)."""
    link = f"{workspace_url.rstrip('/')}/archives/{channel_id}/p{message_ts.replace('.', '')}"
    # A thread's parent carries thread_ts == ts; Slack links it as a top-level message.
    if thread_ts and thread_ts != message_ts:
        link += f"?thread_ts={thread_ts}&cid={channel_id}"
    return link


class Permalinks:
    """Message links for one workspace: built once its address is known, else asked for."""

    def __init__(self, client: WebClient) -> None:
        self._client = client
        # The workspace's address does not change while Kairos runs; a failure is not kept.
        self._workspace: Memo[str, str] = Memo(None)

    def link(self, channel_id: str, message_ts: str, thread_ts: str | None = None) -> str | None:
        """A link to the message; asked of chat.getPermalink only when it cannot be built."""
        workspace = self._workspace_url() if MESSAGE_TS.fullmatch(message_ts) else None
        if workspace is not None:
            return message_link(workspace, channel_id, message_ts, thread_ts)
        return self._asked(channel_id, message_ts)

    def _workspace_url(self) -> str | None:
        try:
            return self._workspace.get("url", self._auth_url)
        except (SlackClientError, OSError, KeyError, ValueError) as error:
            log.warning("auth.test gave no workspace address (%s); asking for the link", error)
            return None

    def _auth_url(self) -> str:
        url = str(self._client.auth_test()["url"])
        if not url.startswith("https://"):
            raise ValueError(f"not a workspace address: {url!r}")
        return url

    def _asked(self, channel_id: str, message_ts: str) -> str | None:
        try:
            response = self._client.chat_getPermalink(channel=channel_id, message_ts=message_ts)
        except SlackApiError as error:
            if error.response.get("error") in NO_MESSAGE:
                return None
            raise
        return str(response["permalink"])
