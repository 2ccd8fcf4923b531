"""Spot a Slack message that calls people into a video call, and whether it says what for.

Pure and standard library only. Slack sends message text as mrkdwn: links arrive as
``<https://…|label>`` or ``<https://…>``, people as ``<@U…>``, groups as
``<!subteam^S…|@name>``, and ``<!here>``, ``<!channel>``, ``<!everyone>``; the characters
``& < >`` are escaped as entities.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import StrEnum

from bot.meetings.agenda.detection import AgendaVerdict, detect_agenda


class CallProvider(StrEnum):
    """Video-call services whose links Kairos recognises."""

    ZOOM = "zoom"
    GOOGLE_MEET = "google_meet"
    TEAMS = "teams"
    WEBEX = "webex"
    WHEREBY = "whereby"


@dataclass(frozen=True, slots=True)
class CallInvite:
    """A message inviting people to a call: where, and whether it carries an agenda."""

    provider: CallProvider
    link: str
    agenda: AgendaVerdict

    @property
    def has_agenda(self) -> bool:
        """Whether the rest of the message says what the call is for."""
        return self.agenda.has_agenda


_CALL_LINKS: tuple[tuple[CallProvider, re.Pattern[str]], ...] = (
    (
        CallProvider.ZOOM,
        re.compile(r"https?://(?:[\w-]+\.)*zoom(?:gov)?\.us/(?:j|my)/[\w.?=&%-]+", re.I),
    ),
    (
        CallProvider.GOOGLE_MEET,
        re.compile(r"https?://meet\.google\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}\b[\w?=&%-]*", re.I),
    ),
    (
        CallProvider.TEAMS,
        re.compile(r"https?://teams\.(?:microsoft|live)\.com/(?:l/meetup-join|meet)/\S+", re.I),
    ),
    (
        CallProvider.WEBEX,
        re.compile(r"https?://[\w-]+\.webex\.com/(?:meet|join|[\w-]+/j\.php)\S*", re.I),
    ),
    (CallProvider.WHEREBY, re.compile(r"https?://(?:[\w-]+\.)?whereby\.com/[\w-]+\S*", re.I)),
)
# <https://…|label> or <https://…>; a bare URL when Slack did not wrap it (bot posts).
# A label never contains "<" (Slack escapes it), which keeps the match linear.
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|<>\s]+)(?:\|([^<>]*))?>")
_BARE_URL = re.compile(r"https?://[^\s<>|]+")
_PERSON = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_GROUP = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>|<!subteam\^[A-Z0-9]+(?:\|[^>]*)?>")


def _call_link(url: str) -> tuple[CallProvider, str] | None:
    for provider, pattern in _CALL_LINKS:
        match = pattern.match(url)
        if match is not None:
            return provider, match.group(0)
    return None


def _links(text: str) -> list[str]:
    wrapped = [match.group(1) for match in _SLACK_LINK.finditer(text)]
    return wrapped + _BARE_URL.findall(_SLACK_LINK.sub(" ", text))


def mentions_anyone(text: str) -> bool:
    """Whether mrkdwn text mentions a person, a user group, @here, @channel or @everyone."""
    return bool(_PERSON.search(text) or _GROUP.search(text))


def _agenda_text(text: str, call_url: str) -> str:
    def unwrap(match: re.Match[str]) -> str:
        url, label = match.group(1), match.group(2)
        if url.startswith(call_url) or call_url.startswith(url):
            return " "  # the call link and its label say nothing about the agenda
        # Keep both: the label may be "agenda" and the URL may be a Google Doc.
        return f" {label or ''} {url} "

    text = _SLACK_LINK.sub(unwrap, text)
    text = text.replace(call_url, " ")
    text = _GROUP.sub(" ", _PERSON.sub(" ", text))
    return html.unescape(text)


def detect_call_invite(text: str, *, mentions_people: bool) -> CallInvite | None:
    """A call invite if the message links a video call and mentions people, else None.

    `mentions_people` is what the caller knows from the event payload; mentions in the
    mrkdwn text itself are detected here as well.
    """
    if not (mentions_people or mentions_anyone(text)):
        return None
    for url in _links(text):
        found = _call_link(url)
        if found is not None:
            provider, link = found
            agenda = detect_agenda(_agenda_text(text, url), is_html=False)
            return CallInvite(provider=provider, link=link, agenda=agenda)
    return None
