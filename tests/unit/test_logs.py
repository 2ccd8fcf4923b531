"""Secrets never reach the logs, whoever logs them."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.logs import RedactSecrets, configure_logging


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("t", logging.INFO, __file__, 1, message, args, None)


@pytest.mark.parametrize(
    "token",
    ["xoxb-123-456-abcDEF", "xoxp-1-2-3-abc", "xapp-1-A01-123-abcdef", "xoxe.xoxp-1-abc"],
)
def test_slack_tokens_are_redacted_by_shape(token: str) -> None:
    record = _record("headers: {'Authorization': 'Bearer %s'}", token)
    RedactSecrets().filter(record)
    assert token.rsplit("-", maxsplit=1)[-1] not in record.getMessage()
    assert "[redacted]" in record.getMessage()


def test_known_secret_values_are_redacted() -> None:
    record = _record("signing secret is %s, db password %s", "s1gn1ngS3cret", "hunter22")
    RedactSecrets(["s1gn1ngS3cret", "hunter22"]).filter(record)
    assert record.getMessage() == "signing secret is [redacted], db password [redacted]"


def test_exception_text_is_scrubbed_too() -> None:
    try:
        raise RuntimeError("auth failed for xoxb-999-888-zzz")
    except RuntimeError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    RedactSecrets().filter(record)
    assert record.exc_text is not None
    assert "zzz" not in record.exc_text


def test_ordinary_messages_are_untouched() -> None:
    record = _record("user %s is focusing until %s", "U123", "11:30")
    RedactSecrets(["secret"]).filter(record)
    assert record.getMessage() == "user U123 is focusing until 11:30"


@pytest.mark.parametrize("name", ["apscheduler.scheduler", "apscheduler.executors.default"])
def test_apscheduler_says_nothing_below_warning_at_info(name: str) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging(logging.INFO)
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)
        assert logging.getLogger(name).isEnabledFor(logging.WARNING)
        assert logging.getLogger("bot.scheduler").isEnabledFor(logging.INFO)
        configure_logging(logging.DEBUG)  # when debugging, its lines are worth having
        assert logging.getLogger(name).isEnabledFor(logging.DEBUG)
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
        logging.getLogger(name).setLevel(logging.NOTSET)
