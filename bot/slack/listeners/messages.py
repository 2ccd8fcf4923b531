"""Message events in conversations Kairos is in."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.slack.deps import Deps


def register(app: App, deps: Deps) -> None:
    """Attach the message listener."""

    # "message" with no subtype filter matches every subtype (edits, deletes, joins, bot
    # posts...). That matters: an event with no matching listener gets a 404 from Bolt, and
    # Slack retries it three times.
    @app.event("message")
    def on_message(body: dict[str, Any]) -> None:
        with deps.uow(event_id=body.get("event_id")):
            # Recording the event id is all the foundation does with messages; the focus
            # feature examines them for mentions in this same unit of work.
            pass
