"""Weekly schedules: windows for a spec, merging, removing, and the set algebra behind them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.focus.schedule import (
    FULL_WEEK,
    DaySpan,
    WeeklySpec,
    WeeklyWindow,
    add_windows,
    day_runs,
    day_spans,
    is_normalized,
    merge,
    remove_windows,
    subtract,
    union,
    weekly_specs,
    windows_for,
)
from tests.unit.focus.strategies import minute_set, schedules, specs

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
H = 60
D = 1440


def at(day: int, hour: int, minute: int = 0) -> int:
    return day * D + hour * H + minute


def test_weekday_mornings() -> None:
    assert windows_for(range(5), 9 * H, 11 * H + 30) == tuple(
        WeeklyWindow(at(day, 9), at(day, 11, 30)) for day in range(5)
    )


def test_a_block_crossing_midnight_ends_the_next_day() -> None:
    assert windows_for([TUE], 22 * H, 2 * H) == (WeeklyWindow(at(TUE, 22), at(WED, 2)),)


def test_sunday_night_into_monday_is_split_at_the_end_of_the_week() -> None:
    assert windows_for([SUN], 22 * H, 2 * H) == (
        WeeklyWindow(0, at(MON, 2)),
        WeeklyWindow(at(SUN, 22), 7 * D),
    )


def test_24_00_ends_the_day_and_midnight_end_means_the_same() -> None:
    assert windows_for([MON], 20 * H, D) == windows_for([MON], 20 * H, 0)
    assert windows_for([MON], 20 * H, D) == (WeeklyWindow(at(MON, 20), at(TUE, 0)),)


def test_every_day_all_day_is_the_whole_week() -> None:
    assert windows_for(range(7), 0, D) == FULL_WEEK


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        ((9, 11), (11, 12), [(9, 12)]),  # touching
        ((9, 11), (10, 12), [(9, 12)]),  # overlapping
        ((9, 12), (10, 11), [(9, 12)]),  # inside
        ((9, 10), (11, 12), [(9, 10), (11, 12)]),  # apart
    ],
)
def test_adding_merges_overlapping_and_touching_blocks(
    first: tuple[int, int], second: tuple[int, int], merged: list[tuple[int, int]]
) -> None:
    schedule = add_windows((), [MON], first[0] * H, first[1] * H)
    schedule = add_windows(schedule, [MON], second[0] * H, second[1] * H)
    assert schedule == tuple(WeeklyWindow(at(MON, a), at(MON, b)) for a, b in merged)


def test_blocks_on_consecutive_evenings_and_mornings_merge_over_midnight() -> None:
    schedule = add_windows((), [MON], 22 * H, D)
    schedule = add_windows(schedule, [TUE], 0, 2 * H)
    assert schedule == (WeeklyWindow(at(MON, 22), at(TUE, 2)),)


def test_removing_the_middle_splits_a_block() -> None:
    schedule = windows_for(range(5), 9 * H, 12 * H)
    schedule = remove_windows(schedule, [WED], 10 * H, 11 * H)
    assert WeeklyWindow(at(WED, 9), at(WED, 10)) in schedule
    assert WeeklyWindow(at(WED, 11), at(WED, 12)) in schedule
    assert len(schedule) == 6


def test_removing_across_the_end_of_the_week() -> None:
    schedule = windows_for(range(7), 0, D)
    schedule = remove_windows(schedule, [SUN], 23 * H, H)
    assert schedule == (WeeklyWindow(at(MON, 1), at(SUN, 23)),)


def test_removing_what_is_not_there_changes_nothing() -> None:
    schedule = windows_for([MON], 9 * H, 10 * H)
    assert remove_windows(schedule, [TUE], 9 * H, 10 * H) == schedule


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 60), (1440, 60), (60, 1441), (60, 60), (0, 0), (0, -5)]
)
def test_invalid_spans_are_programming_errors(start: int, end: int) -> None:
    with pytest.raises(ValueError, match=r"minute|same time"):
        windows_for([MON], start, end)


def test_invalid_days_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="days"):
        windows_for([7], 60, 120)


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (5, 3), (0, 10081)])
def test_windows_must_lie_inside_the_week(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="invalid weekly window"):
        WeeklyWindow(start, end)


@pytest.mark.parametrize(
    ("days", "runs"),
    [
        ([MON, TUE, WED, THU, FRI], [(MON, FRI)]),
        ([MON, WED, FRI], [(MON, MON), (WED, WED), (FRI, FRI)]),
        ([FRI, SAT, SUN, MON], [(FRI, MON)]),
        ([SAT, SUN, MON, WED], [(WED, WED), (SAT, MON)]),
        (range(7), [(MON, SUN)]),
    ],
)
def test_day_runs_wrap_past_sunday(days: list[int], runs: list[tuple[int, int]]) -> None:
    assert day_runs(days) == tuple(runs)


def test_day_spans_rejoin_the_block_split_at_the_end_of_the_week() -> None:
    assert day_spans(windows_for([SUN], 22 * H, 2 * H)) == (DaySpan(SUN, 22 * H, 2 * H),)


def test_day_spans_cut_blocks_longer_than_a_day_at_midnight() -> None:
    schedule = windows_for([MON], 22 * H, D)
    schedule = add_windows(schedule, [TUE], 0, D)
    schedule = add_windows(schedule, [WED], 0, 2 * H)
    assert day_spans(schedule) == (
        DaySpan(MON, 22 * H, D),
        DaySpan(TUE, 0, D),
        DaySpan(WED, 0, 2 * H),
    )


def test_weekly_specs_group_days_with_the_same_times() -> None:
    schedule = windows_for(range(5), 9 * H, 11 * H)
    schedule = add_windows(schedule, [SAT], 10 * H, 12 * H)
    schedule = add_windows(schedule, [MON, FRI], 14 * H, 15 * H)
    assert weekly_specs(schedule) == (
        WeeklySpec((MON, TUE, WED, THU, FRI), 9 * H, 11 * H),
        WeeklySpec((MON, FRI), 14 * H, 15 * H),
        WeeklySpec((SAT,), 10 * H, 12 * H),
    )


def test_full_week_is_daily_all_day() -> None:
    assert weekly_specs(FULL_WEEK) == (WeeklySpec(tuple(range(7)), 0, D),)


# Properties, checked against the plainest model of a schedule: a set of minutes.

windows_sets = st.lists(
    st.tuples(st.integers(0, 7 * D - 1), st.integers(1, 3 * D)).map(
        lambda t: WeeklyWindow(t[0], min(7 * D, t[0] + t[1]))
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(windows_sets)
def test_merge_keeps_the_minutes_and_leaves_no_overlap_or_touch(
    windows: list[WeeklyWindow],
) -> None:
    merged = merge(windows)
    assert is_normalized(merged)
    assert minute_set(merged) == minute_set(tuple(windows))


@settings(max_examples=60, deadline=None)
@given(schedules(), specs())
def test_add_and_remove_are_set_union_and_difference(
    schedule: tuple[WeeklyWindow, ...], spec: WeeklySpec
) -> None:
    added = add_windows(schedule, spec.days, spec.start, spec.end)
    removed = remove_windows(schedule, spec.days, spec.start, spec.end)
    block = windows_for(spec.days, spec.start, spec.end)
    assert is_normalized(added)
    assert is_normalized(removed)
    assert minute_set(added) == minute_set(schedule) | minute_set(block)
    assert minute_set(removed) == minute_set(schedule) - minute_set(block)


@settings(max_examples=60, deadline=None)
@given(schedules(), specs())
def test_adding_twice_is_adding_once(schedule: tuple[WeeklyWindow, ...], spec: WeeklySpec) -> None:
    once = add_windows(schedule, spec.days, spec.start, spec.end)
    assert add_windows(once, spec.days, spec.start, spec.end) == once
    assert remove_windows(
        remove_windows(once, spec.days, spec.start, spec.end), spec.days, spec.start, spec.end
    ) == remove_windows(once, spec.days, spec.start, spec.end)


@settings(max_examples=60, deadline=None)
@given(schedules(), specs())
def test_adding_then_removing_leaves_the_rest_unchanged(
    schedule: tuple[WeeklyWindow, ...], spec: WeeklySpec
) -> None:
    block = windows_for(spec.days, spec.start, spec.end)
    round_trip = remove_windows(
        add_windows(schedule, spec.days, spec.start, spec.end), spec.days, spec.start, spec.end
    )
    assert round_trip == subtract(schedule, block)
    if not minute_set(schedule) & minute_set(block):
        assert round_trip == schedule


@settings(max_examples=60, deadline=None)
@given(schedules(), schedules())
def test_union_is_commutative_and_subtracting_everything_leaves_nothing(
    first: tuple[WeeklyWindow, ...], second: tuple[WeeklyWindow, ...]
) -> None:
    assert union(first, second) == union(second, first)
    assert subtract(first, FULL_WEEK) == ()
    assert subtract(union(first, second), second) == subtract(first, second)


@settings(max_examples=80, deadline=None)
@given(schedules(max_specs=5))
def test_weekly_specs_rebuild_the_schedule(schedule: tuple[WeeklyWindow, ...]) -> None:
    rebuilt: tuple[WeeklyWindow, ...] = ()
    for spec in weekly_specs(schedule):
        assert spec.days
        assert spec.start != spec.end
        rebuilt = add_windows(rebuilt, spec.days, spec.start, spec.end)
    assert rebuilt == schedule
