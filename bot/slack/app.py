"""The Bolt app factory."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.slack.deps import Deps
from bot.slack.errors import handle_error
from bot.slack.listeners import register_all
from bot.slack.middleware import skip_processed_events


def make_web_client(token: str, api_url: str) -> WebClient:
    """A Web API client for SLACK_API_URL that waits out 429s and retries dropped connections."""
    return WebClient(
        token=token,
        base_url=api_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
        logger=logging.getLogger("kairos.slack_sdk"),
    )


def build_app(*, client: WebClient, signing_secret: str, deps: Deps) -> App:
    """The Bolt app with Kairos's middleware, listeners and error handler.

    process_before_response=True: the HTTP answer is sent after the listener has run, so an
    event is acknowledged only once its effects are stored, and a failure answers 500 so that
    Slack retries. Listeners therefore keep to quick database work and a few API calls.
    """
    app = App(
        client=client,
        signing_secret=signing_secret,
        process_before_response=True,
        logger=logging.getLogger("kairos.bolt"),
    )
    app.use(skip_processed_events(deps.uow))
    app.error(handle_error)
    register_all(app, deps)
    return app
