"""Slack's request signature, checked before anything in a request is read or logged (pure).

Slack signs every request with X-Slack-Signature: "v0=" + the hex HMAC-SHA256, keyed with
the app's signing secret, of "v0:{X-Slack-Request-Timestamp}:{raw body}". The headers are
checked first, on their own, so that a request without a plausible signature is refused
before its body is read at all.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from enum import StrEnum

# Slack's replay window: a request signed more than five minutes away from now is refused.
MAX_AGE_SECONDS = 5 * 60

# ASCII digits only: int() would also accept " 17", "1_7" and fullwidth "１７".
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


class Refusal(StrEnum):
    """Why a request was refused; the one thing about it that reaches the log."""

    NO_TIMESTAMP = "no timestamp header"
    BAD_TIMESTAMP = "malformed timestamp"
    STALE = "timestamp outside the five-minute window"
    NO_SIGNATURE = "no signature header"
    BAD_SIGNATURE = "malformed signature"
    WRONG_SIGNATURE = "signature does not match"
    TOO_LARGE = "body too large"
    UNREADABLE = "body Kairos cannot read"


def check_headers(timestamp: str | None, signature: str | None, now: float) -> Refusal | None:
    """Why these signature headers cannot be a fresh request from Slack, or None."""
    if timestamp is None:
        return Refusal.NO_TIMESTAMP
    if not _TIMESTAMP.fullmatch(timestamp):
        return Refusal.BAD_TIMESTAMP
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return Refusal.STALE
    if signature is None:
        return Refusal.NO_SIGNATURE
    if not _SIGNATURE.fullmatch(signature):
        return Refusal.BAD_SIGNATURE
    return None


def expected_signature(secret: bytes, timestamp: str, body: bytes) -> str:
    """The X-Slack-Signature Slack sends with this body at this timestamp."""
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    return "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()


def signature_matches(secret: bytes, timestamp: str, signature: str, body: bytes) -> bool:
    """Whether signature signs body at timestamp (constant time: no timing oracle)."""
    expected = expected_signature(secret, timestamp, body)
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace"))
