"""What a modal sends with a button press inside it or with its submission, read
defensively: a forged or cut payload gives empty parts, never a crash."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import UnreadableValue
from bot.slack.blocks.help import unreadable_form
from bot.slack.parse import parse_interaction

log = logging.getLogger(__name__)

# Slack's answers when a press's trigger can no longer open a modal (it lives 3 seconds).
STALE_TRIGGER = frozenset({"expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"})

# Slack's view ids ("V0123ABCD") and hashes ("1712345678.AbCdEf12") are short; a longer value
# did not come from Slack.
_MAX_ID = 64


@dataclass(frozen=True)
class ModalParts:
    """A modal's id and hash (for views.update), its private_metadata, and its inputs'
    state (`view.state.values`)."""

    view_id: str | None
    hash: str | None
    metadata: str
    values: dict[str, Any]


def modal_parts(view: object) -> ModalParts:
    """The parts of a view object from a payload."""
    view = view if isinstance(view, dict) else {}
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    metadata = view.get("private_metadata")
    return ModalParts(
        view_id=_short(view.get("id")),
        hash=_short(view.get("hash")),
        metadata=metadata if isinstance(metadata, str) else "",
        values=values if isinstance(values, dict) else {},
    )


def _short(value: object) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= _MAX_ID else None


def submitter(body: object) -> str:
    """Who submitted a modal; a refusal (shown next to the form) when the payload says not."""
    submitted = parse_interaction(body)
    if submitted is None:
        raise UnreadableValue(unreadable_form())
    return submitted.user_id


def update_modal(client: WebClient, view_id: str, view: dict[str, Any]) -> None:
    """Show `view` in the open modal. A modal closed since the press (Slack answers
    not_found) has no one to show it to: nothing was stored, so there is nothing to undo."""
    try:
        client.views_update(view_id=view_id, view=view)
    except SlackApiError as error:
        if error.response.get("error") != "not_found":
            raise
        log.info("modal %s was closed before Kairos could update it", view_id[:20])
