"""A small answer cache the gateway keeps in front of Slack (and of the database)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class Memo(Generic[Key, Value]):
    """Answers kept for a while (or for good, with max_age None), safe across threads."""

    def __init__(self, max_age: float | None) -> None:
        self._max_age = max_age
        self._entries: dict[Key, tuple[float, Value]] = {}
        self._lock = threading.Lock()

    def get(self, key: Key, load: Callable[[], Value]) -> Value:
        """The kept answer, or a fresh one from load() (a failure is not kept)."""
        kept = self.peek(key)
        if kept is not None:
            return kept
        value = load()
        self.put(key, value)
        return value

    def peek(self, key: Key) -> Value | None:
        """The kept answer if there is a fresh one; never loads."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and (
            self._max_age is None or time.monotonic() - entry[0] < self._max_age
        ):
            return entry[1]
        return None

    def put(self, key: Key, value: Value) -> None:
        """Keep an answer learnt elsewhere (from the database, or from a batch)."""
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
