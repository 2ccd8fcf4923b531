"""A bare Bolt app that only acknowledges, served like Kairos serves (the benchmark baseline)."""

from __future__ import annotations

import os
from typing import Any

import uvicorn
from slack_bolt import App
from slack_sdk import WebClient

from bot.server import build_asgi_app


def main() -> None:
    """Serve a do-nothing Bolt app on PORT with Kairos's server set-up."""
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=True,
    )

    @app.event("message")
    def ack_only(body: dict[str, Any]) -> None:
        return None

    asgi = build_asgi_app(
        bolt_app=app,
        database_answers=lambda: True,
        on_startup=lambda: None,
        on_shutdown=lambda: None,
    )
    uvicorn.run(asgi, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")


if __name__ == "__main__":
    main()
