"""Socket Mode for the fake Slack: the WebSocket side of apps.connections.open.

The server side runs on the fake's event loop (serve()); tests drive it from their own thread
(send(), disconnect(), ...), which hands work to that loop and waits on a condition for the
client's acknowledgements.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
import uuid
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict, Unpack

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

EnvelopeType = Literal["events_api", "slash_commands", "interactive"]


class EnvelopeOptions(TypedDict, total=False):
    """How an envelope is sent: its delivery attempt, and whether it takes an answer."""

    retry_attempt: int  # 0, with retry_reason "", the first time
    retry_reason: str
    # Default: Slack's, false for events_api and true for slash_commands and interactive.
    accepts_response_payload: bool | None


@dataclass
class SocketConnection:
    """One WebSocket connection opened with a ticket from apps.connections.open."""

    number: int  # 1 for the first connection since start, 2 for the next...
    websocket: WebSocket
    loop: asyncio.AbstractEventLoop
    ticket: str
    open: bool = True
    received: list[dict[str, Any]] = field(default_factory=list)


class SocketModeHub:
    """Tickets, connections, envelopes and acks of the fake's Socket Mode."""

    def __init__(self, *, app_id: str) -> None:
        self.app_id = app_id
        self._cond = threading.Condition()
        self._tickets: set[str] = set()
        self._connections: list[SocketConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._envelopes: list[dict[str, Any]] = []

    # ---- tickets (apps.connections.open)

    def issue_url(self, base_ws_url: str) -> str:
        ticket = uuid.uuid4().hex
        with self._cond:
            self._tickets.add(ticket)
        return f"{base_ws_url}/link/?ticket={ticket}&app_id={self.app_id}"

    # ---- the server side

    async def serve(self, websocket: WebSocket) -> None:
        """The /link/ endpoint: Slack's handshake, then collect what the client sends."""
        ticket = websocket.query_params.get("ticket", "")
        with self._cond:
            known = ticket in self._tickets
        if not known:
            await websocket.close(code=1008)  # before accept(): the handshake gets HTTP 403
            return
        await websocket.accept()
        with self._cond:
            open_count = 1 + sum(c.open for c in self._connections)
        # Slack greets every connection first; registering it only afterwards means that
        # nothing a test sends after wait_for_socket() can overtake the hello.
        hello = {
            "type": "hello",
            "num_connections": open_count,
            "debug_info": {
                "host": "applink-fake",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }
        try:
            await websocket.send_text(json.dumps(hello))
        except (WebSocketDisconnect, OSError):
            return  # the client went away at once
        with self._cond:
            connection = SocketConnection(
                number=len(self._connections) + 1,
                websocket=websocket,
                loop=asyncio.get_running_loop(),
                ticket=ticket,
            )
            self._connections.append(connection)
            self._cond.notify_all()
        try:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                self._on_text(connection, message.get("text") or "")
        except WebSocketDisconnect:
            pass
        finally:
            with self._cond:
                connection.open = False
                self._cond.notify_all()

    def _on_text(self, connection: SocketConnection, text: str) -> None:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = {"unparsed": text}
        with self._cond:
            connection.received.append(data)
            envelope_id = data.get("envelope_id") if isinstance(data, dict) else None
            if isinstance(envelope_id, str):
                self._acks[envelope_id] = data
            self._cond.notify_all()

    # ---- what tests see

    @property
    def connection_count(self) -> int:
        with self._cond:
            return len(self._connections)

    @property
    def open_connections(self) -> list[SocketConnection]:
        with self._cond:
            return [c for c in self._connections if c.open]

    @property
    def envelopes(self) -> list[dict[str, Any]]:
        with self._cond:
            return list(self._envelopes)

    def wait_for_connection(self, *, count: int, timeout: float) -> SocketConnection:
        """Wait until `count` connections have been made in all and one is open."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                live = [c for c in self._connections if c.open]
                if len(self._connections) >= count and live:
                    return live[-1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"no Socket Mode connection #{count} within {timeout}s "
                        f"({len(self._connections)} made, {len(live)} open); did the client "
                        "call apps.connections.open and connect to the URL it returned?"
                    )
                self._cond.wait(remaining)

    def _latest(self) -> SocketConnection:
        live = self.open_connections
        if not live:
            raise AssertionError("no Socket Mode client is connected (see wait_for_socket)")
        return live[-1]

    def _run(self, connection: SocketConnection, coro: Any, timeout: float) -> None:
        future = asyncio.run_coroutine_threadsafe(coro, connection.loop)
        try:
            future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise AssertionError(f"the fake could not write to the socket in {timeout}s") from None

    def send_nowait(
        self,
        envelope_type: EnvelopeType,
        payload: dict[str, Any],
        *,
        timeout: float = 5.0,
        **options: Unpack[EnvelopeOptions],
    ) -> str:
        """Send an envelope to the newest connection; return its envelope_id."""
        envelope_id = str(uuid.uuid4())
        accepts_response_payload = options.get("accepts_response_payload")
        if accepts_response_payload is None:
            # Slack lets commands and interactions answer through the ack, events not.
            accepts_response_payload = envelope_type != "events_api"
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": envelope_type,
            "accepts_response_payload": accepts_response_payload,
        }
        if envelope_type == "events_api":
            # Only Events API envelopes carry delivery attempts (0 and "" the first time).
            envelope.update(
                retry_attempt=options.get("retry_attempt", 0),
                retry_reason=options.get("retry_reason", ""),
            )
        connection = self._latest()
        with self._cond:
            self._envelopes.append(envelope)
        self._run(connection, connection.websocket.send_text(json.dumps(envelope)), timeout)
        return envelope_id

    def wait_for_ack(self, envelope_id: str, *, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self._acks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"no ack for envelope {envelope_id} within {timeout}s; Bolt does not "
                        "ack an envelope that no listener matched (it answers 404), nor one "
                        "whose listener raised before ack()"
                    )
                self._cond.wait(remaining)
            return self._acks[envelope_id]

    def ack_for(self, envelope_id: str) -> dict[str, Any] | None:
        with self._cond:
            return self._acks.get(envelope_id)

    def disconnect(
        self, reason: str, *, wait_for_reconnect: bool, timeout: float
    ) -> SocketConnection | None:
        """Slack's way of rotating a connection: a disconnect message, then closing it.

        Clients open their next connection on the message; the old one is closed only after
        that (or after timeout), as Slack leaves some seconds between the two.
        """
        connection = self._latest()
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        self._run(connection, connection.websocket.send_text(json.dumps(message)), timeout)
        replacement = None
        if wait_for_reconnect:
            replacement = self.wait_for_connection(count=connection.number + 1, timeout=timeout)
        self.close(connection, code=1000, timeout=timeout)
        return replacement

    def close(self, connection: SocketConnection, *, code: int, timeout: float) -> None:
        """Close one connection from the server side (a no-op if it is already closed)."""
        if not connection.open:
            return

        async def close() -> None:
            if connection.websocket.application_state == WebSocketState.CONNECTED:
                await connection.websocket.close(code=code)

        # RuntimeError: the loop has stopped, so the connection is gone anyway.
        with contextlib.suppress(RuntimeError):
            self._run(connection, close(), timeout)

    def close_all(self, *, timeout: float) -> None:
        for connection in self.open_connections:
            self.close(connection, code=1001, timeout=timeout)
