"""A feed that is no calendar, told in the reader's language, even when a worker process
(which speaks no one's language) parsed it: the refusal carries an English id."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator

import pytest

from bot.i18n import speaking
from bot.meetings.ics import calendar as calendar_module
from bot.meetings.ics.calendar import InvalidCalendar, invalid_calendar_text
from bot.meetings.ics.pool import ParsePool
from tests.unit.meetings.ics_helpers import FIXTURES, WINDOW_END, WINDOW_START, calendar, parse

# Every detail calendar.py raises InvalidCalendar with, read from its source: a new one
# without a Dutch wording fails here.
RAISED = re.findall(r'InvalidCalendar\("([^"]+)"\)', inspect.getsource(calendar_module))


@pytest.fixture(scope="module")
def pool() -> Iterator[ParsePool]:
    parse_pool = ParsePool(1)
    yield parse_pool
    parse_pool.close()


def test_every_detail_has_dutch_words() -> None:
    assert len(RAISED) >= 3
    for detail in RAISED:
        with speaking("nl"):
            dutch = invalid_calendar_text(detail)
        assert dutch.startswith("Op dat adres vond ik geen kalender die ik kan lezen (")
        assert detail not in dutch
        assert invalid_calendar_text(detail).startswith(
            f"That address didn't give me a calendar I can read ({detail})."
        )


def test_a_worker_sends_back_the_english_id(pool: ParsePool) -> None:
    body = (FIXTURES / "not_a_calendar.ics").read_bytes()
    with speaking("nl"):  # the worker does not inherit it
        parsed = pool.parse(body, WINDOW_START, WINDOW_END, "Europe/Amsterdam")
        said = invalid_calendar_text(parsed.problem_id or "")
    assert parsed.problem_id == "it is not an iCalendar file"
    assert "(het is geen iCalendar-bestand)" in said


def test_raised_here_it_speaks_the_readers_language() -> None:
    chinese = calendar("UID:x\nDTSTART:20260112T100000Z", header="CALSCALE:CHINESE")
    with speaking("nl"), pytest.raises(InvalidCalendar) as raised:
        parse(chinese)
    assert "andere jaartelling dan de gregoriaanse" in raised.value.user_text()
    assert raised.value.detail == "it uses a calendar scale other than Gregorian"
