"""Refused requests: counted, and logged as one short line per reason now and then.

A refused request is logged by its reason only, never with its body or headers: a body
that failed verification is anyone's, and a stale one may still be a real person's command
with a secret in it. The line is rate-limited, so a flood of refusals cannot fill the log.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable

log = logging.getLogger(__name__)

# At most one line per reason in this many seconds; the next line says how many were skipped.
LOG_EVERY_SECONDS = 60.0


class RefusalLog:
    """Counts refusals by reason and logs each reason at most once per interval."""

    def __init__(
        self,
        *,
        every: float = LOG_EVERY_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        logger: logging.Logger = log,
    ) -> None:
        self._every = every
        self._monotonic = monotonic
        self._log = logger
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self._unlogged: Counter[str] = Counter()
        self._last_logged: dict[str, float] = {}

    def refuse(self, status: int, reason: str) -> None:
        """Count one refusal, and log it unless this reason was logged recently."""
        with self._lock:
            self.counts[reason] += 1
            now = self._monotonic()
            last = self._last_logged.get(reason)
            if last is not None and now - last < self._every:
                self._unlogged[reason] += 1
                return
            self._last_logged[reason] = now
            skipped = self._unlogged.pop(reason, 0)
        if skipped:
            self._log.warning(
                "refused a request (%d): %s; %d more refused for this reason since the last line",
                status,
                reason,
                skipped,
            )
        else:
            self._log.warning("refused a request (%d): %s", status, reason)
