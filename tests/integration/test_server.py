"""The ASGI app's own routes: health on a reachable and an unreachable database, body limits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from slack_bolt import App

from bot.db.engine import database_answers, make_engine
from bot.server import MAX_BODY_BYTES, build_asgi_app
from tests.support.asgi import serving


@contextmanager
def _app(database_url: str, lifecycle: list[str], bolt_app: App | None = None) -> Iterator[str]:
    """Serve the app over real HTTP; yields its base URL."""
    engine = make_engine(database_url)
    app = build_asgi_app(
        bolt_app=bolt_app,
        database_answers=lambda: database_answers(engine),
        on_startup=lambda: lifecycle.append("started"),
        on_shutdown=lambda: lifecycle.append("stopped"),
    )
    try:
        with serving(app) as base:
            yield base
    finally:
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
        response = httpx.post(f"{base}/slack/events", content=b"x" * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413
