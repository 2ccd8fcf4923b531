"""App Home: the tab, and its buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack.blocks.help import HELP_TEXT, help_blocks
from bot.slack.blocks.home import home_view
from bot.slack.deps import Deps
from bot.slack.ids import Action


def register(app: App, deps: Deps) -> None:
    """Attach the App Home listeners."""

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        # The Messages tab sends this event too; only the Home tab has a view to render.
        if event.get("tab") == "home":
            client.views_publish(user_id=event["user"], view=home_view())
        with deps.uow(event_id=body.get("event_id")):
            pass  # recorded as handled only once the view is published

    @app.action(Action.HOME_SHOW_HELP)
    def on_show_help(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        # Home tab actions carry no response_url: reply in the app's DM with the user.
        client.chat_postMessage(channel=body["user"]["id"], text=HELP_TEXT, blocks=help_blocks())
