"""Global Bolt middleware."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from bot.db.uow import UnitOfWork
from bot.slack import dedupe

log = logging.getLogger(__name__)

Middleware = Callable[..., BoltResponse | None]


def skip_processed_events(uow: UnitOfWork) -> Middleware:
    """Acknowledge, without handling again, an event whose effects are already stored."""

    def middleware(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id")
        if isinstance(event_id, str):
            with uow() as session:
                if dedupe.already_processed(session, event_id):
                    log.info("event %s was already handled; acknowledging the retry", event_id)
                    return BoltResponse(status=200, body="")
        next()
        return None

    return middleware
