"""ScaledClock, the demo's accelerated clock: aware, monotonic, and scaled exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.clock import ScaledClock

START = datetime(2025, 3, 10, 13, 55, tzinfo=ZoneInfo("Europe/Amsterdam"))


class Ticks:
    """A monotonic source the test moves by hand, so no test waits for real time."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


def test_it_starts_at_the_start_in_utc() -> None:
    clock = ScaledClock(START, 120, monotonic=Ticks())
    now = clock.now()
    assert now == START
    assert now.tzinfo is UTC


def test_a_real_second_is_scale_seconds() -> None:
    ticks = Ticks()
    clock = ScaledClock(START, 120, monotonic=ticks)
    ticks.value += 0.5
    assert clock.now() == START + timedelta(minutes=1)
    assert clock.timestamp() == (START + timedelta(minutes=1)).timestamp()


def test_skip_moves_it_forward_and_the_scale_keeps_going() -> None:
    ticks = Ticks()
    clock = ScaledClock(START, 60, monotonic=ticks)
    clock.skip(timedelta(minutes=89))
    ticks.value += 1
    assert clock.now() == START + timedelta(minutes=90)


@pytest.mark.parametrize(
    ("start", "scale"), [(datetime(2025, 3, 10, 13, 55), 120), (START, 0), (START, -2)]
)
def test_a_naive_start_or_a_scale_not_above_zero_is_refused(start: datetime, scale: float) -> None:
    with pytest.raises(ValueError, match="ScaledClock"):
        ScaledClock(start, scale)


def test_it_never_skips_back() -> None:
    clock = ScaledClock(START, 120, monotonic=Ticks())
    with pytest.raises(ValueError, match="forward"):
        clock.skip(timedelta(seconds=-1))
    assert clock.now() == START


@given(
    scale=st.floats(min_value=1, max_value=3600),
    steps=st.lists(
        st.tuples(st.floats(min_value=0, max_value=5), st.integers(min_value=0, max_value=600)),
        max_size=20,
    ),
)
def test_it_is_monotonic_whatever_the_steps_and_skips(
    scale: float, steps: list[tuple[float, int]]
) -> None:
    ticks = Ticks()
    clock = ScaledClock(START, scale, monotonic=ticks)
    seen = [clock.now()]
    for elapsed, skipped in steps:
        ticks.value += elapsed
        clock.skip(timedelta(seconds=skipped))
        seen.append(clock.now())
        assert seen[-1].tzinfo is UTC
    assert seen == sorted(seen)
