"""The HTTP side of the fake Slack: Starlette routes, and uvicorn in a background thread."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import socket
import threading
import time
from collections.abc import Callable
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

# Importing the handler modules registers the methods with slack_methods.
from bot.demo.fake_slack import slack_conversations, slack_files, slack_views, slack_workspace  # noqa: F401
from bot.demo.fake_slack.slack_methods import decode_args, dispatch
from bot.demo.fake_slack.slack_state import SlackState
from bot.demo.fake_slack.socket_mode import SocketModeHub


def build_asgi_app(
    get_state: Callable[[], SlackState], get_hub: Callable[[], SocketModeHub]
) -> Starlette:
    """The fake's routes. State and hub are looked up per request: FakeSlack.reset()
    replaces them while the server keeps running."""

    async def api(request: Request) -> Response:
        raw = dict(request.query_params)
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            try:
                data = json.loads(body or b"{}")
            except json.JSONDecodeError:
                data = None
            if not isinstance(data, dict):
                return JSONResponse({"ok": False, "error": "invalid_json"})
            raw.update(data)
        elif body:
            raw.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        # slack_sdk sends "Authorization: Bearer"; a token form field works too.
        token, basic = credentials(request.headers.get("authorization", ""))
        form_token = raw.pop("token", None)
        token = token or (str(form_token) if form_token else None)
        reply = dispatch(
            get_state(),
            request.path_params["method"],
            decode_args(raw),
            token=token,
            basic_auth=basic,
            http_method=request.method,
            peer=f"{request.client.host}:{request.client.port}" if request.client else "",
        )
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)

    async def download(request: Request) -> Response:
        file_id = request.path_params["file_id"]
        token, _ = credentials(request.headers.get("authorization", ""))
        state = get_state()
        with state.lock:
            known = token is not None and token in state.tokens
            content = state.file_contents.get(file_id) if file_id in state.files else None
            mimetype = state.files[file_id]["mimetype"] if content is not None else ""
        if content is None:
            return PlainTextResponse("Not Found", status_code=404)
        if not known:
            # Real Slack answers a sign-in HTML page here; tests get a plain refusal.
            return PlainTextResponse("Forbidden", status_code=403)
        return Response(content, media_type=mimetype)

    async def upload(request: Request) -> Response:
        file_id = request.path_params["file_id"]
        body = await request.body()
        state = get_state()
        with state.lock:
            if file_id not in state.pending_uploads:
                return PlainTextResponse("Not Found", status_code=404)
            state.file_contents[file_id] = body
        return PlainTextResponse(f"OK - {len(body)}")

    async def response_url(request: Request) -> Response:
        body = await request.body()
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            return PlainTextResponse("invalid_payload", status_code=400)
        state = get_state()
        with state.changed:
            posts = state.responses.get(request.path_params["response_id"])
            if posts is None:
                return PlainTextResponse("no_service", status_code=404)
            posts.append(data)
            state.changed.notify_all()
        # Slack answers a response_url post with a plain "ok".
        return PlainTextResponse("ok")

    async def socket_mode(websocket: WebSocket) -> None:
        await get_hub().serve(websocket)

    return Starlette(
        routes=[
            Route("/api/{method}", api, methods=["GET", "POST"]),
            Route("/files/{file_id}/{name:path}", download, methods=["GET"]),
            Route("/upload/{file_id}", upload, methods=["POST"]),
            Route("/response/{response_id}", response_url, methods=["POST"]),
            WebSocketRoute("/link/", socket_mode),
            WebSocketRoute("/link", socket_mode),
        ]
    )


def credentials(header: str) -> tuple[str | None, tuple[str, str] | None]:
    """(bearer token, (client id, secret) of Basic auth) from an Authorization header."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), None
    if scheme.lower() == "basic":
        try:
            client_id, _, secret = base64.b64decode(value.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        return None, (client_id, secret)
    return None, None


class ServerThread:
    """uvicorn serving an ASGI app on 127.0.0.1 from a daemon thread."""

    def __init__(self, app: Starlette) -> None:
        # Binding here, not in uvicorn, tells us the port before the server runs. The
        # protocol is named: asyncio turns Nagle's algorithm off only on sockets whose proto
        # is IPPROTO_TCP, and with it on, a kept-alive client waits ~40 ms for every answer
        # (the body waits for the ACK of the headers, which the client delays). Slack's
        # servers answer without that stall.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_config=None,  # leave the process's logging configuration alone
            log_level="warning",
            lifespan="off",
            http="h11",
            # The sans-I/O implementation: websockets' legacy one is deprecated.
            ws="websockets-sansio",
            # Do not wait forever for keep-alive connections of clients that never close.
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name=f"fake-slack-{self.port}",
            daemon=True,
        )

    def start(self, *, timeout: float) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._server.should_exit = True
                self._thread.join(timeout)
                self._sock.close()
                raise RuntimeError("the fake Slack server did not start")
            time.sleep(0.005)

    def stop(self, *, timeout: float) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise RuntimeError(f"the fake Slack server did not stop within {timeout}s")
        self._sock.close()  # uvicorn has closed it already; this is for a failed start
