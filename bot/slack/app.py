"""The Bolt app factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.slack.deps import Deps
from bot.slack.errors import as_text, handle_error, id_of
from bot.slack.keepalive import KeepAliveWebClient
from bot.slack.listeners import register_all
from bot.slack.pacing import Pacer
from bot.slack.speaking import speak_their_language

log = logging.getLogger(__name__)


def make_web_client(
    token: str, api_url: str, *, rate_scale: float | None = None, pacer: Pacer | None = None
) -> KeepAliveWebClient:
    """A Web API client for SLACK_API_URL that keeps connections open, waits out 429s and
    retries dropped connections. With `rate_scale` (KAIROS_SLACK_RATE_SCALE, as the
    composition root passes it) it calls each method no faster than Slack allows, times
    that scale; a test may pass its own `pacer` (on a fake clock) instead. Without either it
    does not pace: for tests against the simulated Slack, which sets no limits unless told."""
    if pacer is None and rate_scale is not None:
        pacer = Pacer(scale=rate_scale)
    return KeepAliveWebClient(
        token=token,
        base_url=api_url,
        timeout=10,
        pacer=pacer,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
        logger=logging.getLogger("kairos.slack_sdk"),
    )


class _DropTokenSkippedWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment itself and then warns that the client's
    token wins; it is the same token, so the warning only confuses operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


BOLT_LOGGER = logging.getLogger("kairos.bolt")
BOLT_LOGGER.addFilter(_DropTokenSkippedWarning())


# Bolt's App() turns into a multi-workspace OAuth app when it finds both of these in the
# environment. Kairos is a single-workspace app that reads them through its settings (for
# Connect), so App() is built without them; they stay in the environment for everything
# else, worker processes included.
BOLT_OAUTH_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


@contextmanager
def _without_environment(*names: str) -> Iterator[None]:
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def acknowledge_rate_limit_notices(
    body: dict[str, Any], next_: Callable[[], None]
) -> BoltResponse | None:
    """Slack sends `app_rate_limited` to every app past 30,000 events an hour, without a
    subscription: acknowledge it (Bolt would answer 404) and tell the operator."""
    if body.get("type") != "app_rate_limited":
        next_()
        return None
    log.warning(
        "Slack is rate-limiting the events it sends Kairos (app_rate_limited, team %s, "
        "minute %s): events of that minute are not delivered",
        id_of(body.get("team_id")),
        as_text(str(body.get("minute_rate_limited"))),
    )
    return BoltResponse(status=200, body="")


def build_app(*, client: WebClient, signing_secret: str, deps: Deps) -> App:
    """The Bolt app with Kairos's middleware, listeners and error handler.

    process_before_response=True: the HTTP answer is sent after the listener has run, so an
    event is acknowledged only once its effects are stored, and a failure answers 500 so that
    Slack retries. Listeners therefore keep to quick database work and a few API calls.
    """
    with _without_environment(*BOLT_OAUTH_VARIABLES):
        app = App(
            client=client,
            signing_secret=signing_secret,
            process_before_response=True,
            logger=BOLT_LOGGER,
            # Requests are verified before Bolt sees them (bot/slack/endpoint.py); Bolt's own
            # check logs the whole body of every request it refuses.
            request_verification_enabled=False,
        )
    app.middleware(acknowledge_rate_limit_notices)
    app.middleware(speak_their_language(deps.uow, deps.slack, deps.language))
    app.error(handle_error)
    register_all(app, deps)
    return app
