"""Telling someone at once about an urgent mention, and the sender's "It's urgent" button.

Each DM speaks its recipient's language and the hint its sender's: message events run in no
one's language (bot/slack/speaking.py). `language` is the workspace's (KAIROS_LANGUAGE), for
people Kairos has none for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork
from bot.focus import repo
from bot.focus.absence import day_start, local_day
from bot.focus.holding import IncomingMessage, Released, release_as_urgent
from bot.focus.language import language_for
from bot.focus.mentions import snippet
from bot.focus.messages import urgent_dm, urgent_route_hint
from bot.focus.model import zone_named
from bot.focus.ports import ConnectHook
from bot.i18n import speaking
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.norms import repo as norms_repo
from bot.ports import SlackPort


def tell_urgent(  # noqa: PLR0917 - a message's identity is several ids
    slack: SlackPort,
    recipient_id: str,
    sender_id: str,
    channel_id: str,
    message_ts: str,
    text: str,
    *,
    thread_ts: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> None:
    """DM the recipient now, in their `language`, with a link to the message (in its
    thread, if a reply)."""
    link = slack.permalink(channel_id, message_ts, thread_ts)
    with speaking(language):
        fallback, blocks = urgent_dm(sender_id, link, snippet(text))
    slack.send_dm(recipient_id, fallback, blocks)


def alert_urgent(
    session: Session,
    slack: SlackPort,
    connect: ConnectHook,
    message: IncomingMessage,
    recipients: list[str],
    *,
    now: datetime,
    language: Language = DEFAULT_LANGUAGE,
) -> None:
    """DM each recipient of an urgent mention, inside the caller's transaction (a failed DM
    rolls it back, so the event or the sweep tries again and nobody is silently missed)."""
    for recipient in recipients:
        # One read each: urgent mentions are the exception, and not on the held path.
        spoken = language_for(session, recipient, language)
        # Before the DM, so that Slack notifies the recipient of it.
        connect.end_snooze_for_urgent(session, recipient, now)
        tell_urgent(
            slack,
            recipient,
            message.sender_id,
            message.channel_id,
            message.ts,
            message.text,
            thread_ts=message.thread_ts,
            language=spoken,
        )


def send_as_urgent(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    sender_id: str,
    *,
    channel_id: str,
    message_ts: str,
    now: datetime,
    language: Language = DEFAULT_LANGUAGE,
) -> Released:
    """The sender's "It's urgent" button: release their held mention and DM it now, to
    each recipient in their language (`language` for those Kairos has none for)."""
    with uow() as session:
        # Read before the release, which takes the mentions out of the held ones.
        thread_ts = _thread_of(session, channel_id, message_ts)
        released = release_as_urgent(session, sender_id, channel_id, message_ts, now)
        for recipient in released.recipients:
            # Before the DM, so that Slack notifies the recipient of it.
            connect.end_snooze_for_urgent(session, recipient, now)
            # Inside the transaction: if the DM fails, the mention stays held (and goes
            # out in the digest) instead of being marked sent and lost.
            tell_urgent(
                slack,
                recipient,
                sender_id,
                channel_id,
                message_ts,
                released.text,
                thread_ts=thread_ts,
                language=language_for(session, recipient, language),
            )
    return released


def _thread_of(session: Session, channel_id: str, message_ts: str) -> str | None:
    """The thread a held message replies in (None at top level), for the link to it."""
    held = repo.held_for_message(session, channel_id, message_ts)
    return next((m.thread_ts for m in held if m.thread_ts), None)


def hint_urgent_route(
    uow: UnitOfWork,
    slack: SlackPort,
    message: IncomingMessage,
    sender_tz: str | None,
    now: datetime,
    *,
    language: Language = DEFAULT_LANGUAGE,
) -> None:
    """After an urgent marker in a channel whose norms name an urgent route, tell the sender
    that route for next time, in their language: privately, and once per sender and channel
    a day (their day)."""
    zone = zone_named(
        sender_tz if sender_tz is not None else slack.user_timezone(message.sender_id)
    )
    since = day_start(local_day(now, zone), zone)
    with uow() as session:
        norms = norms_repo.get(session, message.channel_id)
        if norms is None or norms.urgent is None:
            return
        # The marker's own uses are already stored; an earlier message today had the hint.
        if repo.urgent_marker_used_since(
            session, message.sender_id, message.channel_id, since, other_than=message.ts
        ):
            return
        with speaking(language_for(session, message.sender_id, language)):
            text = urgent_route_hint(norms.urgent.channel_id)
    blocks = [{"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}]
    slack.post_ephemeral(
        message.channel_id, message.sender_id, text, blocks, thread_ts=message.thread_ts
    )
