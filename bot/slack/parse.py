"""Turning what Slack sends into typed values (pure).

Every parser takes any shape: a payload that is not what Slack documents (a key missing, a
string where an object belongs, an id that is not an id) gives None, never an exception, so
a listener answers it without a traceback and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from bot.focus.holding import IncomingMessage
from bot.i18n.languages import stored_locale
from bot.slack.envelope import WEB_ADDRESS

__all__ = [
    "DeletedMessage",
    "EditedMessage",
    "HomeOpened",
    "IncomingMessage",
    "Interaction",
    "MessageChange",
    "ProfileChange",
    "SlashCommand",
    "calendar_file",
    "event_id",
    "parse_channel_created",
    "parse_command",
    "parse_home_opened",
    "parse_interaction",
    "parse_message_event",
    "parse_tokens_revoked",
    "parse_user_change",
    "submitted_text",
]

# Subtypes that are people (or apps) saying something: examined for mentions.
SPOKEN_SUBTYPES = frozenset({None, "thread_broadcast", "file_share", "me_message", "bot_message"})
# Slack's ids (U…, W…, C…, G…, D…, B…, F…) are upper-case letters and digits; Kairos
# stores them in 32 characters.
_SLACK_ID = re.compile(r"[A-Z0-9]{1,32}")
# A message timestamp: seconds, a dot, a sequence number ("1700000000.000100").
_MESSAGE_TS = re.compile(r"[0-9]{1,15}\.[0-9]{1,15}")
# Slack's trigger ids, as its documentation shows them ("12345.98765.abcd2358fdea").
_TRIGGER_ID = re.compile(r"[0-9]{1,20}\.[0-9]{1,20}\.[0-9a-zA-Z]{1,64}")
MAX_EVENT_ID = 64
# A button's value is at most 2,000 characters (Block Kit); a longer one is not a value.
MAX_VALUE = 2000


def slack_id(value: object) -> str | None:
    """The value as a Slack id, or None when it is not one."""
    return value if isinstance(value, str) and _SLACK_ID.fullmatch(value) else None


def message_ts(value: object) -> str | None:
    """The value as a message timestamp, or None when it is not one."""
    return value if isinstance(value, str) and _MESSAGE_TS.fullmatch(value) else None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def time_zone(value: object) -> str | None:
    """The value as an IANA time zone this machine knows, or None."""
    return value if isinstance(value, str) and value in _zones() else None


def event_id(body: object) -> str | None:
    """An Events API delivery's event_id, for the dedupe (which keeps 64 characters)."""
    value = _object(body).get("event_id")
    return value if isinstance(value, str) and 0 < len(value) <= MAX_EVENT_ID else None


# ---- message events


@dataclass(frozen=True)
class EditedMessage:
    """A message's text was changed."""

    channel_id: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class DeletedMessage:
    """A message was deleted."""

    channel_id: str
    ts: str


MessageChange = IncomingMessage | EditedMessage | DeletedMessage


def parse_message_event(event: object) -> MessageChange | None:  # noqa: PLR0911
    """What a message event means for held mentions; None for the many that mean nothing."""
    event = _object(event)
    subtype = event.get("subtype")
    channel = slack_id(event.get("channel"))
    if channel is None or not isinstance(subtype, str | None):
        return None
    if subtype == "message_changed":
        new = _object(event.get("message"))
        ts = message_ts(new.get("ts"))
        if ts is None:
            return None
        return EditedMessage(channel, ts, _text(new.get("text")), _blocks(new))
    if subtype == "message_deleted":
        deleted = message_ts(event.get("deleted_ts"))
        return None if deleted is None else DeletedMessage(channel, deleted)
    if subtype not in SPOKEN_SUBTYPES:
        return None
    user, bot = slack_id(event.get("user")), slack_id(event.get("bot_id"))
    sender, ts = user or bot, message_ts(event.get("ts"))
    if sender is None or ts is None:
        return None
    thread_ts = message_ts(event.get("thread_ts"))
    files = event.get("files")
    return IncomingMessage(
        channel_id=channel,
        ts=ts,
        thread_ts=thread_ts if thread_ts != ts else None,
        sender_id=sender,
        text=_text(event.get("text")),
        blocks=_blocks(event),
        from_person=user is not None and not event.get("bot_id"),
        calendar_files=_calendar_files(files),
        files_to_look_up=_files_to_look_up(files),
    )


def calendar_file(item: object) -> tuple[str, str] | None:
    """(id, download address) of a file object that is a calendar (.ics); else None."""
    item = _object(item)
    name = _text(item.get("name")).lower()
    is_calendar = (
        name.endswith(".ics")
        or item.get("filetype") == "ics"
        or _text(item.get("mimetype")).startswith("text/calendar")
    )
    file_id = slack_id(item.get("id"))
    url = item.get("url_private_download") or item.get("url_private")
    if not (is_calendar and file_id and isinstance(url, str) and WEB_ADDRESS.fullmatch(url)):
        return None
    return file_id, url


