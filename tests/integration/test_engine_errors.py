"""A database error's text, which tracebacks carry into the log, holds no statement values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from bot.db.leases import JobLease

SECRET = "message text that must not reach a log"


def test_a_failed_statement_does_not_show_its_values(engine: Engine) -> None:
    row = {"name": "lease", "holder": SECRET, "expires_at": datetime(2026, 1, 1, tzinfo=UTC)}
    with engine.begin() as connection:
        connection.execute(insert(JobLease), row)
    with pytest.raises(IntegrityError) as failed, engine.begin() as connection:
        connection.execute(insert(JobLease), row)
    assert "INSERT INTO job_leases" in str(failed.value)  # the statement is still named
    assert SECRET not in str(failed.value)
