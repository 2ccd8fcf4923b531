"""Check-ins and their channel's members: someone who leaves a check-in's channel leaves
its check-ins (no longer asked, and not counted as not answering)."""

from __future__ import annotations

from slack_bolt import App, BoltContext

from bot.checkins.service_asks import person_left
from bot.slack.deps import Deps
from bot.slack.parse import slack_id


def _field(event: object, key: str) -> str | None:
    return slack_id(event.get(key) if isinstance(event, dict) else None)


def register(app: App, deps: Deps) -> None:
    """member_left_channel (channels:read / groups:read, sent for channels Kairos is in)."""

    @app.event("member_left_channel")
    def on_left(event: object, context: BoltContext) -> None:
        user_id, channel_id = _field(event, "user"), _field(event, "channel")
        if user_id is None or channel_id is None or user_id == context.bot_user_id:
            return  # Kairos itself removed: its next post there finds out (lose_channel)
        person_left(deps.uow, channel_id, user_id)
