"""One item of a sweep failing holds up nothing else: it is logged once and retried later.

A sweeper hands each item (one person's digest, one nudge, one channel's summary...) to
Retries.attempt. An item that raises is logged in one line, with the sweeper, the item's
ids and Slack's error code, and waits its turn again: one minute after the first failure,
then two, four... at most an hour. Every other item due in that sweep still goes.

The backoff lives in memory, one Retries per sweeper in the process: one replica holds the
sweep lease, so it is the only one that needs to know, and a restart (or a new lease
holder) simply tries at once, which is what an operator restarting Kairos expects. Where a
sweeper already keeps a due time in its rows (calendar feeds, Connect), it also writes the
retry time there, so that row is not selected again meanwhile.

A database that is gone (down, unreachable, timing out) is not one item's problem: that
error fails the whole sweeper, which the scheduler runs again at its next tick, rather than
being logged once per item.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from sqlalchemy import exc as db_errors

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=1)
# A failure not tried again for this long is about an item that is no longer due (a
# meeting that passed, a channel that went away): forgotten, so memory stays small.
FORGET_AFTER = timedelta(days=1)

Result = TypeVar("Result")
Item = TypeVar("Item")


def backoff(attempts: int) -> timedelta:
    """The wait after `attempts` failures in a row: 1, 2, 4, 8... minutes, at most an hour."""
    if attempts < 1:
        raise ValueError("backoff follows at least one failure")
    # Past the cap the doubling no longer matters; the bound keeps the power small.
    doublings: int = min(attempts - 1, 16)
    wait: timedelta = FIRST_RETRY * (1 << doublings)
    return min(MAX_RETRY, wait)


@dataclass(frozen=True)
class Failure:
    """An item's failures in a row so far, and when it may be tried again."""

    attempts: int
    retry_at: datetime


def database_unavailable(error: BaseException) -> bool:
    """Whether the error means the database is gone for every item, not a fault of this one."""
    if isinstance(error, db_errors.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(
        error,
        (
            db_errors.OperationalError,  # refused, dropped, timed out, locked
            db_errors.InterfaceError,
            db_errors.DisconnectionError,
            db_errors.TimeoutError,  # no pooled connection came back in time
        ),
    )


def slack_error(error: BaseException) -> str | None:
    """Slack's error code (`internal_error`, `ratelimited`...) if the error carries one."""
    code = getattr(error, "error", None)  # the Connect port's errors hold the code itself
    if isinstance(code, str) and code:
        return code
    # slack_sdk's SlackApiError holds Slack's answer; read it without importing slack_sdk,
    # which no service may (the gateway is the only Web API adapter).
    response = getattr(error, "response", None)
    get = getattr(response, "get", None)
    if callable(get):
        try:
            code = get("error")
        except Exception:  # a response of another shape has no code to give
            return None
        if isinstance(code, str) and code:
            return code
    return None


def describe(error: BaseException) -> str:
    """What a log line may say about an error: Slack's code, or the exception's type and
    where it was raised. Never its message, which can hold message text or an address."""
    code = slack_error(error)
    if code is not None:
        return code
    frames = traceback.extract_tb(error.__traceback__)
    where = "".join(traceback.format_list(frames[-3:])).rstrip()
    return f"{type(error).__name__}\n{where}" if where else type(error).__name__


class Retries:
    """The items of one sweeper that failed lately, and when each may be tried again.

    Items are named by a string of their ids (a user id, a series key, a post id); a sweep
    asks `due` before taking an item and runs it through `attempt`. Safe across threads:
    the calendar sweep syncs a few feeds at once.
    """

    def __init__(self, sweeper: str) -> None:
        self.sweeper = sweeper
        self._failures: dict[str, Failure] = {}
        self._lock = threading.Lock()

    def due(self, key: str, now: datetime) -> bool:
        """Whether the item may be tried now (it has not failed, or its backoff is over)."""
        with self._lock:
            failure = self._failures.get(key)
        return failure is None or failure.retry_at <= now

    def failure(self, key: str) -> Failure | None:
        """The item's current run of failures, if its last attempt failed."""
        with self._lock:
            return self._failures.get(key)

    def attempt(
        self, key: str, now: datetime, work: Callable[[], Result], *, context: str = ""
    ) -> Result | None:
        """Run one item: its result, or None when it failed (logged, and backed off)."""
        try:
            result = work()
        except Exception as error:
            if database_unavailable(error):
                raise
            self.failed(key, now, error, context=context)
            return None
        self.succeeded(key)
        return result

    def attempt_in_order(
        self,
        key: str,
        now: datetime,
        items: Sequence[Item],
        work: Callable[[Item], int],
        *,
        what: str,
    ) -> int:
        """Run one key's items in order (a person's unsent DMs, oldest first) and count what
        work returns; a failure stops the rest, so a newer DM never overtakes an older one
        that is backing off."""
        done = 0
        for item in items:
            if not self.due(key, now):
                break
            done += self.attempt(key, now, partial(work, item), context=f"({what} {item})") or 0
        return done

    def failed(
        self, key: str, now: datetime, error: BaseException, *, context: str = ""
    ) -> Failure:
        """Record a failure of the item and log it once; returns when to try it again."""
        with self._lock:
            self._forget_stale(now)
            earlier = self._failures.get(key)
            attempts = earlier.attempts + 1 if earlier is not None else 1
            failure = Failure(attempts, now + backoff(attempts))
            self._failures[key] = failure
        wait = int(backoff(attempts).total_seconds())
        about = f"{key} {context}".rstrip()
        log.warning(
            "%s: %s failed (attempt %d, %s); trying it again in %d s",
            self.sweeper,
            about,
            attempts,
            describe(error),
            wait,
        )
        return failure

    def succeeded(self, key: str) -> None:
        """The item went through: its backoff starts afresh if it ever fails again."""
        with self._lock:
            self._failures.pop(key, None)

    def _forget_stale(self, now: datetime) -> None:
        stale = [k for k, f in self._failures.items() if f.retry_at <= now - FORGET_AFTER]
        for key in stale:
            del self._failures[key]
