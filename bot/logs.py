"""Logging set-up that scrubs secrets from every record, whoever logs them."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

# Slack tokens by shape, wherever they appear (slack_sdk logs request headers at DEBUG).
TOKEN_PATTERN = re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+")
REDACTED = "[redacted]"
APSCHEDULER_LOGGERS = ("apscheduler.scheduler", "apscheduler.executors.default")


class RedactSecrets(logging.Filter):
    """Replaces known secret values and anything shaped like a Slack token."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first, so a secret containing another is removed whole.
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with secrets removed; never drops a record."""
        message = record.getMessage()
        cleaned = self.scrub(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

    def scrub(self, text: str) -> str:
        """The text with every secret replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_PATTERN.sub(REDACTED, text)


def configure_logging(level: int, secrets: Iterable[str] = ()) -> None:
    """Log to stderr in one line per record, with secrets scrubbed."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")
    )
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # uvicorn and alembic configure their own handlers unless told not to; route them here.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # APScheduler logs two INFO lines for every run of every job (every 20 s); the sweep
    # logs one line itself when it did something. At DEBUG they are worth seeing.
    for name in APSCHEDULER_LOGGERS:
        logging.getLogger(name).setLevel(
            logging.NOTSET if level <= logging.DEBUG else logging.WARNING
        )
