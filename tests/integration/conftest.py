"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.slack_api import FakeSlack


@pytest.fixture(scope="module")
def _fake_slack_server() -> Iterator[FakeSlack]:
    """One fake Slack server per test module; a module's own fixture may replace it."""
    with FakeSlack() as fake:
        yield fake
