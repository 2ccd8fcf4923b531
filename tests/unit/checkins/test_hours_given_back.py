"""Attendee-hours given back when a meeting made async is cancelled, shortened, thinned out
or ended: people × hours × occurrences a week, before minus after, never negative."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.checkins.model import (
    Cadence,
    SeriesShape,
    attendee_hours_per_week,
    hours_given_back,
)

AMS = ZoneInfo("Europe/Amsterdam")
WEEKLY = Cadence(frozenset({0}), time(9, 30), "Europe/Amsterdam")
FORTNIGHTLY = Cadence(frozenset({0}), time(9, 30), "Europe/Amsterdam", 2, date(2026, 3, 2))
STANDUP = SeriesShape(people=6, minutes=30, per_week=1)


def test_a_weekly_half_hour_of_six_people_is_three_attendee_hours() -> None:
    assert attendee_hours_per_week(6, 30, WEEKLY) == 3.0
    assert attendee_hours_per_week(6, 30, 1) == 3.0
    assert STANDUP.attendee_hours == 3.0


def test_a_daily_standup_counts_each_weekday() -> None:
    daily = Cadence(frozenset(range(5)), time(9, 30), "Europe/Amsterdam")
    assert attendee_hours_per_week(8, 15, daily) == 10.0


def test_every_two_weeks_counts_half() -> None:
    assert attendee_hours_per_week(6, 30, FORTNIGHTLY) == 1.5


def test_the_rhythm_can_come_from_the_occurrences() -> None:
    # Across the spring DST change, so the UTC hour moves while the rhythm does not.
    fortnightly = [
        datetime(2026, 3, 2, 9, 30, tzinfo=AMS) + timedelta(weeks=2 * n) for n in range(5)
    ]
    weekly = [datetime(2026, 3, 2, 9, 30, tzinfo=AMS) + timedelta(weeks=n) for n in range(5)]
    assert attendee_hours_per_week(6, 30, [s.astimezone(UTC) for s in fortnightly]) == 1.5
    assert attendee_hours_per_week(6, 30, [s.astimezone(UTC) for s in weekly]) == 3.0


def test_a_cancelled_series_gives_all_its_hours_back() -> None:
    assert hours_given_back(STANDUP, None) == 3.0


def test_an_ended_series_gives_all_its_hours_back() -> None:
    long_meeting = SeriesShape(people=12, minutes=90, per_week=0.5)
    assert hours_given_back(long_meeting, None) == 9.0


def test_shortened_from_an_hour_to_half_an_hour_gives_half_back() -> None:
    before = SeriesShape(people=6, minutes=60, per_week=1)
    after = SeriesShape(people=6, minutes=30, per_week=1)
    assert hours_given_back(before, after) == before.attendee_hours / 2 == 3.0


def test_weekly_to_every_two_weeks_gives_half_back() -> None:
    before = SeriesShape(6, 30, WEEKLY.per_week)
    after = SeriesShape(6, 30, FORTNIGHTLY.per_week)
    assert hours_given_back(before, after) == before.attendee_hours / 2 == 1.5


def test_fewer_people_give_their_hours_back() -> None:
    assert hours_given_back(STANDUP, SeriesShape(4, 30, 1)) == 1.0


@pytest.mark.parametrize(
    "after",
    [
        SeriesShape(6, 45, 1),
        SeriesShape(8, 30, 1),
        SeriesShape(6, 30, 2),
        SeriesShape(6, 30, 1),
    ],
    ids=["longer", "bigger", "more-often", "unchanged"],
)
def test_a_series_that_grew_or_stayed_gives_nothing_back(after: SeriesShape) -> None:
    assert hours_given_back(STANDUP, after) == 0.0


@pytest.mark.parametrize(
    "shape",
    [(-1, 30, 1.0), (6, -30, 1.0), (6, 30, -1.0)],
    ids=["people", "minutes", "per-week"],
)
def test_a_negative_shape_is_refused(shape: tuple[int, int, float]) -> None:
    with pytest.raises(ValueError, match="negative"):
        SeriesShape(*shape)


shapes = st.builds(
    SeriesShape,
    people=st.integers(0, 500),
    minutes=st.integers(0, 8 * 60),
    per_week=st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0]),
)


@given(shapes, st.none() | shapes)
def test_hours_given_back_lie_between_nothing_and_everything(
    before: SeriesShape, after: SeriesShape | None
) -> None:
    given_back = hours_given_back(before, after)
    assert 0.0 <= given_back <= before.attendee_hours
    if after is None:
        assert given_back == before.attendee_hours


@given(shapes, shapes)
def test_only_one_direction_gives_hours_back(first: SeriesShape, second: SeriesShape) -> None:
    there, back = hours_given_back(first, second), hours_given_back(second, first)
    assert there == 0.0 or back == 0.0
    assert there - back == pytest.approx(first.attendee_hours - second.attendee_hours)
