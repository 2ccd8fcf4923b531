"""The sweepers' backoff: how long an item waits, what is remembered, what is never caught."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import exc as db_errors

from bot.connect.ports import SlackCallError
from bot.retry import FIRST_RETRY, FORGET_AFTER, MAX_RETRY, Retries, backoff, describe

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class FakeSlackApiError(Exception):
    """The shape of slack_sdk's SlackApiError: a message with Slack's answer in `response`."""

    def __init__(self, message: str, response: dict[str, object]) -> None:
        super().__init__(message)
        self.response = response


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (8, 60), (1000, 60)],
)
def test_backoff_doubles_from_a_minute_up_to_an_hour(attempts: int, minutes: int) -> None:
    assert backoff(attempts) == timedelta(minutes=minutes)


@given(st.integers(min_value=1, max_value=10**6))
def test_backoff_never_shrinks_and_stays_within_bounds(attempts: int) -> None:
    assert FIRST_RETRY <= backoff(attempts) <= MAX_RETRY
    assert backoff(attempts + 1) >= backoff(attempts)


def test_backoff_needs_a_failure() -> None:
    with pytest.raises(ValueError, match="at least one failure"):
        backoff(0)


def _boom() -> int:
    raise FakeSlackApiError("chat.postMessage failed: secret text", {"error": "internal_error"})


def test_an_item_that_fails_waits_its_turn_and_starts_afresh_once_it_succeeds() -> None:
    retries = Retries("deliver digests")
    assert retries.attempt("U1", NOW, _boom) is None
    assert not retries.due("U1", NOW + timedelta(seconds=59))
    assert retries.due("U1", NOW + timedelta(minutes=1))
    assert retries.due("U2", NOW)  # nobody else is held back
    later = NOW + timedelta(minutes=1)
    assert retries.attempt("U1", later, _boom) is None
    failure = retries.failure("U1")
    assert failure is not None
    assert (failure.attempts, failure.retry_at) == (2, later + timedelta(minutes=2))
    assert retries.attempt("U1", later + timedelta(minutes=2), lambda: 7) == 7
    assert retries.failure("U1") is None
    assert retries.attempt("U1", later + timedelta(minutes=3), _boom) is None
    failure = retries.failure("U1")
    assert failure is not None
    assert failure.attempts == 1


def test_a_failure_is_logged_once_with_the_code_and_never_the_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    Retries("agenda nudges").attempt("planning@acme", NOW, _boom, context="for U0OLGA")
    (record,) = caplog.records
    line = record.getMessage()
    assert record.levelno == logging.WARNING
    assert "agenda nudges" in line
    assert "planning@acme for U0OLGA" in line
    assert "internal_error" in line
    assert "attempt 1" in line
    assert "secret text" not in caplog.text
    assert record.exc_info is None


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (FakeSlackApiError("x", {"ok": False, "error": "ratelimited"}), "ratelimited"),
        (SlackCallError("snooze_failed"), "snooze_failed"),
        (KeyError("https://calendar.example.com/private/secret.ics"), "KeyError"),
    ],
)
def test_an_error_is_described_by_its_code_or_type_only(error: Exception, shown: str) -> None:
    text = describe(error)
    assert text.startswith(shown)
    assert "secret" not in text


@pytest.mark.parametrize(
    "error",
    [
        db_errors.OperationalError("SELECT 1", {}, Exception("connection refused")),
        db_errors.InterfaceError("SELECT 1", {}, Exception("connection closed")),
        db_errors.TimeoutError("QueuePool limit reached"),
        db_errors.DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True),
    ],
)
def test_a_database_that_is_gone_fails_the_whole_sweep(error: Exception) -> None:
    retries = Retries("deliver digests")

    def fails() -> None:
        raise error

    with pytest.raises(type(error)):
        retries.attempt("U1", NOW, fails)
    assert retries.failure("U1") is None  # not one item's fault: no backoff for it


def test_a_problem_with_one_row_is_that_item_s_failure() -> None:
    retries = Retries("agenda nudges")

    def too_long() -> None:
        raise db_errors.DataError("INSERT", {}, Exception("value too long"))

    assert retries.attempt("k" * 600, NOW, too_long) is None
    assert retries.failure("k" * 600) is not None


def test_failures_of_items_no_longer_due_are_forgotten() -> None:
    retries = Retries("join public channels")
    retries.attempt("C1", NOW, _boom)
    retries.attempt("C2", NOW + FORGET_AFTER + timedelta(minutes=2), _boom)
    assert retries.failure("C1") is None
    assert retries.failure("C2") is not None


def test_a_keys_items_run_in_order_and_a_failure_holds_back_the_rest() -> None:
    retries = Retries("resend")
    ran: list[int] = []

    def send(item: int) -> int:
        ran.append(item)
        if item == 2:
            raise RuntimeError("Slack said no")
        return 1

    assert retries.attempt_in_order("U1", NOW, [1, 2, 3], send, what="digest") == 1
    assert ran == [1, 2]  # 3 waits behind 2, which is backing off
    failure = retries.failure("U1")
    assert failure is not None
    assert failure.attempts == 1
    assert retries.attempt_in_order("U1", NOW, [2, 3], send, what="digest") == 0
    assert ran == [1, 2]
