"""Slack's request URL: verify, read within limits, then hand the envelope to Bolt.

The order is the guarantee. Nothing in a request is read, logged or acted on before its
signature and timestamp are verified here, so Bolt's own verification is off (it logs the
body of every request it refuses):

1. the signature headers must be well formed and fresh, else 401, before the body is read;
2. the body is read as it streams, up to MAX_BODY_BYTES, else 413 without reading the rest;
3. the HMAC must match, else 401;
4. the body must be an envelope Slack sends, else 400 (envelope.py);
5. Bolt dispatches it, and Slack gets an answer within its deadline (dispatch.py).

Refusals are counted and logged by reason only (refusals.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt import BoltRequest
from slack_bolt.adapter.starlette.handler import to_starlette_response
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from bot.slack.dispatch import Dispatcher
from bot.slack.envelope import UnreadableBody, media_type, read_envelope
from bot.slack.refusals import RefusalLog
from bot.slack.verify import Refusal, check_headers, signature_matches

# Slack's payloads are a few kilobytes; the largest, a message_changed with blocks and
# attachments, stays well under this.
MAX_BODY_BYTES = 1024 * 1024


class SlackEndpoint:
    """The ASGI handler of POST /slack/events."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        signing_secret: str,
        *,
        refusals: RefusalLog | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._dispatcher = dispatcher
        self._secret = signing_secret.encode("utf-8")
        self.refusals = refusals or RefusalLog()
        self._now = now

    async def handle(self, request: Request) -> Response:
        """Answer one request from Slack (or from anyone pretending to be Slack)."""
        timestamp = request.headers.get("x-slack-request-timestamp")
        signature = request.headers.get("x-slack-signature")
        refusal = check_headers(timestamp, signature, self._now())
        if refusal is not None:
            return self._refuse(401, refusal)
        assert timestamp is not None  # checked just above
        assert signature is not None
        try:
            body = await read_capped(request, MAX_BODY_BYTES)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is left to read it
        if body is None:
            return self._refuse(413, Refusal.TOO_LARGE)
        if not signature_matches(self._secret, timestamp, signature, body):
            return self._refuse(401, Refusal.WRONG_SIGNATURE)
        try:
            envelope = read_envelope(body, request.headers.get("content-type"))
            bolt_request = _bolt_request(body, envelope, request)
        except UnreadableBody as error:
            return self._refuse(400, f"{Refusal.UNREADABLE}: {error}")
        return to_starlette_response(await self._dispatcher.dispatch(bolt_request))

    def _refuse(self, status: int, reason: str) -> Response:
        self.refusals.refuse(status, reason)
        return Response(status_code=status)


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it is known to be longer than limit (by its
    Content-Length, or while it streams: a chunked upload declares no length)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _bolt_request(body: bytes, envelope: dict[str, Any], request: Request) -> BoltRequest:
    headers: dict[str, str | Sequence[str]] = dict(request.headers.items())
    headers["content-type"] = media_type(request.headers.get("content-type"))
    try:
        bolt_request = BoltRequest(
            body=body.decode("utf-8"), query=request.url.query, headers=headers
        )
        if bolt_request.body != envelope:
            # Bolt takes any form that mentions "payload" (`/kairos payload`) for an
            # interaction, and finds no payload in it; the envelope read here is the truth.
            bolt_request.body = envelope
            bolt_request.context = build_context(BoltContext(), envelope)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        # envelope.py checks what Bolt reads; this is the net under that check.
        raise UnreadableBody(f"Bolt cannot route it ({type(error).__name__})") from None
    return bolt_request
