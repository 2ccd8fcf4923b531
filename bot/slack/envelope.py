"""A verified request body read into the envelope Bolt dispatches on, or refused (pure).

Slack sends Events API callbacks as a JSON object (application/json), and slash commands
and interactions as a form (application/x-www-form-urlencoded), interactions with the JSON
object in its `payload` field. Anything else is refused with a fixed reason, never with a
piece of the body, and never with an exception from deep inside Bolt or a listener.

The shape check covers what Bolt itself reads to route a request (the `event`, `actions`,
`view`, `user`, `team`... of the envelope), so Bolt never fails on it; what a listener reads
inside an event is the listener's to tolerate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"

# Slack's deepest payloads (rich text inside a message inside message_changed) nest about a
# dozen levels; a far deeper one is an attack on recursive code, not a message.
MAX_DEPTH = 64
# What Slack sends as a URL (a response_url, a file's download address).
WEB_ADDRESS = re.compile(r"https?://[^\s<>]{1,2000}")

# Fields Bolt or the error handler read as an id or an object holding one.
_ID_OR_OBJECT = ("user", "team", "channel", "enterprise")
# Fields read as objects when present (Slack sends null only for `team` and `enterprise`).
_OBJECTS = ("view", "container", "message", "previous_message", "item", "state")
# Objects Bolt looks into for the same fields, as it does into `event`.
_NESTED = ("message", "previous_message", "item", "assistant_thread")
# Fields read as lists of objects.
_LISTS = ("actions", "authorizations", "response_urls")
# Fields read as text (compared with ids, used as URLs).
_TEXTS = (
    "type",
    "command",
    "callback_id",
    "user_id",
    "channel_id",
    "team_id",
    "enterprise_id",
    "trigger_id",
    "response_url",
    "event_id",
    "api_app_id",
    "subtype",
    "bot_id",
    "action_id",
    "block_id",
)


class UnreadableBody(ValueError):  # noqa: N818 - a refusal with its reason, not a bug
    """A verified body that is not an envelope Slack sends; the message is a fixed reason."""


def media_type(content_type: str | None) -> str:
    """The bare media type of a Content-Type header ("application/json; charset=utf-8")."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def read_envelope(body: bytes, content_type: str | None) -> dict[str, Any]:
    """The envelope in a request body; UnreadableBody when it is not one Slack sends."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableBody("body is not UTF-8") from None
    kind = media_type(content_type)
    if kind == JSON:
        envelope = _json_object(text)
    elif kind == FORM:
        envelope = _form(text)
    else:
        raise UnreadableBody("content type is neither JSON nor a form")
    problem = shape_problem(envelope)
    if problem is not None:
        raise UnreadableBody(problem)
    return envelope


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise UnreadableBody("body is not JSON") from None
    if not isinstance(value, dict):
        raise UnreadableBody("body is not a JSON object")
    if _depth_exceeds(value, MAX_DEPTH):
        raise UnreadableBody("body is nested too deeply")
    return value


def _form(text: str) -> dict[str, Any]:
    # Bolt would read a "form" starting with "{" as JSON; Slack never sends one.
    if text.startswith("{"):
        raise UnreadableBody("JSON body sent as a form")
    try:
        fields = dict(parse_qsl(text, keep_blank_values=True, errors="strict"))
    except (ValueError, UnicodeDecodeError):
        raise UnreadableBody("form is not UTF-8") from None
    if not fields:
        raise UnreadableBody("form is empty")
    if "payload" in fields:
        return _json_object(fields["payload"])
    return dict(fields)


def _depth_exceeds(value: Any, limit: int) -> bool:
    # Iterative: a recursive walk is what a deep body is meant to break.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return False


def shape_problem(envelope: dict[str, Any]) -> str | None:
    """What in an envelope Bolt could not route on, or None when it can."""
    checks = (
        _top_problem,
        _event_problem,
        _items_problem,
        _routing_problem,
        _view_problem,
        _reply_problem,
    )
    for check in checks:
        problem = check(envelope)
        if problem is not None:
            return problem
    return None


def _top_problem(envelope: dict[str, Any]) -> str | None:
    return _fields_problem(envelope, "")


def _event_problem(envelope: dict[str, Any]) -> str | None:
    if "event" not in envelope:
        return None
    event = envelope["event"]
    if not isinstance(event, dict):
        return "`event` is not an object"
    if not isinstance(event.get("type"), str):
        return "`event.type` is not text"
    return _fields_problem(event, "event.")


def _items_problem(envelope: dict[str, Any]) -> str | None:
    # Bolt reads the first authorization as it reads the envelope.
    for name in _LISTS:
        for item in envelope.get(name) or ():
            problem = _fields_problem(item, f"{name}[].")
            if problem is not None:
                return problem
    return None


def _routing_problem(envelope: dict[str, Any]) -> str | None:
    # Bolt indexes these without looking: the first action.
    kind = envelope.get("type")
    if kind == "block_actions":
        actions = envelope.get("actions")
        if not actions:
            return "`actions` is empty"
        if not isinstance(actions[0].get("action_id"), str):
            return "`actions[0].action_id` is missing"
    if len(envelope.get("response_urls") or ()) > 1:
        # Bolt fails on several (it logs through a logger its context does not have yet);
        # Kairos's modals never enable response_url, so Slack sends at most one.
        return "`response_urls` has more than one"
    return None


def _view_problem(envelope: dict[str, Any]) -> str | None:
    # Bolt reads the view's callback_id, and its type to tell workflow steps apart.
    kind = envelope.get("type")
    view = envelope.get("view")
    if kind in ("view_submission", "view_closed") and not isinstance(view, dict):
        return "`view` is not an object"
    if not isinstance(view, dict):
        return None
    if not isinstance(view.get("callback_id", ""), str):
        return "`view.callback_id` is not text"
    if kind == "view_submission" and not isinstance(view.get("type"), str):
        return "`view.type` is missing"
    return None


def _reply_problem(envelope: dict[str, Any]) -> str | None:
    # Bolt's respond() raises on anything but a web address; Slack sends only those.
    response_url = envelope.get("response_url")
    if response_url is not None and not WEB_ADDRESS.fullmatch(response_url):
        return "`response_url` is not a web address"
    return None


def _fields_problem(fields: dict[str, Any], where: str) -> str | None:
    return next(_field_problems(fields, where), None)


def _field_problems(fields: dict[str, Any], where: str) -> Iterator[str]:
    for name in _ID_OR_OBJECT:
        if not isinstance(fields.get(name), dict | str | None):
            yield f"`{where}{name}` is neither an id nor an object"
    for name in _OBJECTS:
        if name in fields and not isinstance(fields[name], dict):
            yield f"`{where}{name}` is not an object"
    for name in _LISTS:
        if name in fields and not (
            isinstance(fields[name], list) and all(isinstance(i, dict) for i in fields[name])
        ):
            yield f"`{where}{name}` is not a list of objects"
    for name in _TEXTS:
        if not isinstance(fields.get(name), str | None):
            yield f"`{where}{name}` is not text"
    for name in _NESTED:
        nested = fields.get(name)
        if nested is not None and not isinstance(nested, dict):
            yield f"`{where}{name}` is not an object"
        elif nested:
            yield from _field_problems(nested, f"{where}{name}.")
