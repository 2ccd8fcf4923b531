"""The Home tab's Connect section: connect or disconnect the person's own Slack account."""

from __future__ import annotations

from typing import Any

# A URL button still sends a block_actions payload: the app must acknowledge it, or Slack
# shows a warning next to the button. Both ids need a listener.
CONNECT_ACTION = "connect.open"
DISCONNECT_ACTION = "connect.disconnect"

HEADER = "Pause notifications while you focus"
EXPLAIN = (
    "Slack keeps notifying you about mentions even while Kairos holds them. If you connect "
    "your Slack account, Kairos snoozes your notifications for each focus period and sets "
    "your status to :headphones: _Focusing until 11:30_, then gives your own status back "
    "when focus ends. An urgent mention ends the snooze."
)
CONNECTED = (
    ":white_check_mark: *Connected.* Kairos snoozes your notifications and sets your status "
    "while you focus. Disconnect any time; Kairos then forgets your token."
)
NOT_CONFIGURED = (
    "Connecting isn't enabled in this workspace yet. Your Slack admin can enable it by "
    "giving Kairos its Slack app's client id and secret (see the README)."
)


def connect_section(
    *, configured: bool, connected: bool, authorize_url: str | None = None
) -> list[dict[str, Any]]:
    """Blocks for App Home: explanation plus Connect, or Disconnect, or how to enable it."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": HEADER}},
    ]
    if connected:
        blocks.append(_text(CONNECTED))
        blocks.append({"type": "actions", "elements": [_disconnect_button()]})
        return blocks
    blocks.append(_text(EXPLAIN))
    if not configured or not authorize_url:
        blocks.append({"type": "context", "elements": [_mrkdwn(NOT_CONFIGURED)]})
        return blocks
    blocks.append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": CONNECT_ACTION,
                    "text": {"type": "plain_text", "text": "Connect"},
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
        "text": {"type": "plain_text", "text": "Disconnect"},
        "confirm": {
            "title": {"type": "plain_text", "text": "Disconnect Kairos?"},
            "text": _mrkdwn(
                "Kairos will stop pausing your notifications and forget your token. "
                "Mentions are still held while you focus."
            ),
            "confirm": {"type": "plain_text", "text": "Disconnect"},
            "deny": {"type": "plain_text", "text": "Keep connected"},
            "style": "danger",
        },
    }


def _text(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}
