"""Kairos's real Bolt app (its language middleware, listeners and error handler) talking to
the fake Slack, for integration tests that send it Slack's requests."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import replace

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.clock import FakeClock
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.i18n.languages import Language
from bot.norms.gateway import NormsGateway
from bot.slack.app import build_app, make_web_client
from bot.slack.deps import Deps
from bot.slack.gateway import SlackGateway

FORM = "application/x-www-form-urlencoded"


def kairos_app(
    uow: UnitOfWork,
    clock: FakeClock,
    fake: FakeSlack,
    *,
    language: Language = "en",
    slack: SlackGateway | None = None,
    in_background: Callable[[Callable[[], None]], None] | None = None,
) -> App:
    """The Bolt app on the fake Slack; `language` is KAIROS_LANGUAGE, `slack` a gateway of the
    test's own (by default one on the app's client), `in_background` where work after an
    ack goes (by default it runs at once, before the listener returns)."""
    client: WebClient = make_web_client(fake.bot_token, fake.api_url)
    deps = Deps(
        uow=uow,
        clock=clock,
        slack=slack if slack is not None else SlackGateway(client),
        norms_slack=NormsGateway(client, clock),
        language=language,
    )
    if in_background is not None:
        deps = replace(deps, in_background=in_background)
    return build_app(client=client, signing_secret="not checked here", deps=deps)


def dispatch(app: App, body: str, content_type: str = FORM) -> BoltResponse:
    """One request to the app, which must answer it with 200. It runs in a context of its
    own, as bot/slack/dispatch.py runs each: the language the middleware sets stays there."""
    request = BoltRequest(body=body, headers={"content-type": content_type})
    response = contextvars.copy_context().run(app.dispatch, request)
    assert response.status == 200, response.body
    return response
