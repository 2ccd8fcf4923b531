"""Refused requests are counted, and logged by reason at most once a minute."""

from __future__ import annotations

import logging

import pytest

from bot.slack.refusals import RefusalLog


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_is_one_line_per_reason_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    ticks = Ticks()
    refusals = RefusalLog(every=60, monotonic=ticks)
    with caplog.at_level(logging.WARNING, logger="bot.slack.refusals"):
        for _ in range(500):
            refusals.refuse(401, "signature does not match")
        refusals.refuse(413, "body too large")
        ticks.now += 59
        refusals.refuse(401, "signature does not match")
        ticks.now += 2
        refusals.refuse(401, "signature does not match")
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        "refused a request (401): signature does not match",
        "refused a request (413): body too large",
        "refused a request (401): signature does not match; "
        "500 more refused for this reason since the last line",
    ]
    assert refusals.counts == {"signature does not match": 502, "body too large": 1}
