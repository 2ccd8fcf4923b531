"""User tokens encrypted at rest (Fernet), and the signed, expiring OAuth `state` value.

KAIROS_ENCRYPTION_KEY holds one Fernet key, or several separated by commas to rotate keys:
the first encrypts, all of them decrypt. The OAuth state is signed with a key derived from
the first one, so there is no second secret to configure.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_HELP = (
    "generate one with: python -c "
    '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)
# Long enough to read Slack's consent screen; the Home tab makes a fresh one on every open.
STATE_LIFETIME = timedelta(hours=1)
# Replicas' clocks differ a little; a state "from the future" beyond this is forged.
CLOCK_SKEW = timedelta(minutes=1)
# Slack user ids are upper-case letters and digits (U…, W… on Enterprise Grid).
USER_ID = re.compile(r"[A-Z0-9]{2,32}")
_STATE_CONTEXT = b"kairos oauth state v1"
_NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}")


class DecryptError(Exception):
    """A stored token does not decrypt with the configured keys (the key was changed)."""


def _raw_key(key: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ValueError("it is not url-safe base64") from None
    if len(raw) != 32:
        raise ValueError("a Fernet key is 32 bytes in url-safe base64 (44 characters)")
    try:
        Fernet(key)  # the same rules Fernet applies, so a key accepted here always works
    except ValueError:
        raise ValueError("it is not a Fernet key") from None
    return raw


def split_keys(value: str) -> list[str]:
    """The keys in a KAIROS_ENCRYPTION_KEY value, newest first."""
    return [k.strip() for k in value.split(",") if k.strip()]


def check_keys(value: str) -> None:
    """Raise ValueError, saying why, unless the value is one or more valid Fernet keys."""
    keys = split_keys(value)
    if not keys:
        raise ValueError("it is empty")
    for key in keys:
        _raw_key(key)


class TokenCipher:
    """Encrypts tokens for storage and decrypts them for use."""

    def __init__(self, keys: str) -> None:
        check_keys(keys)
        self._keys = split_keys(keys)
        self._fernet = MultiFernet([Fernet(k) for k in self._keys])

    def encrypt(self, token: str) -> str:
        """The token encrypted with the newest key (random IV: never the same twice)."""
        return self._fernet.encrypt(token.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        """The token back; DecryptError if no configured key opens it."""
        try:
            return self._fernet.decrypt(stored.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise DecryptError(
                "the stored token does not decrypt with the configured keys"
            ) from None

    def state_secret(self) -> bytes:
        """A signing key for OAuth states, derived so the encryption key is not reused as is."""
        return hmac.new(_raw_key(self._keys[0]), _STATE_CONTEXT, hashlib.sha256).digest()


class StateError(Exception):
    """The OAuth state is not one Kairos made (forged, cut, or signed with another key)."""


class StateExpiredError(StateError):
    """The OAuth state is genuine but too old."""


class StateSigner:
    """Makes and checks `state` values: `<user id>.<issued unix time>.<nonce>.<signature>`.

    The state binds the Slack user who pressed Connect; the callback checks that the code
    Slack returns belongs to that same user, so nobody can attach a token to someone else.
    """

    def __init__(self, secret: bytes, lifetime: timedelta = STATE_LIFETIME) -> None:
        if len(secret) < 16:
            raise ValueError("the state secret is too short")
        self._secret = secret
        self._lifetime = lifetime

    def sign(self, user_id: str, now: datetime) -> str:
        """A fresh state for this user, valid from `now` for the lifetime."""
        if not USER_ID.fullmatch(user_id):
            raise ValueError(f"{user_id!r} is not a Slack user id")
        _require_aware(now)
        payload = f"{user_id}.{int(now.timestamp())}.{secrets.token_urlsafe(12)}"
        return f"{payload}.{self._signature(payload)}"

    def read(self, state: str, now: datetime) -> str:
        """The user id in a genuine, unexpired state; StateError or StateExpiredError otherwise."""
        _require_aware(now)
        parts = state.split(".")
        if len(parts) != 4:
            raise StateError("the state has the wrong shape")
        user_id, issued_text, nonce, signature = parts
        if not (
            USER_ID.fullmatch(user_id)
            and issued_text.isascii()
            and issued_text.isdigit()
            and len(issued_text) <= 11  # within datetime's range
            and _NONCE.fullmatch(nonce)
            and _SIGNATURE.fullmatch(signature)
        ):
            raise StateError("the state has the wrong shape")
        expected = self._signature(f"{user_id}.{issued_text}.{nonce}")
        # Constant time, so the signature cannot be guessed byte by byte from timings.
        if not hmac.compare_digest(expected, signature):
            raise StateError("the state's signature does not match")
        age = now - datetime.fromtimestamp(int(issued_text), UTC)
        if age < -CLOCK_SKEW:
            raise StateError("the state was issued in the future")
        if age > self._lifetime:
            raise StateExpiredError("the state has expired")
        return user_id

    def _signature(self, payload: str) -> str:
        digest = hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("a naive datetime is a bug here: give an aware UTC instant")
