"""A local HTTP server that serves calendar feeds the way calendar providers do."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    etag: bool = True
    redirect_to: str | None = None
    trickle_seconds: float = 0.0  # pause between 1 KB chunks
    gzip: bool = False
    declare_length: bool = True


@dataclass
class FeedServer:
    """Paths to routes; records every request's path and headers."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """The http address of a path."""
        return f"http://{host}:{self.port}{path}"

    def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        feeds = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                feeds.requests.append((self.path, dict(self.headers.items())))
                route = feeds.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                if route.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", route.redirect_to)
                    self.end_headers()
                    return
                tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                if route.etag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = gzip.compress(route.body) if route.gzip else route.body
                self.send_response(route.status)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                if route.gzip:
                    self.send_header("Content-Encoding", "gzip")
                if route.etag:
                    self.send_header("ETag", tag)
                if route.declare_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    for start in range(0, len(body), 1024):
                        self.wfile.write(body[start : start + 1024])
                        self.wfile.flush()
                        if route.trickle_seconds:
                            time.sleep(route.trickle_seconds)
                except (BrokenPipeError, ConnectionResetError):
                    return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
