"""Telling someone at once about an urgent mention, and the sender's "It's urgent" button."""

from __future__ import annotations

from datetime import datetime

from bot.db.uow import UnitOfWork
from bot.focus.holding import Released, release_as_urgent
from bot.focus.mentions import snippet
from bot.focus.messages import urgent_dm
from bot.focus.ports import ConnectHook
from bot.ports import SlackPort


def tell_urgent(  # noqa: PLR0917 - a message's identity is several ids
    slack: SlackPort, recipient_id: str, sender_id: str, channel_id: str, message_ts: str, text: str
) -> None:
    """DM the recipient now, with a link to the message."""
    link = slack.permalink(channel_id, message_ts)
    fallback, blocks = urgent_dm(sender_id, link, snippet(text))
    slack.send_dm(recipient_id, fallback, blocks)


def send_as_urgent(
    uow: UnitOfWork,
    slack: SlackPort,
    connect: ConnectHook,
    sender_id: str,
    *,
    channel_id: str,
    message_ts: str,
    now: datetime,
) -> Released:
    """The sender's "It's urgent" button: release their held mention and DM it now."""
    with uow() as session:
        released = release_as_urgent(session, sender_id, channel_id, message_ts, now)
        for recipient in released.recipients:
            # Before the DM, so that Slack notifies the recipient of it.
            connect.end_snooze_for_urgent(session, recipient, now)
            # Inside the transaction: if the DM fails, the mention stays held (and goes
            # out in the digest) instead of being marked sent and lost.
            tell_urgent(slack, recipient, sender_id, channel_id, message_ts, released.text)
    return released
