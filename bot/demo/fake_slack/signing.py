"""Sign requests the way Slack does, independently of slack_sdk's SignatureVerifier.

Slack signs each request to an app: X-Slack-Signature is "v0=" + the hex HMAC-SHA256, keyed
with the app's signing secret, of "v0:{X-Slack-Request-Timestamp}:{raw body}".
"""

from __future__ import annotations

import hashlib
import hmac

from bot.clock import unix_seconds

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def slack_signature(secret: str, timestamp: int, body: str | bytes) -> str:
    """X-Slack-Signature for a body sent at timestamp (unix seconds)."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    base = f"v0:{timestamp}:".encode() + raw
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str,
    body: str | bytes,
    *,
    timestamp: int | None = None,
    content_type: str | None = None,
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
) -> dict[str, str]:
    """The headers of a request from Slack carrying body.

    content_type defaults to what Slack uses for such a body: application/json for Events
    API callbacks (a JSON object), application/x-www-form-urlencoded for slash commands and
    interactions. timestamp defaults to now; pass an old one to test replay protection.
    retry_num adds the X-Slack-Retry-Num/-Reason headers of a redelivery (1, 2, 3).
    """
    sent_at = int(unix_seconds()) if timestamp is None else timestamp
    if content_type is None:
        text = body if isinstance(body, str) else body.decode("utf-8", "replace")
        content_type = JSON if text.lstrip().startswith("{") else FORM
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(sent_at),
        "X-Slack-Signature": slack_signature(secret, sent_at, body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason
    return headers
