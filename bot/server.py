"""The ASGI application: Slack's request URL, the health check, and the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.deadline import HealthProbe
from bot.slack.endpoint import SlackEndpoint

log = logging.getLogger(__name__)

# A container runtime gives a health check a few seconds; a frozen database must get a 503
# well within them, not a hung request.
HEALTH_SECONDS = 1.5


def build_asgi_app(
    *,
    slack: SlackEndpoint | None,
    health: HealthProbe,
    on_startup: Callable[[], None],
    on_shutdown: Callable[[], None],
    extra_routes: Sequence[Route] = (),
) -> Starlette:
    """Routes for HTTP mode (slack given) or for Socket Mode (health check only)."""

    async def healthz(_request: Request) -> Response:
        if await health.healthy():
            return JSONResponse({"status": "ok", "database": "ok"})
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(on_startup)
        try:
            yield
        finally:
            # Runs after the server has stopped accepting and in-flight requests finished.
            await run_in_threadpool(on_shutdown)

    # Extra routes (the OAuth callback) are web pages, served in Socket Mode too.
    routes = [Route("/healthz", healthz, methods=["GET"]), *extra_routes]
    if slack is not None:
        routes.append(Route("/slack/events", slack.handle, methods=["POST"]))
    return Starlette(routes=routes, lifespan=lifespan)
