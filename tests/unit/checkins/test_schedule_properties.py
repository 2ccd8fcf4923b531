"""Properties of the round schedule in real zones with DST traps: never a round outside the
range asked, sorted and unique, the series' local time kept, and a series' occurrences read
back as the cadence that produced them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.checkins.model import Cadence, cadence_of, next_round_opens, round_opens
from tests.unit.focus.strategies import ZONES

ANY_TIME = st.times()


@st.composite
def cadences(draw: st.DrawFn, times: st.SearchStrategy[time] = ANY_TIME) -> Cadence:
    every_weeks = draw(st.integers(1, 4))
    return Cadence(
        weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        local_time=draw(times),
        zone=draw(st.sampled_from(ZONES)),
        every_weeks=every_weeks,
        first_week=draw(st.none() | st.dates(date(2024, 1, 1), date(2028, 12, 31))),
    )


instants = st.datetimes(datetime(2025, 1, 1), datetime(2028, 1, 1), timezones=st.just(UTC))
spans = st.timedeltas(timedelta(0), timedelta(days=60))


def exists(wall: datetime, tz: ZoneInfo) -> bool:
    """Whether a naive local wall time happens at all (it does not in a spring gap)."""
    back = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return back == wall


@settings(max_examples=200, deadline=None)
@given(cadences(), instants, spans)
def test_rounds_lie_in_the_range_sorted_and_unique(
    cadence: Cadence, after: datetime, span: timedelta
) -> None:
    rounds = round_opens(cadence, after, after + span)
    assert all(after <= r < after + span for r in rounds)
    assert all(earlier < later for earlier, later in pairwise(rounds))
    assert all(r.utcoffset() == timedelta(0) for r in rounds)


@settings(max_examples=200, deadline=None)
@given(cadences(), instants, spans)
def test_each_round_keeps_the_local_time_weekday_and_week(
    cadence: Cadence, after: datetime, span: timedelta
) -> None:
    tz = ZoneInfo(cadence.zone)
    for opens in round_opens(cadence, after, after + span):
        wall = opens.astimezone(tz)
        assert wall.weekday() in cadence.weekdays
        assert cadence.has_round_in_week_of(wall.date())
        wanted = datetime.combine(wall.date(), cadence.local_time)
        if exists(wanted, tz):
            assert wall.replace(tzinfo=None) == wanted
        else:
            # The clock jumped over the series' time: the round opens at the jump.
            assert wall.replace(tzinfo=None) > wanted
            assert not exists(wall.replace(tzinfo=None) - timedelta(seconds=1), tz)


@settings(max_examples=150, deadline=None)
@given(cadences(), instants, spans, spans)
def test_a_range_split_in_two_gives_the_same_rounds(
    cadence: Cadence, after: datetime, first: timedelta, second: timedelta
) -> None:
    middle, until = after + first, after + first + second
    whole = round_opens(cadence, after, until)
    assert round_opens(cadence, after, middle) + round_opens(cadence, middle, until) == whole


@settings(max_examples=150, deadline=None)
@given(cadences(), instants)
def test_the_next_round_is_the_first_of_the_schedule(cadence: Cadence, after: datetime) -> None:
    upcoming = round_opens(cadence, after, after + timedelta(weeks=5))
    assert upcoming
    assert next_round_opens(cadence, after) == upcoming[0]


@settings(max_examples=100, deadline=None)
@given(cadences(st.times(time(4), time(22))), instants)
def test_a_series_occurrences_read_back_as_its_cadence(cadence: Cadence, after: datetime) -> None:
    # Times outside every zone's DST gaps, so each occurrence is at the series' own time.
    until = after + timedelta(weeks=12 * cadence.every_weeks)
    occurrences = round_opens(cadence, after, until)
    derived = cadence_of(occurrences, cadence.zone)
    assert derived.weekdays == cadence.weekdays
    assert derived.local_time == cadence.local_time
    assert derived.every_weeks == cadence.every_weeks
    assert round_opens(derived, after, until) == occurrences
