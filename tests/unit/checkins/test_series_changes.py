"""What a calendar run's change to a series gives back (bot/checkins/service_series.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.checkins.repo_given_back import SeriesMeeting
from bot.checkins.service_series import ended, given_back, shape_of

ZONE = "Europe/Amsterdam"
TUESDAY = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
DAY, WEEK = timedelta(days=1), timedelta(weeks=1)


def series(
    starts: list[datetime], people: int = 6, minutes: int = 30, open_ended: bool = True
) -> list[SeriesMeeting]:
    return [SeriesMeeting(at, people, minutes, open_ended) for at in starts]


# Tuesdays and Thursdays, the two weeks a sync looks ahead: 6 people × ½ h × 2 = 6 h a week.
TWICE_A_WEEK = [TUESDAY, TUESDAY + 2 * DAY, TUESDAY + WEEK, TUESDAY + WEEK + 2 * DAY]


def test_the_shape_is_the_usual_people_and_minutes_and_the_rhythm() -> None:
    found = shape_of(series(TWICE_A_WEEK), ZONE)
    assert (found.people, found.minutes, found.per_week) == (6, 30, 2.0)
    assert found.attendee_hours == 6.0
    # One occurrence longer than usual does not change the series' length.
    odd = [*series(TWICE_A_WEEK[:3]), SeriesMeeting(TWICE_A_WEEK[3], 6, 90, True)]
    assert shape_of(odd, ZONE).minutes == 30
    # A tie reads as the larger value: a tie never looks like a shrink.
    tie = [*series(TWICE_A_WEEK[:2], minutes=15), *series(TWICE_A_WEEK[2:], minutes=30)]
    assert shape_of(tie, ZONE).minutes == 30
    with pytest.raises(ValueError, match="at least one"):
        shape_of([], ZONE)


def test_a_series_ends_when_nothing_is_coming_or_it_got_an_end_date() -> None:
    before = series(TWICE_A_WEEK)
    assert ended(before, [])
    assert ended(before, series(TWICE_A_WEEK, open_ended=False))
    assert not ended(before, before)
    # A series that had an end date all along has not ended because a run saw it again.
    closed = series(TWICE_A_WEEK, open_ended=False)
    assert not ended(closed, closed)


@pytest.mark.parametrize(
    ("after", "hours"),
    [
        pytest.param(series(TWICE_A_WEEK), 0.0, id="unchanged"),
        pytest.param([], 6.0, id="cancelled"),
        pytest.param(series(TWICE_A_WEEK, open_ended=False), 6.0, id="end date set"),
        pytest.param(series(TWICE_A_WEEK, minutes=15), 3.0, id="15 minutes shorter"),
        pytest.param(series(TWICE_A_WEEK[::2]), 3.0, id="one day a week less"),
        pytest.param(series([t + 2 * timedelta(hours=1) for t in TWICE_A_WEEK]), 0.0,
                     id="moved two hours"),
        pytest.param(series(TWICE_A_WEEK[:3]), 0.0, id="one occurrence cancelled"),
        pytest.param(series(TWICE_A_WEEK, people=4), 0.0, id="fewer people: not counted"),
        pytest.param(series(TWICE_A_WEEK, minutes=60), 0.0, id="longer: never negative"),
    ],
)  # fmt: skip
def test_what_a_change_gives_back(after: list[SeriesMeeting], hours: float) -> None:
    assert given_back(series(TWICE_A_WEEK), after, ZONE) == hours


def test_a_series_with_nothing_coming_before_gives_nothing_back() -> None:
    assert given_back([], [], ZONE) == 0.0
