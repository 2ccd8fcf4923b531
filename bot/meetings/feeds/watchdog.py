"""A deadline for a whole download, however slowly the server sends it."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any


class Watchdog:
    """Shuts down every connection of one fetch at its deadline.

    A read timeout bounds each wait, not the whole: a server sending a byte every few
    seconds, in its headers too where no loop of ours runs, would hold a sync worker for
    hours. Shutting the socket down (through a duplicate, as TLS takes over the original)
    ends any blocking read at once.
    """

    def __init__(self, deadline: float) -> None:
        self.fired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True

    @contextlib.contextmanager
    def running(self) -> Iterator[Watchdog]:
        """Armed inside the block; the duplicates are closed after it."""
        self._timer.start()
        try:
            yield self
        finally:
            self._timer.cancel()
            with self._lock:
                for sock in self._sockets:
                    sock.close()
                self._sockets.clear()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: note each new connection's socket."""
        if event != "connection.connect_tcp.complete":
            return
        sock = info["return_value"].get_extra_info("socket")
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock.dup())
            if self.fired:
                _shut(self._sockets[-1])

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
