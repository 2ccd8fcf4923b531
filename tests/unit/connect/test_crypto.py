"""Token encryption at rest and the signed, expiring OAuth state."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st

from bot.connect.crypto import (
    CLOCK_SKEW,
    STATE_LIFETIME,
    DecryptError,
    StateError,
    StateExpiredError,
    StateSigner,
    TokenCipher,
    check_keys,
)

KEY = Fernet.generate_key().decode()
OTHER_KEY = Fernet.generate_key().decode()
TOKEN = "xoxp-1111-2222-3333-abcdefabcdef"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _signer(key: str = KEY) -> StateSigner:
    return StateSigner(TokenCipher(key).state_secret())


# ---- tokens


def test_a_token_round_trips_and_is_not_readable_in_its_stored_form() -> None:
    cipher = TokenCipher(KEY)
    stored = cipher.encrypt(TOKEN)
    assert TOKEN not in stored
    assert "xoxp" not in stored
    assert cipher.decrypt(stored) == TOKEN


def test_the_same_token_encrypts_differently_each_time() -> None:
    cipher = TokenCipher(KEY)
    assert cipher.encrypt(TOKEN) != cipher.encrypt(TOKEN)


def test_another_key_cannot_decrypt() -> None:
    stored = TokenCipher(KEY).encrypt(TOKEN)
    with pytest.raises(DecryptError):
        TokenCipher(OTHER_KEY).decrypt(stored)


@pytest.mark.parametrize("stored", ["", "not a token", "gAAAAA" + "x" * 60])
def test_garbage_does_not_decrypt(stored: str) -> None:
    with pytest.raises(DecryptError):
        TokenCipher(KEY).decrypt(stored)


def test_rotation_new_key_first_still_reads_tokens_stored_with_the_old_one() -> None:
    old = TokenCipher(OTHER_KEY).encrypt(TOKEN)
    rotated = TokenCipher(f"{KEY}, {OTHER_KEY}")
    assert rotated.decrypt(old) == TOKEN
    # New tokens are written with the first key only.
    assert TokenCipher(KEY).decrypt(rotated.encrypt(TOKEN)) == TOKEN
    with pytest.raises(DecryptError):
        TokenCipher(OTHER_KEY).decrypt(rotated.encrypt(TOKEN))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        (" , ", "empty"),
        ("change-me", "base64"),
        ("short", "base64"),
        ("é" * 44, "base64"),
        (KEY[:-4], "32 bytes"),
        (f"{KEY},nope", "base64"),
    ],
)
def test_malformed_keys_are_refused_with_a_reason(value: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        check_keys(value)
    with pytest.raises(ValueError, match=reason):
        TokenCipher(value)


def test_a_generated_key_is_accepted() -> None:
    check_keys(KEY)
    check_keys(f"{KEY},{OTHER_KEY}")


# ---- OAuth state


def test_a_state_names_the_user_it_was_made_for() -> None:
    signer = _signer()
    state = signer.sign("U0ALICE", NOW)
    assert signer.read(state, NOW + timedelta(minutes=5)) == "U0ALICE"


def test_states_differ_even_for_the_same_user_and_time() -> None:
    signer = _signer()
    assert signer.sign("U0ALICE", NOW) != signer.sign("U0ALICE", NOW)


def test_a_state_expires_after_its_lifetime() -> None:
    signer = _signer()
    state = signer.sign("U0ALICE", NOW)
    assert signer.read(state, NOW + STATE_LIFETIME) == "U0ALICE"
    with pytest.raises(StateExpiredError):
        signer.read(state, NOW + STATE_LIFETIME + timedelta(seconds=1))


def test_a_state_from_the_future_is_refused_beyond_clock_skew() -> None:
    signer = _signer()
    state = signer.sign("U0ALICE", NOW + CLOCK_SKEW)
    assert signer.read(state, NOW) == "U0ALICE"
    later = signer.sign("U0ALICE", NOW + CLOCK_SKEW + timedelta(seconds=2))
    with pytest.raises(StateError) as refused:
        signer.read(later, NOW)
    assert not isinstance(refused.value, StateExpiredError)


def test_a_state_signed_with_another_key_is_refused() -> None:
    state = _signer(OTHER_KEY).sign("U0ALICE", NOW)
    with pytest.raises(StateError):
        _signer().read(state, NOW)


@pytest.mark.parametrize("part", [0, 1, 2, 3])
def test_changing_any_part_of_a_state_breaks_it(part: int) -> None:
    signer = _signer()
    parts = signer.sign("U0ALICE", NOW).split(".")
    replacements = ["U0MALLORY", str(int(NOW.timestamp()) + 60), "A" * 16, "B" * 43]
    parts[part] = replacements[part]
    with pytest.raises(StateError):
        signer.read(".".join(parts), NOW)


def test_the_user_id_cannot_be_swapped_while_keeping_the_signature() -> None:
    signer = _signer()
    alice = signer.sign("U0ALICE", NOW).split(".")
    mallory = signer.sign("U0MALLORY", NOW).split(".")
    forged = ".".join([mallory[0], *alice[1:]])
    with pytest.raises(StateError):
        signer.read(forged, NOW)


@pytest.mark.parametrize(
    "state",
    ["", ".", "...", "U0ALICE", "U0ALICE.1.2.3.4", "u0alice.1795424400.abcdefgh." + "A" * 43],
)
def test_malformed_states_are_refused(state: str) -> None:
    with pytest.raises(StateError):
        _signer().read(state, NOW)


@given(st.text(max_size=200))
def test_any_text_is_refused_as_a_state_error_never_a_crash(text: str) -> None:
    with pytest.raises(StateError):
        _signer().read(text, NOW)


@pytest.mark.parametrize("user_id", ["", "u0alice", "U0.ALICE", "U0 ALICE"])
def test_only_slack_user_ids_can_be_signed(user_id: str) -> None:
    with pytest.raises(ValueError, match="user id"):
        _signer().sign(user_id, NOW)


def test_naive_times_are_a_bug() -> None:
    signer = _signer()
    with pytest.raises(ValueError, match="naive"):
        signer.sign("U0ALICE", datetime(2026, 1, 1, 9, 0))
    state = signer.sign("U0ALICE", NOW)
    with pytest.raises(ValueError, match="naive"):
        signer.read(state, datetime(2026, 1, 1, 9, 0))


def test_the_state_key_is_not_the_encryption_key() -> None:
    secret = TokenCipher(KEY).state_secret()
    assert len(secret) == 32
    raw = base64.urlsafe_b64decode(KEY)
    assert raw[:16] not in secret
    assert raw[16:] not in secret
    assert secret != TokenCipher(OTHER_KEY).state_secret()
