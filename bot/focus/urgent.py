"""Telling someone at once about an urgent mention."""

from __future__ import annotations

from bot.focus.mentions import snippet
from bot.focus.messages import urgent_dm
from bot.ports import SlackPort


def tell_urgent(  # noqa: PLR0917 - a message's identity is several ids
    slack: SlackPort, recipient_id: str, sender_id: str, channel_id: str, message_ts: str, text: str
) -> None:
    """DM the recipient now, with a link to the message."""
    link = slack.permalink(channel_id, message_ts)
    fallback, blocks = urgent_dm(sender_id, link, snippet(text))
    slack.send_dm(recipient_id, fallback, blocks)
