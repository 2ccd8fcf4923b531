"""SlackPort on Slack's Web API (through SLACK_API_URL, with 429s waited out by the client)."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.ports import DmChannels, UnknownUser
from bot.slack.dms import DmOpener
from bot.slack.memo import Memo
from bot.slack.parse import calendar_file
from bot.slack.permalinks import Permalinks
from bot.slack.users import SlackUsers

EPHEMERAL_UNDELIVERABLE = frozenset(
    {"user_not_in_channel", "channel_not_found", "not_in_channel", "is_archived"}
)
SLACK_FILE_HOSTS = frozenset({"files.slack.com", "slack-files.com"})
# Slackbot is a member whose users.info says is_bot false; it cannot be sent a DM either.
SLACKBOT = "USLACKBOT"
# files.info errors that mean the file cannot be read, now or ever.
FILE_GONE = frozenset({"file_not_found", "file_deleted", "access_denied", "not_visible"})


class FileTooLargeError(Exception):
    """A shared file is larger than Kairos reads."""


# conversations.join errors that are about the channel, not about Kairos or Slack.
JOIN_IMPOSSIBLE = frozenset(
    {"is_archived", "channel_not_found", "method_not_supported_for_channel_type"}
)
log = logging.getLogger(__name__)

# Seconds between looks at a fresh upload that Slack is still processing (then posted anyway:
# a refused post is retried, and the summary drops its chart after two tries).
UPLOAD_READY_PAUSES = (0.5, 1.0, 2.0)
# How far back to look for a digest sent before a crash: it was sent minutes ago at most.
HISTORY_LOOKBACK = 50
# A page of a thread's replies (Slack suggests at most 200).
REPLIES_PAGE = 200
# The conversations a check-in may be proposed in (channels_to_propose).
PROPOSED_TYPES = "private_channel,public_channel"


# Who an @here or a group mention reaches, reused briefly: a busy channel would otherwise
# cost a paginated members call before the ack of every such message. A minute-old list
# at worst misses someone who joined within that minute.
MEMBERS_CACHE_SECONDS = 60.0


class SlackGateway:
    """The Web API calls the services need."""

    def __init__(self, client: WebClient, dm_channels: DmChannels | None = None) -> None:
        """`dm_channels` remembers DM channels across restarts; without it, memory only."""
        self._client = client
        self._users = SlackUsers(client)
        self._dms = DmOpener(client, dm_channels)
        self._links = Permalinks(client)
        self._channel_members: Memo[str, list[str]] = Memo(MEMBERS_CACHE_SECONDS)
        self._group_members: Memo[str, list[str]] = Memo(MEMBERS_CACHE_SECONDS)

    def user_timezone(self, user_id: str) -> str:
        """The IANA zone on the person's profile (UTC if Slack has none)."""
        return self._users.profile(user_id).tz

    def user_locale(self, user_id: str) -> str | None:
        """The locale on the person's profile ("nl-NL"), from the same users.info call as
        their zone; None if Slack has none."""
        return self._users.profile(user_id).locale

    def user_name(self, user_id: str) -> str:
        """The name Slack shows for the person ("" if Slack has no such user), from the same
        users.info call as their zone and locale."""
        try:
            return self._users.profile(user_id).name
        except UnknownUser:
            return ""

    def _dm_channel(self, user_id: str) -> str:
        return self._dms.channel(user_id)

    def open_dms_ahead(self, user_ids: Sequence[str]) -> int:
        """Open the DMs Kairos has none of yet (a few per call); how many were opened."""
        return self._dms.open_ahead(user_ids)

    def channel_members(self, channel_id: str) -> list[str]:
        """Every member of a conversation, across all pages."""

        def load() -> list[str]:
            members: list[str] = []
            for page in self._client.conversations_members(channel=channel_id, limit=1000):
                members.extend(page.get("members", []))
            return members

        return list(self._channel_members.get(channel_id, load))

    def known_channel_members(self, channel_id: str) -> list[str] | None:
        """The members channel_members read lately, or None: never calls Slack."""
        members = self._channel_members.peek(channel_id)
        return None if members is None else list(members)

    def usergroup_members(self, usergroup_id: str) -> list[str]:
        """Every member of a user group."""

        def load() -> list[str]:
            return list(self._client.usergroups_users_list(usergroup=usergroup_id).get("users", []))

        return list(self._group_members.get(usergroup_id, load))

    def download_file(self, url: str, max_bytes: int) -> bytes:
        """A shared file's content, fetched with the bot token from Slack's own hosts only."""
        host = httpx.URL(url).host
        api_host = httpx.URL(self._client.base_url).host
        # The bot token goes only to Slack (or to SLACK_API_URL's host, in tests).
        if (url.startswith("https://") and host in SLACK_FILE_HOSTS) or host == api_host:
            headers = {"Authorization": f"Bearer {self._client.token}"}
            with httpx.stream("GET", url, headers=headers, timeout=10.0) as response:
                response.raise_for_status()
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FileTooLargeError(url)
                return body
        raise ValueError(f"not a Slack file address: {host}")

    def calendar_file_url(self, file_id: str) -> str | None:
        """files.info for a file Slack sent only the id of; its address if it is a calendar."""
        try:
            file = self._client.files_info(file=file_id)["file"]
        except SlackApiError as error:
            if error.response.get("error") in FILE_GONE:
                log.info("shared file %s: %s", file_id, error.response.get("error"))
                return None
            raise
        found = calendar_file(file)
        return found[1] if found is not None else None

    def user_id_by_email(self, email: str) -> str | None:
        """users.lookupByEmail; None when nobody in the workspace has the address."""
        try:
            response = self._client.users_lookupByEmail(email=email)
        except SlackApiError as error:
            if error.response.get("error") == "users_not_found":
                return None
            raise
        user = response["user"]
        return None if user.get("deleted") or user.get("is_bot") else str(user["id"])

    def is_person(self, user_id: str) -> bool:
        """users.info: a member who is not a bot (Slackbot says is_bot false) nor deactivated."""
        try:
            user = self._users.info(user_id)
        except UnknownUser:
            return False
        return not (user.get("is_bot") or user.get("deleted") or user_id == SLACKBOT)

    def is_workspace_admin(self, user_id: str) -> bool:
        """Whether Slack calls the person an admin or owner (asked afresh: roles change)."""
        user = self._users.info(user_id)
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    def public_channels_to_join(self) -> list[str]:
        """Public, unarchived channels Kairos is not in yet, across all pages."""
        missing: list[str] = []
        for page in self._client.conversations_list(
            types="public_channel", exclude_archived=True, limit=200
        ):
            missing.extend(c["id"] for c in page.get("channels", []) if not c.get("is_member"))
        return missing

    def channels_to_propose(self, user_id: str) -> list[str]:
        """users.conversations, one page: a private channel is listed only when Kairos is in
        it too, which makes it the likeliest team channel; #general never is one."""
        found: list[dict[str, Any]] = self._client.users_conversations(
            user=user_id, types=PROPOSED_TYPES, exclude_archived=True, limit=200
        ).get("channels", [])
        private = [str(c["id"]) for c in found if c.get("is_private")]
        public = [str(c["id"]) for c in found if not (c.get("is_private") or c.get("is_general"))]
        return private + public

    def join_channel(self, channel_id: str) -> bool:
        """Join a public channel; False when it cannot be joined (archived, gone, private)."""
        try:
            self._client.conversations_join(channel=channel_id)
        except SlackApiError as error:
            if error.response.get("error") in JOIN_IMPOSSIBLE:
                log.info("cannot join %s: %s", channel_id, error.response.get("error"))
                return False
            raise
        return True

    def permalink(
        self, channel_id: str, message_ts: str, thread_ts: str | None = None
    ) -> str | None:
        """A link to the message, built from the workspace's address (slack/permalinks.py);
        asked of chat.getPermalink, None when Slack has none, if auth.test fails."""
        return self._links.link(channel_id, message_ts, thread_ts)

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

    def reply_in_thread(self, channel_id: str, thread_ts: str, text: str) -> str:
        """A message from Kairos in a message's thread."""
        response = self._client.chat_postMessage(
            channel=channel_id, thread_ts=thread_ts, text=text, unfurl_links=False
        )
        return str(response["ts"])

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

    def send_file_dm(
        self, user_id: str, filename: str, content: bytes, *, title: str, comment: str
    ) -> str:
        """files_upload_v2 into the DM: files.getUploadURLExternal, the bytes POSTed to the
        upload URL, files.completeUploadExternal shared to the DM's channel id (it takes
        conversation ids, so the DM is opened first)."""
        response = self._client.files_upload_v2(
            channel=self._dm_channel(user_id),
            filename=filename,
            content=content,
            title=title,
            initial_comment=comment,
        )
        return str(response["file"]["id"])

    def upload_image(self, filename: str, content: bytes, *, title: str, alt_text: str) -> str:
        """files_upload_v2 with no channel: the file stays unshared until a message's image
        block shows it. Slack finishes an upload asynchronously and refuses such a block
        (invalid_blocks) until then, so the file is read back until it has a type."""
        response = self._client.files_upload_v2(
            filename=filename, content=content, title=title, alt_txt=alt_text
        )
        file_id = str(response["file"]["id"])
        for pause in UPLOAD_READY_PAUSES:
            if self._client.files_info(file=file_id)["file"].get("mimetype"):
                break
            time.sleep(pause)
        return file_id

    def find_own_dm(self, user_id: str, event_type: str, key: str, value: object) -> str | None:
        """The ts of a recent DM from Kairos whose metadata payload has key == value."""
        return self.find_own_message(self._dm_channel(user_id), event_type, key, value)

    def post_message(
        self,
        channel_id: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]],
        metadata: Mapping[str, Any] | None = None,
        thread_ts: str | None = None,
    ) -> str:
        """A message from Kairos in a channel (or a thread in it); returns its ts."""
        response = self._client.chat_postMessage(
            channel=channel_id,
            text=text,
            blocks=[dict(b) for b in blocks],
            metadata=dict(metadata) if metadata else None,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    def can_post_in(self, channel_id: str) -> bool:
        """Whether Kairos is in the channel, joining it first if it is public."""
        try:
            channel = self._client.conversations_info(channel=channel_id)["channel"]
        except SlackApiError as error:
            if error.response.get("error") == "channel_not_found":
                return False  # a private channel Kairos is not in looks like this
            raise
        if channel.get("is_member"):
            return True
        if channel.get("is_private") or channel.get("is_im") or channel.get("is_mpim"):
            return False
        return self.join_channel(channel_id)

    def update_message(
        self,
        channel_id: str,
        ts: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]],
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        """chat.update: the message's text and blocks replaced (its metadata too, if given)."""
        self._client.chat_update(
            channel=channel_id,
            ts=ts,
            text=text,
            blocks=[dict(b) for b in blocks],
            metadata=dict(metadata) if metadata else None,
        )

    def message_blocks(self, channel_id: str, ts: str) -> list[dict[str, Any]] | None:
        """conversations.history narrowed to the one message at ts: its blocks."""
        history = self._client.conversations_history(
            channel=channel_id, latest=ts, oldest=ts, inclusive=True, limit=1
        )
        messages: list[dict[str, Any]] = history.get("messages", [])
        found = next((m for m in messages if m.get("ts") == ts), None)
        return None if found is None else list(found.get("blocks") or [])

    def find_own_message(
        self, channel_id: str, event_type: str, key: str, value: object
    ) -> str | None:
        """The ts of a recent message from Kairos here whose metadata has payload[key] == value."""
        history = self._client.conversations_history(
            channel=channel_id, limit=HISTORY_LOOKBACK, include_all_metadata=True
        )
        messages: list[dict[str, Any]] = history.get("messages", [])
        return _with_metadata(messages, event_type, key, value)

    def find_own_reply(
        self, channel_id: str, thread_ts: str, event_type: str, key: str, value: object
    ) -> str | None:
        """conversations.replies, every page (a thread is bounded: a check-in's answers and
        what people wrote): the ts of Kairos's reply whose metadata has payload[key] == value."""
        try:
            for page in self._client.conversations_replies(
                channel=channel_id, ts=thread_ts, limit=REPLIES_PAGE, include_all_metadata=True
            ):
                found = _with_metadata(page.get("messages", []), event_type, key, value)
                if found is not None:
                    return found
        except SlackApiError as error:
            if error.response.get("error") != "thread_not_found":
                raise
            # The thread's parent was deleted: nothing of Kairos's can be found under it.
        return None


def _with_metadata(
    messages: list[dict[str, Any]], event_type: str, key: str, value: object
) -> str | None:
    """The ts of the first message whose metadata is of event_type with payload[key] == value."""
    for message in messages:
        metadata = message.get("metadata") or {}
        if metadata.get("event_type") == event_type and (
            (metadata.get("event_payload") or {}).get(key) == value
        ):
            return str(message["ts"])
    return None
