"""The ids and tokens every payload carries, and fresh timestamps, event ids and trigger ids
shaped like Slack's."""

from __future__ import annotations

import itertools
import uuid

from bot.clock import unix_seconds

TEAM_ID = "T0001"
TEAM_DOMAIN = "fake"
API_APP_ID = "A0001"
BOT_USER_ID = "UBOT"
# The deprecated verification token Slack still sends in every payload.
VERIFICATION_TOKEN = "fake-verification-token"

_ts_counter = itertools.count(1)


def new_ts() -> str:
    """A fresh message timestamp ("1700000000.000123"): now, unique within the process."""
    return f"{int(unix_seconds())}.{next(_ts_counter) % 1_000_000:06d}"


def new_event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def new_trigger_id() -> str:
    """A trigger_id shaped like Slack's ("1234567890.1234567890.abcdef...")."""
    return f"{int(unix_seconds())}.{uuid.uuid4().int % 10**10}.{uuid.uuid4().hex}"
