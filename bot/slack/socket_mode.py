"""Socket Mode with the same deadline as HTTP: Slack gets its ack in time, whatever the
database does.

Bolt's handler acks an envelope only after the listener has run; this one runs the
listener through the Dispatcher, so an event that cannot be stored in time is not acked
(Slack redelivers it) and a command or button gets its kind late answer.
"""

from __future__ import annotations

import logging

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.clock import Clock
from bot.slack.dispatch import Dispatcher
from bot.slack.envelope import shape_problem
from bot.slack.refusals import RefusalLog
from bot.slack.verify import Refusal

log = logging.getLogger(__name__)


class DeadlineSocketModeHandler(SocketModeHandler):
    """Bolt's Socket Mode handler, dispatching through a Dispatcher."""

    def __init__(
        self,
        app: App,
        app_token: str,
        dispatcher: Dispatcher,
        refusals: RefusalLog,
        clock: Clock,
    ) -> None:
        super().__init__(app, app_token)
        self._dispatcher = dispatcher
        self._refusals = refusals
        self._clock = clock

    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:
        """Answer one envelope: Bolt's answer, or the late answer at the deadline."""
        # Bolt's send_response logs the time spent against its own wall clock.
        start = self._clock.now().timestamp()
        payload = req.payload
        problem = shape_problem(payload) if isinstance(payload, dict) else "not an object"
        if problem is not None:
            # Acknowledged, so that Slack does not deliver it again; there is nothing to do.
            self._refusals.refuse(200, f"{Refusal.UNREADABLE}: {problem}")
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        request = BoltRequest(mode="socket_mode", body=payload, headers=build_headers(req))
        send_response(client, req, self._dispatcher.dispatch_now(request), start)
