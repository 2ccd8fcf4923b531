"""Slack's request signature: the header checks and the HMAC, against an independent signer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.demo.fake_slack.signing import slack_signature
from bot.slack.verify import (
    MAX_AGE_SECONDS,
    Refusal,
    check_headers,
    expected_signature,
    signature_matches,
)

NOW = 1_700_000_000
GOOD = "v0=" + "0" * 64


def test_slacks_documented_example_verifies() -> None:
    # https://api.slack.com/authentication/verifying-requests-from-slack
    secret = b"8f742231b10e8888abcd99yyyzzz85a5"
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
        b"G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook"
        b"-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977"
        b"00885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d1"
        b"0d2c447fce8b6703c"
    )
    signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert signature_matches(secret, "1531420618", signature, body)
    assert not signature_matches(secret, "1531420619", signature, body)
    assert not signature_matches(secret, "1531420618", signature, body + b" ")
    assert not signature_matches(b"another secret", "1531420618", signature, body)


@pytest.mark.parametrize(
    ("timestamp", "refusal"),
    [
        (None, Refusal.NO_TIMESTAMP),
        ("", Refusal.BAD_TIMESTAMP),
        ("abc", Refusal.BAD_TIMESTAMP),
        (f" {NOW}", Refusal.BAD_TIMESTAMP),
        (f"{NOW}\n", Refusal.BAD_TIMESTAMP),
        (f"+{NOW}", Refusal.BAD_TIMESTAMP),
        ("1_700_000_000", Refusal.BAD_TIMESTAMP),
        ("１７００００００００", Refusal.BAD_TIMESTAMP),  # fullwidth digits
        ("١٧٠٠٠٠٠٠٠٠", Refusal.BAD_TIMESTAMP),  # Arabic-Indic digits
        (f"{NOW}.0", Refusal.BAD_TIMESTAMP),
        ("9" * 40, Refusal.BAD_TIMESTAMP),
        (str(NOW - MAX_AGE_SECONDS - 1), Refusal.STALE),
        (str(NOW + MAX_AGE_SECONDS + 1), Refusal.STALE),
        ("0", Refusal.STALE),
        (str(NOW - MAX_AGE_SECONDS), None),
        (str(NOW + MAX_AGE_SECONDS), None),
        (str(NOW), None),
    ],
)
def test_timestamps(timestamp: str | None, refusal: Refusal | None) -> None:
    assert check_headers(timestamp, GOOD, NOW) == refusal


@pytest.mark.parametrize(
    ("signature", "refusal"),
    [
        (None, Refusal.NO_SIGNATURE),
        ("", Refusal.BAD_SIGNATURE),
        ("v0=", Refusal.BAD_SIGNATURE),
        ("v1=" + "0" * 64, Refusal.BAD_SIGNATURE),
        ("v0=" + "0" * 63, Refusal.BAD_SIGNATURE),
        ("v0=" + "0" * 65, Refusal.BAD_SIGNATURE),
        ("v0=" + "A" * 64, Refusal.BAD_SIGNATURE),  # Slack sends lowercase hex
        ("v0=" + "g" * 64, Refusal.BAD_SIGNATURE),
        (" " + GOOD, Refusal.BAD_SIGNATURE),
        (GOOD, None),
    ],
)
def test_signature_shapes(signature: str | None, refusal: Refusal | None) -> None:
    assert check_headers(str(NOW), signature, NOW) == refusal


@given(timestamp=st.text(max_size=30), signature=st.text(max_size=80))
def test_any_header_text_is_refused_or_accepted_without_raising(
    timestamp: str, signature: str
) -> None:
    refusal = check_headers(timestamp, signature, NOW)
    if refusal is None:
        assert timestamp.isascii()
        assert timestamp.isdigit()
        assert signature.startswith("v0=")
    # Constant-time comparison of any text, not just hex, must not raise either.
    assert signature_matches(b"secret", "1", signature, b"body") is False


@given(
    secret=st.text(min_size=1, max_size=40),
    timestamp=st.integers(min_value=0, max_value=10**12 - 1),
    body=st.binary(max_size=300),
)
def test_agrees_with_an_independent_signer(secret: str, timestamp: int, body: bytes) -> None:
    signature = slack_signature(secret, timestamp, body)
    key = secret.encode("utf-8")
    assert expected_signature(key, str(timestamp), body) == signature
    assert signature_matches(key, str(timestamp), signature, body)
    assert check_headers(str(timestamp), signature, timestamp) is None
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    assert not signature_matches(key, str(timestamp), flipped, body)
