"""ConnectPort on Slack's Web API, with each person's own token (through SLACK_API_URL)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.connect.model import Status
from bot.connect.ports import (
    Grant,
    OAuthRefusedError,
    SlackCallError,
    TokenRevokedError,
)

# Answers meaning the token will never work again: the connection is dropped, not retried.
REVOKED = frozenset(
    {"invalid_auth", "token_revoked", "token_expired", "account_inactive", "not_authed"}
)

# slack_sdk logs request bodies and responses at DEBUG whenever its logger's *own* level is
# DEBUG or unset: that would print OAuth codes, the client secret and user tokens. This
# logger's level is set, so it never does, whatever LOG_LEVEL is.
SDK_LOGGER = logging.getLogger("kairos.connect.slack_sdk")
SDK_LOGGER.setLevel(logging.INFO)


class ConnectGateway:
    """Snoozes, statuses and the OAuth exchange; 429s are waited out by the client."""

    def __init__(
        self, api_url: str, client_id: str, client_secret: str, *, timeout: int = 10
    ) -> None:
        self._api_url = api_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._timeout = timeout

    def _client(self, token: str | None) -> WebClient:
        # One client per call: the token differs per person, and WebClient holds no pool.
        return WebClient(
            token=token,
            base_url=self._api_url,
            timeout=self._timeout,
            retry_handlers=[
                ConnectionErrorRetryHandler(max_retry_count=2),
                RateLimitErrorRetryHandler(max_retry_count=3),
            ],
            logger=SDK_LOGGER,
        )

    def _call(self, token: str, call: Callable[[WebClient], Any]) -> Any:
        try:
            return call(self._client(token))
        except SlackApiError as error:
            code = str(error.response.get("error") or f"http_{error.response.status_code}")
            if code in REVOKED:
                raise TokenRevokedError(code) from None
            raise SlackCallError(code) from None
        except (SlackRequestError, OSError) as error:
            # `from None`: the chained request would carry the token into tracebacks.
            raise SlackCallError(type(error).__name__) from None

    def set_snooze(self, token: str, minutes: int) -> None:
        """Snooze the person's notifications for `minutes` from now."""
        self._call(token, lambda c: c.dnd_setSnooze(num_minutes=minutes))

    def end_snooze(self, token: str) -> None:
        """End the person's snooze; one that already ended is fine."""
        try:
            self._call(token, lambda c: c.dnd_endSnooze())
        except SlackCallError as error:
            if error.error != "snooze_not_active":
                raise

    def get_status(self, token: str) -> Status:
        """The person's custom status (users.profile.get with their own token)."""
        profile = self._call(token, lambda c: c.users_profile_get()).get("profile") or {}
        expiration = int(profile.get("status_expiration") or 0)
        return Status(
            text=str(profile.get("status_text") or ""),
            emoji=str(profile.get("status_emoji") or ""),
            expires_at=datetime.fromtimestamp(expiration, UTC) if expiration else None,
        )

    def set_status(self, token: str, text: str, emoji: str, expiration: datetime | None) -> None:
        """Set the custom status; empty text and emoji clear it (Slack wants both empty)."""
        profile = {
            "status_text": text,
            "status_emoji": emoji,
            "status_expiration": int(expiration.timestamp()) if expiration else 0,
        }
        self._call(token, lambda c: c.users_profile_set(profile=profile))

    def revoke_token(self, token: str) -> None:
        """auth.revoke, called with the token itself; a token Slack already refuses is as
        good as revoked."""
        try:
            self._call(token, lambda c: c.auth_revoke())
        except TokenRevokedError:
            return

    def exchange_code(self, code: str, redirect_uri: str) -> Grant:
        """Trade an OAuth code for the user token of the person who approved it."""
        client = self._client(None)
        try:
            response = client.oauth_v2_access(
                client_id=self._client_id,
                client_secret=self._client_secret,
                code=code,
                redirect_uri=redirect_uri,
            )
        except SlackApiError as error:
            raise OAuthRefusedError(str(error.response.get("error") or "unknown")) from None
        except (SlackRequestError, OSError) as error:
            raise SlackCallError(type(error).__name__) from None
        user = response.get("authed_user") or {}
        token, user_id = user.get("access_token"), user.get("id")
        if not token or not user_id or user.get("token_type", "user") != "user":
            # An install without user scopes: nothing Kairos can pause notifications with.
            raise OAuthRefusedError("no_user_token")
        return Grant(user_id=str(user_id), token=str(token), scopes=str(user.get("scope") or ""))
