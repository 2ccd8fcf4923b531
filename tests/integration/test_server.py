"""The ASGI app's own routes: health on a reachable and an unreachable database, body limits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from slack_bolt import App

from bot.db.engine import database_answers, make_engine
from bot.deadline import HealthProbe
from bot.demo.fake_slack.signing import FORM, signed_headers
from bot.server import HEALTH_SECONDS, build_asgi_app
from bot.slack.dispatch import Dispatcher
from bot.slack.endpoint import MAX_BODY_BYTES, SlackEndpoint
from tests.support.asgi import serving


@contextmanager
def _app(database_url: str, lifecycle: list[str], bolt_app: App | None = None) -> Iterator[str]:
    """Serve the app over real HTTP; yields its base URL."""
    engine = make_engine(database_url)
    probe = HealthProbe(lambda: database_answers(engine), hang_after=HEALTH_SECONDS)
    dispatcher = Dispatcher(bolt_app, probe) if bolt_app is not None else None
    app = build_asgi_app(
        slack=SlackEndpoint(dispatcher, "s") if dispatcher is not None else None,
        health=probe,
        on_startup=lambda: lifecycle.append("started"),
        on_shutdown=lambda: lifecycle.append("stopped"),
    )
    try:
        with serving(app) as base:
            yield base
    finally:
        if dispatcher is not None:
            dispatcher.close()
        probe.close()
        engine.dispose()


def test_healthz_is_200_when_the_database_answers(database_url: str) -> None:
    lifecycle: list[str] = []
    with _app(database_url, lifecycle) as base:
        response = httpx.get(f"{base}/healthz")
        assert lifecycle == ["started"]
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert lifecycle == ["started", "stopped"]


def test_healthz_is_503_when_the_database_does_not_answer() -> None:
    # Nothing listens on port 9 of the loopback: the connection is refused at once.
    with _app("postgresql+psycopg://kairos@127.0.0.1:9/kairos", []) as base:
        response = httpx.get(f"{base}/healthz", timeout=10)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_slack_path_is_absent_without_a_bolt_app(database_url: str) -> None:
    with _app(database_url, []) as base:
        assert httpx.post(f"{base}/slack/events", content=b"{}").status_code in (404, 405)


def test_oversized_bodies_are_refused(database_url: str) -> None:
    bolt = App(signing_secret="s", token="xoxb-unused", token_verification_enabled=False)
    with _app(database_url, [], bolt) as base:
        body = b"x" * (MAX_BODY_BYTES + 1)
        headers = signed_headers("s", body, content_type=FORM)
        response = httpx.post(f"{base}/slack/events", content=body, headers=headers)
    assert response.status_code == 413