def _calendar_files(files: object) -> tuple[tuple[str, str], ...]:
    """The .ics files shared with a message: (id, url_private_download)."""
    found = (calendar_file(item) for item in files) if isinstance(files, list) else ()
    return tuple(item for item in found if item is not None)


def _files_to_look_up(files: object) -> tuple[str, ...]:
    """Files Slack sent only the id of (Slack Connect and others): files.info has the rest."""
    if not isinstance(files, list):
        return ()
    ids = (
        slack_id(item.get("id"))
        for item in files
        if isinstance(item, dict) and item.get("file_access") == "check_file_info"
    )
    return tuple(file_id for file_id in ids if file_id is not None)


def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = message.get("blocks")
    return [b for b in blocks if isinstance(b, dict)] if isinstance(blocks, list) else []


# ---- other events


@dataclass(frozen=True)
class HomeOpened:
    """Someone opened Kairos's Home tab (tab "home") or its Messages tab."""

    user_id: str
    tab: str


def parse_home_opened(event: object) -> HomeOpened | None:
    """An app_home_opened event; None without a user."""
    event = _object(event)
    user_id = slack_id(event.get("user"))
    return None if user_id is None else HomeOpened(user_id, _text(event.get("tab")))


@dataclass(frozen=True)
class ProfileChange:
    """What a user_change event says of what Kairos keeps: the zone, and the locale when
    the event carries one (it does not always: None then means "not said", not "none")."""

    user_id: str
    tz: str
    locale: str | None = None


def parse_user_change(event: object) -> ProfileChange | None:
    """The person, zone and locale from a user_change event; None without a person and zone."""
    user = _object(_object(event).get("user"))
    user_id, tz = slack_id(user.get("id")), time_zone(user.get("tz"))
    if user_id is None or tz is None:
        return None
    return ProfileChange(user_id, tz, stored_locale(user.get("locale")))


def parse_channel_created(event: object) -> str | None:
    """The new channel's id from a channel_created event."""
    return slack_id(_object(_object(event).get("channel")).get("id"))


def parse_tokens_revoked(event: object) -> tuple[str, ...]:
    """The people whose user tokens a tokens_revoked event reports dead (`tokens.oauth`);
    the bot's own tokens (`tokens.bot`) are Kairos's, not a person's connection."""
    oauth = _object(_object(event).get("tokens")).get("oauth")
    ids = (slack_id(item) for item in oauth) if isinstance(oauth, list) else ()
    return tuple(dict.fromkeys(user_id for user_id in ids if user_id is not None))


# ---- slash commands and interactions


@dataclass(frozen=True)
class SlashCommand:
    """Who typed a slash command, where, and what followed it."""

    user_id: str
    channel_id: str
    text: str
    trigger_id: str | None = None  # None: no modal can be opened from it


def parse_command(command: object) -> SlashCommand | None:
    """A slash command's fields; None without a user and a channel."""
    command = _object(command)
    user_id, channel_id = slack_id(command.get("user_id")), slack_id(command.get("channel_id"))
    if user_id is None or channel_id is None:
        return None
    return SlashCommand(
        user_id, channel_id, _text(command.get("text")), _trigger(command.get("trigger_id"))
    )


def _trigger(value: object) -> str | None:
    return value if isinstance(value, str) and _TRIGGER_ID.fullmatch(value) else None


@dataclass(frozen=True)
class Interaction:
    """Who pressed a button or submitted a form, and what it carried."""

    user_id: str
    trigger_id: str | None  # None: no modal can be opened from it
    value: str  # the button's value ("" for none)
    # Where Slack takes replies to the message the button is in; None for a button in the
    # Home tab or a modal, which Slack sends without one.
    response_url: str | None = None


def parse_interaction(body: object, action: object = None) -> Interaction | None:
    """A block action or view submission; None without the person who sent it."""
    body = _object(body)
    user_id = slack_id(_object(body.get("user")).get("id"))
    if user_id is None:
        return None
    value = _text(_object(action).get("value"))
    response_url = body.get("response_url")
    return Interaction(
        user_id=user_id,
        trigger_id=_trigger(body.get("trigger_id")),
        value=value if len(value) <= MAX_VALUE else "",
        response_url=(
            response_url
            if isinstance(response_url, str) and WEB_ADDRESS.fullmatch(response_url)
            else None
        ),
    )


def submitted_text(view: object, block_id: str, action_id: str) -> str | None:
    """What was typed into one input of a submitted modal ("" for nothing); None when the
    submission holds no such input."""
    values = _object(_object(_object(view).get("state")).get("values"))
    block = values.get(block_id)
    element = block.get(action_id) if isinstance(block, dict) else None
    if not isinstance(element, dict) or "value" not in element:
        return None
    value = element["value"]
    return value if isinstance(value, str) else ("" if value is None else None)
