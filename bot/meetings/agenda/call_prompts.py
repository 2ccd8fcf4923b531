"""Calls arranged in Slack: one friendly reply asking for an agenda when a call has none."""

from __future__ import annotations

from bot.focus.holding import IncomingMessage
from bot.focus.mentions import MessageMentions, extract_mentions
from bot.i18n import current_language, translated
from bot.meetings.agenda.calls import CallInvite, detect_call_invite

PROVIDER_NAMES = {
    "zoom": "Zoom",
    "google_meet": "Google Meet",
    "teams": "Teams",
    "webex": "Webex",
    "whereby": "Whereby",
}


def agenda_less_call(
    message: IncomingMessage, mentions: MessageMentions | None = None
) -> CallInvite | None:
    """The call a person's message invites others to, if it says nothing about what for.

    mentions: the message's, when the caller has read them already.
    """
    if not message.from_person:
        return None  # bots post call links in reminders and integrations; not ours to judge
    if mentions is None:
        mentions = extract_mentions(message.text, message.blocks)
    others = mentions.users - {message.sender_id}
    invites_people = bool(others or mentions.usergroups or mentions.broadcast)
    invite = detect_call_invite(message.text, mentions_people=invites_people)
    if invite is None or invite.has_agenda:
        return None
    return invite


def agenda_request_text(invite: CallInvite, language: str | None = None) -> str:
    """The thread reply: kind, short, and clear about why. In `language` (the channel's,
    say), else the current one."""
    said = translated(language or current_language())
    provider = PROVIDER_NAMES.get(invite.provider.value)
    if provider is None:
        return said._(
            "Thanks for setting up the call! Could you add a line or two on what it is "
            "for: the topics, the decision you need, or a link to a doc? "
            "*No agenda, no attendee*: an agenda lets people prepare, decide whether they need "
            "to join, or answer here in the thread instead."
        )
    # TRANSLATORS: {provider} is a product name: Zoom, Google Meet, Teams, Webex, Whereby.
    return said._(
        "Thanks for setting up the {provider} call! Could you add a line or two on what it is "
        "for: the topics, the decision you need, or a link to a doc? "
        "*No agenda, no attendee*: an agenda lets people prepare, decide whether they need "
        "to join, or answer here in the thread instead.",
        provider=provider,
    )
