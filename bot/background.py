"""Courtesy work run beside a request (a note to a sender), with its failures logged."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class BackgroundWork:
    """A small thread pool; shutdown waits for what was submitted, so nothing is cut off."""

    def __init__(self, workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kairos-bg")

    def submit(self, work: Callable[[], None]) -> None:
        """Run work soon, in another thread, in a copy of the caller's context: it speaks
        the language of the request that asked for it (bot/i18n), as the request would."""
        self._pool.submit(contextvars.copy_context().run, work).add_done_callback(_log_failure)

    def shutdown(self) -> None:
        """Finish what was submitted, then stop."""
        self._pool.shutdown(wait=True)


def _log_failure(future: Future[None]) -> None:
    error = future.exception()
    if error is not None:
        log.error("background work failed", exc_info=error)
