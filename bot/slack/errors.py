"""The one Bolt error handler: log with context, answer the person, let Slack retry events.

It runs for any failure, on any body Bolt was given, so it reads the body defensively: a
field of an unexpected type is treated as absent, never as a reason to fail again.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db.dedupe import AlreadyHandled
from bot.errors import KairosUserError
from bot.i18n import _

log = logging.getLogger(__name__)


def apology() -> str:
    """The answer to a failure that is Kairos's own, in the reader's language."""
    return _(
        "Sorry, something went wrong on my side and I couldn't do that. "
        "It has been logged; please try again in a minute."
    )


# Ids and names in a log line; a verified body can still carry absurd values.
_MAX_LOGGED = 80
_MAX_ACTIONS_LOGGED = 5


def as_object(value: Any) -> dict[str, Any]:
    """value if it is an object (a dict), else an empty one."""
    return value if isinstance(value, dict) else {}


def as_text(value: Any) -> str | None:
    """value if it is text, cut to a loggable length, else None."""
    return value[:_MAX_LOGGED] if isinstance(value, str) else None


def id_of(value: Any) -> str | None:
    """An id given either as text or as an object's `id` ("U1" or {"id": "U1", ...})."""
    return as_text(value) if isinstance(value, str) else as_text(as_object(value).get("id"))


def request_summary(body: Any) -> dict[str, Any]:
    """What identifies a request in the logs, without message text or secrets."""
    body = as_object(body)
    event = as_object(body.get("event"))
    actions = body.get("actions")
    action_list = actions[:_MAX_ACTIONS_LOGGED] if isinstance(actions, list) else []
    return {
        "type": as_text(body.get("type")) or ("slash_command" if "command" in body else None),
        "event_type": as_text(event.get("type")),
        "event_subtype": as_text(event.get("subtype")),
        "event_id": as_text(body.get("event_id")),
        "command": as_text(body.get("command")),
        "action_ids": [as_text(as_object(a).get("action_id")) for a in action_list],
        "callback_id": as_text(as_object(body.get("view")).get("callback_id")),
        "team": id_of(body.get("team")) or as_text(body.get("team_id")),
        "user": id_of(body.get("user")) or as_text(body.get("user_id")) or id_of(event.get("user")),
    }


def handle_error(error: Exception, body: Any, client: WebClient) -> BoltResponse | None:
    """Turn any listener error into a log line and, for people, a kind reply."""
    if isinstance(error, AlreadyHandled):
        log.info("event %s was already handled; acknowledging the retry", error)
        return BoltResponse(status=200, body="")
    body = as_object(body)
    summary = request_summary(body)
    if isinstance(error, SlackApiError):
        summary["slack_error"] = as_text(as_object(error.response.data).get("error"))
    user_error = isinstance(error, KairosUserError)
    if user_error:
        log.info("refused a request: %s %s", summary, error)
    else:
        log.error("error while handling %s", summary, exc_info=error)
    text = error.user_text() if isinstance(error, KairosUserError) else apology()

    if body.get("type") == "event_callback" or "event" in body:
        # Non-2xx makes Slack retry (the event was not stored); a refusal will not change.
        return BoltResponse(status=200 if user_error else 500, body="")
    if "command" in body:
        # Slash commands: the HTTP response itself is the quickest reply.
        return ephemeral_response(text)
    if body.get("type") == "view_submission" and isinstance(error, KairosUserError):
        return view_error_response(body, error.field, error.message)
    reply_privately(client, body, text)
    return BoltResponse(status=200, body="")


def ephemeral_response(text: str) -> BoltResponse:
    """A slash command's answer, seen only by the person who typed it."""
    return BoltResponse(
        status=200,
        body=json.dumps({"response_type": "ephemeral", "text": text}),
        headers={"content-type": "application/json;charset=utf-8"},
    )


def view_error_response(body: dict[str, Any], field: str | None, message: str) -> BoltResponse:
    """Show a message next to a modal's input (`field`, or the first), where the person is
    looking; an empty 200 (the modal closes) when it has no input."""
    blocks = as_object(body.get("view")).get("blocks")
    inputs = [
        block["block_id"]
        for block in (blocks if isinstance(blocks, list) else [])
        if isinstance(block, dict) and block.get("type") == "input"
        if isinstance(block.get("block_id"), str)
    ]
    target = field if field in inputs else (inputs[0] if inputs else None)
    if target is None:
        return BoltResponse(status=200, body="")
    return BoltResponse(
        status=200,
        body=json.dumps({"response_action": "errors", "errors": {target: message[:150]}}),
        headers={"content-type": "application/json;charset=utf-8"},
    )


def reply_privately(client: WebClient, body: dict[str, Any], text: str) -> None:
    """Buttons and modals: an ephemeral reply where possible, else a DM from the app."""
    user_id = id_of(body.get("user"))
    channel_id = id_of(body.get("channel"))
    try:
        if user_id and channel_id:
            client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
        elif user_id:
            client.chat_postMessage(channel=user_id, text=text)
    except SlackApiError as failure:
        # The reply is a courtesy; failing to send it must not hide the original error, and
        # Slack's refusal (a user or channel it does not know) needs no traceback.
        reason = as_text(as_object(failure.response.data).get("error"))
        log.warning("could not tell user %s about an error: %s", user_id, reason)
    except Exception:
        log.exception("could not tell user %s about an error", user_id)
