"""The leave words (KAIROS_LEAVE_WORDS), the day arithmetic of absences, and absences
crossing into a parse worker and back."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.meetings.absence import (
    LEAVE_WORDS,
    all_day_days,
    leave_pattern,
    parse_leave_words,
    says_leave,
    timed_days,
)
from bot.meetings.ics.pool import ParsePool, parse_here
from bot.settings import Settings, SettingsError, load
from tests.unit.meetings.ics_helpers import at, calendar

URLAUB = calendar("DTSTART;VALUE=DATE:20260112\nDTEND;VALUE=DATE:20260117\nUID:u-1\nSUMMARY:Urlaub")


def test_leave_words_are_read_from_a_comma_separated_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "0123456789abcdef")
    monkeypatch.delenv("KAIROS_LEAVE_WORDS", raising=False)
    assert load(Settings).leave_words() == LEAVE_WORDS
    monkeypatch.setenv("KAIROS_LEAVE_WORDS", " Urlaub, out of office ,,")
    assert load(Settings).leave_words() == ("Urlaub", "out of office")
    monkeypatch.setenv("KAIROS_LEAVE_WORDS", " , ")
    with pytest.raises(SettingsError, match="KAIROS_LEAVE_WORDS"):
        load(Settings)


def test_no_words_match_nothing() -> None:
    assert parse_leave_words("") == ()
    assert not says_leave("Vacation", leave_pattern(()))


@given(st.sampled_from(LEAVE_WORDS), st.text(max_size=20), st.text(max_size=20))
def test_a_word_is_found_whole_in_any_case_and_never_inside_another(
    word: str, before: str, after: str
) -> None:
    pattern = leave_pattern(LEAVE_WORDS)
    assert says_leave(f"{before} {word.swapcase()} {after}", pattern) or any(
        neg in before.lower() for neg in ("not", "no", "geen", "niet")
    )
    assert not says_leave(f"x{word}x", leave_pattern((word,)))


@given(st.dates(), st.integers(min_value=0, max_value=60))
def test_an_all_day_event_ends_the_day_before_its_dtend(start: date, length: int) -> None:
    try:
        end = date.fromordinal(start.toordinal() + length)
    except ValueError:
        return
    first, last = all_day_days(start, end)
    assert first == start
    assert last == (start if length == 0 else date.fromordinal(end.toordinal() - 1))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime(2026, 3, 27), datetime(2026, 3, 30), (date(2026, 3, 27), date(2026, 3, 29))),
        (datetime(2026, 3, 27, 9), datetime(2026, 3, 28, 8), None),
        (
            datetime(2026, 3, 27, 9),
            datetime(2026, 3, 28, 9),
            (date(2026, 3, 27), date(2026, 3, 28)),
        ),
    ],
)
def test_timed_days(start: datetime, end: datetime, expected: tuple[date, date] | None) -> None:
    assert timed_days(start, end) == expected


def test_a_parse_worker_finds_absences_with_the_pool_s_words() -> None:
    pool = ParsePool(1, ("urlaub",))
    try:
        there = pool.parse(URLAUB.encode(), at(2026, 1, 5), at(2026, 2, 1), "Europe/Berlin")
    finally:
        pool.close()
    here = parse_here(URLAUB.encode(), at(2026, 1, 5), at(2026, 2, 1), "Europe/Berlin")
    assert here.absences == []  # not one of the default words
    assert [(a.first_day, a.last_day, a.title) for a in there.absences] == [
        (date(2026, 1, 12), date(2026, 1, 16), "Urlaub")
    ]
