"""The ASGI application: Slack's request URL, the health check, and the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

log = logging.getLogger(__name__)

# Slack's payloads are a few kilobytes; refuse anything absurd before reading it.
MAX_BODY_BYTES = 1024 * 1024


def build_asgi_app(
    *,
    bolt_app: App | None,
    database_answers: Callable[[], bool],
    on_startup: Callable[[], None],
    on_shutdown: Callable[[], None],
    extra_routes: Sequence[Route] = (),
) -> Starlette:
    """Routes for HTTP mode (bolt_app given) or for Socket Mode (health check only)."""

    async def slack_events(request: Request) -> Response:
        assert bolt_app is not None
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return Response(status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response(status_code=413)
        # Bolt's App is synchronous; dispatching on the event loop would serialise requests.
        bolt_response = await run_in_threadpool(bolt_app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def healthz(_request: Request) -> Response:
        if await run_in_threadpool(database_answers):
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
    if bolt_app is not None:
        routes.append(Route("/slack/events", slack_events, methods=["POST"]))
    return Starlette(routes=routes, lifespan=lifespan)
