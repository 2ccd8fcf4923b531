"""The outside world as the services see it: small protocols the composition root fills in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from bot.errors import KairosUserError
from bot.i18n import _


class UnknownUser(KairosUserError):  # noqa: N818 - reads better at call sites
    """Slack does not know the person (users.info answers user_not_found): a refusal."""

    def __init__(self) -> None:
        super().__init__(
            _("Slack couldn't tell me who you are, so I couldn't do that. Nothing was changed.")
        )


class SlackPort(Protocol):
    """What services need from Slack; bot/slack/gateway.py implements it with the Web API."""

    def user_timezone(self, user_id: str) -> str:
        """The IANA zone on the person's Slack profile; UnknownUser if Slack has no such user."""
        ...

    def user_locale(self, user_id: str) -> str | None:
        """The locale on the person's Slack profile ("nl-NL"), or None if Slack has none;
        asked with the zone (no second call); UnknownUser if Slack has no such user."""
        ...

    def user_name(self, user_id: str) -> str:
        """The name Slack shows for the person ("" if Slack has no such user)."""
        ...

    def channel_members(self, channel_id: str) -> list[str]:
        """Every member of a conversation (all pages)."""
        ...

    def known_channel_members(self, channel_id: str) -> list[str] | None:
        """The members this process read lately (channel_members), or None when it knows
        none: answered from memory, never by calling Slack (the ack cannot wait for it)."""
        ...

    def usergroup_members(self, usergroup_id: str) -> list[str]:
        """Every member of a user group."""
        ...

    def download_file(self, url: str, max_bytes: int) -> bytes:
        """A file shared in Slack, downloaded with the bot token (at most max_bytes)."""
        ...

    def calendar_file_url(self, file_id: str) -> str | None:
        """Where to download a shared file, if it is a calendar (.ics) Slack still has."""
        ...

    def user_id_by_email(self, email: str) -> str | None:
        """The Slack user with this email address, or None if there is none."""
        ...

    def is_workspace_admin(self, user_id: str) -> bool:
        """Whether the person is a workspace admin or owner on Slack; UnknownUser if Slack
        has no such user."""
        ...

    def public_channels_to_join(self) -> list[str]:
        """Public, unarchived channels Kairos is not a member of."""
        ...

    def join_channel(self, channel_id: str) -> bool:
        """Join a public channel; False when that channel cannot be joined."""
        ...

    def channels_to_propose(self, user_id: str) -> list[str]:
        """A person's channels a post for their team could go to, best first: private ones
        Kairos shares with them, then public ones other than the workspace's general one."""
        ...

    def permalink(
        self, channel_id: str, message_ts: str, thread_ts: str | None = None
    ) -> str | None:
        """A link to a message (`thread_ts`: the thread it replies in, if the caller knows),
        or None if Slack will not give one (deleted, no access)."""
        ...

    def post_ephemeral(
        self,
        channel_id: str,
        user_id: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]],
        thread_ts: str | None = None,
    ) -> None:
        """A message only one person in the conversation sees."""
        ...

    def reply_in_thread(self, channel_id: str, thread_ts: str, text: str) -> str:
        """A message from Kairos in a message's thread; returns its ts."""
        ...

    def is_person(self, user_id: str) -> bool:
        """Whether the id is a person Kairos can DM: not a bot, not deactivated, known."""
        ...

    def send_dm(
        self,
        user_id: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]],
        metadata: Mapping[str, Any] | None = None,
    ) -> tuple[str, str]:
        """A DM from Kairos; returns (channel id, message ts)."""
        ...

    def send_file_dm(
        self, user_id: str, filename: str, content: bytes, *, title: str, comment: str
    ) -> str:
        """A file in Kairos's DM with the person, with a comment; returns the file's id."""
        ...

    def open_dms_ahead(self, user_ids: Sequence[str]) -> int:
        """Open Kairos's DM with those of these people it has none with yet (a few per call),
        so that their digest later asks Slack for nothing; how many were opened."""
        ...

    def upload_image(self, filename: str, content: bytes, *, title: str, alt_text: str) -> str:
        """An image uploaded but shared nowhere, for a message's image block; its file id."""
        ...

    def post_message(
        self,
        channel_id: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]],
        metadata: Mapping[str, Any] | None = None,
        thread_ts: str | None = None,
    ) -> str:
        """A message from Kairos in a channel (or a thread in it); returns its ts."""
        ...

    def can_post_in(self, channel_id: str) -> bool:
        """Whether Kairos is in the channel, joining it first if it is public."""
        ...

    def update_message(
        self,
        channel_id: str,
        ts: str,
        text: str,
        blocks: Sequence[Mapping[str, Any]],
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        """Replace the text and blocks of a message Kairos sent (chat.update)."""
        ...

    def message_blocks(self, channel_id: str, ts: str) -> list[dict[str, Any]] | None:
        """The blocks of one message in a conversation's history (None: it is gone)."""
        ...

    def find_own_message(
        self, channel_id: str, event_type: str, key: str, value: object
    ) -> str | None:
        """The ts of a recent message from Kairos here whose metadata has payload[key] == value."""
        ...

    def find_own_dm(self, user_id: str, event_type: str, key: str, value: object) -> str | None:
        """The ts of a recent DM Kairos sent whose metadata has payload[key] == value."""
        ...

    def find_own_reply(
        self, channel_id: str, thread_ts: str, event_type: str, key: str, value: object
    ) -> str | None:
        """The ts of a reply from Kairos in this thread whose metadata has payload[key] ==
        value (history does not list replies: find_own_message cannot see them)."""
        ...


class DmChannels(Protocol):
    """Kairos's DM conversation with each person, remembered across restarts and replicas
    (bot/workspace/dm_channels.py keeps it in the database). Each call is its own short unit
    of work, and none raises: what it cannot read or write is asked of Slack again."""

    def get(self, user_id: str) -> str | None:
        """The DM's channel id, or None when none is remembered."""
        ...

    def known(self, user_ids: Sequence[str]) -> dict[str, str]:
        """The remembered DM channel ids of those of these people who have one."""
        ...

    def remember(self, user_id: str, channel_id: str) -> None:
        """Keep the DM's channel id, if this store keeps one for the person (the database's
        does for people Kairos keeps a schedule for); a second remember changes nothing."""
        ...
