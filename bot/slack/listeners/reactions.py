"""Reactions: a reaction by the person a question asked counts as their answer."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.norms.asked import Reaction, note_reaction
from bot.slack.deps import Deps
from bot.slack.parse import message_ts, slack_id


def parse_reaction(event: object) -> Reaction | None:
    """A reaction to a message (reaction_added); None for a file, or a malformed event."""
    event = event if isinstance(event, dict) else {}
    item = event.get("item")
    item = item if isinstance(item, dict) else {}
    user, channel = slack_id(event.get("user")), slack_id(item.get("channel"))
    ts = message_ts(item.get("ts"))
    if item.get("type") != "message" or user is None or channel is None or ts is None:
        return None
    return Reaction(user, channel, ts)


def register(app: App, deps: Deps) -> None:
    """Attach the reaction_added listener."""

    @app.event("reaction_added")
    def on_reaction(event: dict[str, Any]) -> None:
        reaction = parse_reaction(event)
        if reaction is not None:
            note_reaction(deps.uow, reaction, deps.clock.now())
