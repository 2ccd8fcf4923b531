"""The one Bolt error handler: log with context, answer the person, let Slack retry events."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import KairosUserError
from bot.slack.dedupe import AlreadyHandled

log = logging.getLogger(__name__)

APOLOGY = (
    "Sorry, something went wrong on my side and I couldn't do that. "
    "It has been logged; please try again in a minute."
)


def request_summary(body: dict[str, Any]) -> dict[str, Any]:
    """What identifies a request in the logs, without message text or secrets."""
    event = body.get("event") or {}
    return {
        "type": body.get("type") or ("slash_command" if "command" in body else None),
        "event_type": event.get("type"),
        "event_subtype": event.get("subtype"),
        "event_id": body.get("event_id"),
        "command": body.get("command"),
        "action_ids": [a.get("action_id") for a in body.get("actions") or []],
        "callback_id": (body.get("view") or {}).get("callback_id"),
        "team": (body.get("team") or {}).get("id") or body.get("team_id"),
        "user": (body.get("user") or {}).get("id") or body.get("user_id") or event.get("user"),
    }


def handle_error(error: Exception, body: dict[str, Any], client: WebClient) -> BoltResponse | None:
    """Turn any listener error into a log line and, for people, a kind reply."""
    if isinstance(error, AlreadyHandled):
        log.info("event %s was already handled; acknowledging the retry", error)
        return BoltResponse(status=200, body="")
    summary = request_summary(body)
    if isinstance(error, SlackApiError):
        summary["slack_error"] = error.response.get("error")
    user_error = isinstance(error, KairosUserError)
    if user_error:
        log.info("refused a request: %s %s", summary, error)
    else:
        log.error("error while handling %s", summary, exc_info=error)
    text = error.user_text() if isinstance(error, KairosUserError) else APOLOGY

    if body.get("type") == "event_callback" or "event" in body:
        # Non-2xx makes Slack retry (the event was not stored); a refusal will not change.
        return BoltResponse(status=200 if user_error else 500, body="")
    if "command" in body:
        # Slash commands: the HTTP response itself is the quickest reply.
        return _ephemeral_response(text)
    if body.get("type") == "view_submission" and isinstance(error, KairosUserError):
        return _view_errors(body, error)
    _reply_privately(client, body, text)
    return BoltResponse(status=200, body="")


def _ephemeral_response(text: str) -> BoltResponse:
    return BoltResponse(
        status=200,
        body=json.dumps({"response_type": "ephemeral", "text": text}),
        headers={"content-type": "application/json;charset=utf-8"},
    )


def _view_errors(body: dict[str, Any], error: KairosUserError) -> BoltResponse:
    """Show a refusal next to its input (or the first one), where the person is looking."""
    blocks = (body.get("view") or {}).get("blocks") or []
    inputs = [b["block_id"] for b in blocks if b.get("type") == "input" and "block_id" in b]
    target = error.field if error.field in inputs else (inputs[0] if inputs else None)
    if target is None:
        return BoltResponse(status=200, body="")
    return BoltResponse(
        status=200,
        body=json.dumps({"response_action": "errors", "errors": {target: error.message[:150]}}),
        headers={"content-type": "application/json;charset=utf-8"},
    )


def _reply_privately(client: WebClient, body: dict[str, Any], text: str) -> None:
    """Buttons and modals: an ephemeral reply where possible, else a DM from the app."""
    user_id = (body.get("user") or {}).get("id")
    channel_id = (body.get("channel") or {}).get("id")
    try:
        if user_id and channel_id:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
        elif user_id:
            client.chat_postMessage(channel=user_id, text=text)
    except Exception:
        # The reply is a courtesy; failing to send it must not hide the original error.
        log.exception("could not tell user %s about an error", user_id)
