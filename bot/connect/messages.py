"""The Home tab's Connect section: connect or disconnect the person's own Slack account."""

from __future__ import annotations

from typing import Any

from bot.i18n import _

# A URL button still sends a block_actions payload: the app must acknowledge it, or Slack
# shows a warning next to the button. Both ids need a listener.
CONNECT_ACTION = "connect.open"
DISCONNECT_ACTION = "connect.disconnect"


def connect_section(
    *, configured: bool, connected: bool, authorize_url: str | None = None
) -> list[dict[str, Any]]:
    """Blocks for App Home: explanation plus Connect, or Disconnect, or how to enable it."""
    # TRANSLATORS: a header in Kairos's Home tab.
    header = _("Pause notifications while you focus")
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": header}},
    ]
    if connected:
        connected_text = _(
            ":white_check_mark: *Connected.* Kairos snoozes your notifications and sets your "
            "status while you focus. Disconnect any time; Kairos then forgets your token."
        )
        blocks.append(_text(connected_text))
        blocks.append({"type": "actions", "elements": [_disconnect_button()]})
        return blocks
    # TRANSLATORS: the status in _…_ is what Kairos sets on Slack, which stays in English.
    explain = _(
        "Slack keeps notifying you about mentions even while Kairos holds them. If you "
        "connect your Slack account, Kairos snoozes your notifications for each focus period "
        "and sets your status to :headphones: _Focusing until 11:30_, then gives your own "
        "status back when focus ends. An urgent mention ends the snooze."
    )
    blocks.append(_text(explain))
    if not configured or not authorize_url:
        not_configured = _(
            "Connecting isn't enabled in this workspace yet. Your Slack admin can enable it by "
            "giving Kairos its Slack app's client id and secret (see the README)."
        )
        blocks.append({"type": "context", "elements": [_mrkdwn(not_configured)]})
        return blocks
    blocks.append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": CONNECT_ACTION,
                    # TRANSLATORS: a button (at most 75 characters).
                    "text": {"type": "plain_text", "text": _("Connect")},
                    "style": "primary",
                    "url": authorize_url,
                }
            ],
        }
    )
    return blocks


def _disconnect_button() -> dict[str, Any]:
    return {
        "type": "button",
        "action_id": DISCONNECT_ACTION,
        # TRANSLATORS: a button (at most 75 characters).
        "text": {"type": "plain_text", "text": _("Disconnect")},
        "confirm": {
            # TRANSLATORS: a confirmation dialog's title (at most 100 characters).
            "title": {"type": "plain_text", "text": _("Disconnect Kairos?")},
            "text": _mrkdwn(
                _(
                    "Kairos will stop pausing your notifications and forget your token. "
                    "Mentions are still held while you focus."
                )
            ),
            # TRANSLATORS: a confirmation dialog's button (at most 30 characters).
            "confirm": {"type": "plain_text", "text": _("Disconnect")},
            # TRANSLATORS: a confirmation dialog's button (at most 30 characters).
            "deny": {"type": "plain_text", "text": _("Keep connected")},
            "style": "danger",
        },
    }


def _text(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}
