"""Bolt's dispatch under Slack's deadline, in HTTP and in Socket Mode alike.

Bolt runs a listener to its end before it answers (process_before_response), so a listener
stuck on a frozen database would hold Slack's answer for as long as the database is frozen.
Here the answer waits DEADLINE_SECONDS at most; then Slack is told what late.py says, and
the work goes on in its thread (see bot/deadline.py) or, if it had not started yet, is
dropped.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.webhook import WebhookClient

from bot.deadline import DeadlinePool, HealthProbe
from bot.slack.errors import request_summary
from bot.slack.late import database_down, late_answer, request_language, running_slow

log = logging.getLogger(__name__)

# Slack gives up after 3 s; this leaves time for the probe below and the answer's way back.
DEADLINE_SECONDS = 2.2
# How long a late answer waits for the database probe, to say what is wrong.
PROBE_SECONDS = 0.4
# Threads that may run listeners at once, so also how many a frozen database can hold.
# Below the connection pool's 40 (bot/db/engine.py), so that listeners never wait for each
# other's connections, and the scheduler and the health probe still find one.
WORKERS = 32
# Private notes ("that may not have gone through") are sent beside the answer.
NOTE_WORKERS = 2
NOTE_TIMEOUT_SECONDS = 5


class Dispatcher:
    """Runs Bolt's dispatch in a bounded pool and answers in time whatever it waits for."""

    def __init__(
        self,
        app: App,
        probe: HealthProbe,
        *,
        deadline: float = DEADLINE_SECONDS,
        workers: int = WORKERS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._probe = probe
        self._deadline = deadline
        self._monotonic = monotonic
        self._pool = DeadlinePool(workers, "kairos-slack")
        self._notes = DeadlinePool(NOTE_WORKERS, "kairos-late-note")

    async def dispatch(self, request: BoltRequest) -> BoltResponse:
        """Bolt's answer, or the late answer once the deadline has passed."""
        started = self._monotonic()
        future = self._pool.submit(lambda: self._run(request))
        try:
            # Shielded: on timeout the future is abandoned here, not cancelled by asyncio.
            waiting = asyncio.shield(asyncio.wrap_future(future))
            return await asyncio.wait_for(waiting, self._deadline)
        except TimeoutError:
            pass
        self._abandon(future, request, started)
        return self._late(request, await self._probe.healthy(PROBE_SECONDS))

    def dispatch_now(self, request: BoltRequest) -> BoltResponse:
        """dispatch(), for a caller on a thread of its own (Socket Mode's)."""
        started = self._monotonic()
        future = self._pool.submit(lambda: self._run(request))
        try:
            return future.result(self._deadline)
        except FutureTimeout:
            pass
        self._abandon(future, request, started)
        return self._late(request, self._probe.healthy_now(PROBE_SECONDS))

    def _run(self, request: BoltRequest) -> BoltResponse:
        # A context of its own: the language middleware sets the requester's language for the
        # rest of the request (bot/slack/speaking.py), and it must end with the request.
        return contextvars.Context().run(self._app.dispatch, request)

    def close(self) -> None:
        """Let the threads end once their current work does (they do not hold up exit)."""
        self._pool.shutdown()
        self._notes.shutdown()

    def _abandon(self, future: Future[BoltResponse], request: BoltRequest, started: float) -> None:
        summary = request_summary(request.body)
        if future.cancel():
            log.warning("dropped a request that waited too long for a thread: %s", summary)
            return

        def finished(done: Future[BoltResponse]) -> None:
            status = "failed" if done.exception() is not None else done.result().status
            log.info(
                "a request answered late finished after %.1f s (%s): %s",
                self._monotonic() - started,
                status,
                summary,
            )

        future.add_done_callback(finished)

    def _late(self, request: BoltRequest, database_answers: bool) -> BoltResponse:
        language = request_language(request.context)
        text = running_slow(language) if database_answers else database_down(language)
        answer = late_answer(request.body, text)
        log.warning(
            "answered without waiting any longer (%s, status %d): %s",
            "slow" if database_answers else "the database is not answering",
            answer.response.status,
            request_summary(request.body),
        )
        if answer.note_url is not None:
            url = answer.note_url
            self._notes.submit(lambda: _send_note(lambda: _post_to_response_url(url, text)))
        elif answer.note_user is not None:
            user = answer.note_user
            client = self._app.client
            self._notes.submit(
                lambda: _send_note(lambda: client.chat_postMessage(channel=user, text=text))
            )
        return answer.response


def _post_to_response_url(url: str, text: str) -> None:
    WebhookClient(url, timeout=NOTE_TIMEOUT_SECONDS).send(
        text=text, response_type="ephemeral", replace_original=False
    )


def _send_note(send: Callable[[], object]) -> None:
    try:
        send()
    except Exception as error:
        # A courtesy on top of the answer Slack already has: one line, no traceback.
        log.warning("could not send a note about a late answer: %s", type(error).__name__)
