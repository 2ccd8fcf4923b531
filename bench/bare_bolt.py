"""A bare Bolt app that only acknowledges, served like Kairos serves (the benchmark baseline)."""

from __future__ import annotations

import os
from typing import Any

import uvicorn
from slack_bolt import App
from slack_sdk import WebClient
from starlette.applications import Starlette

from bot.deadline import HealthProbe
from bot.server import HEALTH_SECONDS, build_asgi_app
from bot.slack.dispatch import Dispatcher
from bot.slack.endpoint import SlackEndpoint


def app() -> Starlette:
    """The do-nothing Bolt app behind Kairos's ASGI set-up."""
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    bolt = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=True,
    )

    @bolt.event("message")
    def ack_only(body: dict[str, Any]) -> None:
        return None

    probe = HealthProbe(lambda: True, hang_after=HEALTH_SECONDS)
    return build_asgi_app(
        slack=SlackEndpoint(Dispatcher(bolt, probe), os.environ["SLACK_SIGNING_SECRET"]),
        health=probe,
        on_startup=lambda: None,
        on_shutdown=lambda: None,
    )


def main() -> None:
    """Serve it on PORT with WEB_CONCURRENCY worker processes, as `kairos run --http` does."""
    uvicorn.run(
        "bench.bare_bolt:app",
        factory=True,
        host="127.0.0.1",
        port=int(os.environ["PORT"]),
        workers=int(os.environ.get("WEB_CONCURRENCY", "1")),
        log_level="warning",
    )


if __name__ == "__main__":
    main()
