"""slack_sdk's WebClient, keeping its HTTP connections open between calls.

The SDK's synchronous client opens a new connection for every Web API call (urllib sends
`Connection: close`): against slack.com that is a TCP and TLS handshake per note, DM or
permalink. This client keeps idle connections in a small pool instead. Only the exchange
on the wire changes: the SDK still builds the request, applies its retry handlers (429s
with Retry-After, dropped connections) and parses the answer, because the override
behaves as urllib's urlopen does: HTTPError for a status outside 2xx, URLError for a
failure to send.

Given a pacer (bot/slack/pacing.py), every call, each retry of the SDK's included, first
waits for its turn at Slack's pace: a sweep's calls wait for a token, a request's only for a
429's hold. A 429 holds the calls that would meet it too, for its Retry-After.
"""

from __future__ import annotations

import http.client
import io
import json
import threading
import weakref
from collections import deque
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, urlsplit
from urllib.request import Request

from slack_sdk import WebClient

from bot.fanout import running_in_background
from bot.slack.pacing import Pacer

# Idle connections kept per host; more may be open while calls run, and are closed after.
MAX_IDLE = 8
# A connection the server closed while it sat idle fails on reuse in one of these ways
# before the request reached the server; it is safe to send again on a new connection.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)

Origin = tuple[str, str, int]  # scheme, host, port
# What the SDK's own retry handler waits after a 429 without Retry-After.
DEFAULT_RETRY_AFTER = 1.0


class KeepAliveWebClient(WebClient):
    """A WebClient whose calls reuse open HTTP(S) connections; safe across threads."""

    def __init__(self, *args: Any, pacer: Pacer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pacer = pacer
        self._idle: dict[Origin, deque[http.client.HTTPConnection]] = {}
        self._idle_lock = threading.Lock()
        # A client dropped without close_idle() closes its sockets when it is collected.
        weakref.finalize(self, _close_all, self._idle, self._idle_lock)

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        # Called by the SDK for each attempt, so its retries after a 429 are paced too.
        if self._pacer is None:
            return self._perform(url, req)
        parts = urlsplit(url)
        method = parts.path.rsplit("/", 1)[-1]
        channel = _channel(req, parts.query) if self._pacer.per_conversation(method) else None
        # A request's calls go at once (Slack waits for its answer); a sweep's keep the pace.
        self._pacer.wait(method, channel, urgent=not running_in_background())
        try:
            return self._perform(url, req)
        except HTTPError as error:
            if error.code == 429:
                header = error.headers.get("Retry-After") if error.headers else None
                self._pacer.hold(method, _retry_after(header), channel)
            raise

    def _perform(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        if self.proxy or parts.scheme not in ("http", "https") or not parts.hostname:
            return super()._perform_urllib_http_request_internal(url, req)
        default_port = 443 if parts.scheme == "https" else 80
        origin: Origin = (parts.scheme, parts.hostname, parts.port or default_port)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {name: value for name, value in req.header_items() if name != "Connection"}
        connection, reused = self._take(origin)
        try:
            try:
                response = self._exchange(connection, req, path, headers)
            except _STALE:
                if not reused:
                    raise
                connection.close()
                connection = self._open(origin)
                response = self._exchange(connection, req, path, headers)
            body = response.read()
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            self._give_back(origin, connection)
        if not 200 <= response.status < 300:
            raise HTTPError(
                url, response.status, response.reason, response.headers, io.BytesIO(body)
            )
        if response.headers.get_content_type() == "application/gzip":
            return {"status": response.status, "headers": response.headers, "body": body}
        charset = response.headers.get_content_charset() or "utf-8"
        return {
            "status": response.status,
            "headers": response.headers,
            "body": body.decode(charset),
        }

    def _exchange(
        self,
        connection: http.client.HTTPConnection,
        req: Request,
        path: str,
        headers: dict[str, str],
    ) -> http.client.HTTPResponse:
        try:
            connection.request(req.get_method(), path, body=req.data, headers=headers)
        except _STALE:
            raise  # OSErrors too, but the caller retries these on a new connection
        except OSError as error:
            raise URLError(error) from error  # as urlopen reports a failure to send
        return connection.getresponse()

    def _take(self, origin: Origin) -> tuple[http.client.HTTPConnection, bool]:
        with self._idle_lock:
            idle = self._idle.get(origin)
            if idle:
                return idle.pop(), True
        return self._open(origin), False

    def _open(self, origin: Origin) -> http.client.HTTPConnection:
        scheme, host, port = origin
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self.ssl)
        return http.client.HTTPConnection(host, port, timeout=self.timeout)

    def _give_back(self, origin: Origin, connection: http.client.HTTPConnection) -> None:
        with self._idle_lock:
            idle = self._idle.setdefault(origin, deque())
            if len(idle) < MAX_IDLE:
                idle.append(connection)
                return
        connection.close()

    def close_idle(self) -> None:
        """Close every idle connection (at shutdown)."""
        _close_all(self._idle, self._idle_lock)


def _channel(req: Request, query: str) -> str | None:
    """The conversation a call is about, from its JSON or form body (as the SDK builds them)
    or its query string."""
    content_type = (req.get_header("Content-type") or "").split(";")[0].strip().lower()
    data = req.data if isinstance(req.data, bytes) else b""
    value: object = None
    if content_type == "application/json" and data:
        try:
            body = json.loads(data)
        except ValueError:
            body = None
        value = body.get("channel") if isinstance(body, dict) else None
    elif content_type == "application/x-www-form-urlencoded" and data:
        value = parse_qs(data.decode("utf-8", "replace")).get("channel", [None])[0]
    if value is None and query:
        value = parse_qs(query).get("channel", [None])[0]
    return value if isinstance(value, str) and value else None


def _retry_after(header: str | None) -> float:
    """Retry-After in seconds (Slack sends whole seconds); the SDK's default without one."""
    try:
        seconds = float(header) if header is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER
    return seconds if seconds >= 0 and seconds != float("inf") else DEFAULT_RETRY_AFTER


def _close_all(idle: dict[Origin, deque[http.client.HTTPConnection]], lock: threading.Lock) -> None:
    with lock:
        connections = [c for kept in idle.values() for c in kept]
        idle.clear()
    for connection in connections:
        connection.close()
