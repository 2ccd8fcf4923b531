"""Weekly schedules in local wall time: focus blocks and working hours (pure).

A schedule is a set of minutes of the week, stored as a normalised tuple of windows: sorted,
never overlapping or touching, each inside Monday 00:00 .. next Monday 00:00 (0..10080).
A block that runs over the end of the week (Sunday 22:00 - Monday 02:00) is stored as two
windows, [Sun 22:00, 10080) and [0, Mon 02:00); they are one block in time, because the
week repeats, and the UTC conversion (see periods.py) joins them again. Splitting there keeps
every window a plain interval, so the set algebra below needs no modular arithmetic.

Times of day are minutes after local midnight (0..1440, 1440 being 24:00) and days are
0 (Monday) .. 6 (Sunday), as in `date.weekday()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

MINUTES_PER_DAY = 1440
DAYS_PER_WEEK = 7
MINUTES_PER_WEEK = MINUTES_PER_DAY * DAYS_PER_WEEK

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(DAYS_PER_WEEK)
ALL_DAYS: tuple[int, ...] = tuple(range(DAYS_PER_WEEK))
WEEKDAYS: tuple[int, ...] = (MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY)
WEEKEND: tuple[int, ...] = (SATURDAY, SUNDAY)


@dataclass(frozen=True, order=True)
class WeeklyWindow:
    """Local wall time from `start` to `end` minutes after Monday 00:00 (end exclusive)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= MINUTES_PER_WEEK:
            raise ValueError(f"invalid weekly window {self.start}..{self.end}")

    @property
    def minutes(self) -> int:
        """Length of the window in minutes."""
        return self.end - self.start


Schedule = tuple[WeeklyWindow, ...]
"""A normalised weekly schedule; the empty tuple is an empty schedule."""

EMPTY: Schedule = ()
FULL_WEEK: Schedule = (WeeklyWindow(0, MINUTES_PER_WEEK),)


@dataclass(frozen=True)
class DaySpan:
    """One day's piece of a schedule: `end <= start` means it runs past midnight."""

    day: int
    start: int
    end: int


@dataclass(frozen=True)
class WeeklySpec:
    """The same span on several days, as a person writes it: `mon-fri 09:00-11:00`."""

    days: tuple[int, ...]
    start: int
    end: int


def check_span(start: int, end: int) -> None:
    """Raise ValueError unless start (00:00..23:59) and end (..24:00, ≠ start) form a span."""
    if not 0 <= start < MINUTES_PER_DAY:
        raise ValueError(f"start minute {start} is outside the day")
    if not 0 <= end <= MINUTES_PER_DAY:
        raise ValueError(f"end minute {end} is outside the day")
    if start == end:
        raise ValueError("a span cannot start and end at the same time")


def normalize_days(days: Iterable[int]) -> tuple[int, ...]:
    """Sorted, de-duplicated day numbers; ValueError for anything but 0..6."""
    result = tuple(sorted(set(days)))
    if any(not 0 <= day < DAYS_PER_WEEK for day in result):
        raise ValueError(f"days must be 0..6, got {result}")
    return result


def day_runs(days: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Days as runs of consecutive days (first, last), wrapping past Sunday: {4, 5, 6, 0} → (4, 0).

    Every day of the week is the single run (0, 6).
    """
    chosen = set(normalize_days(days))
    if len(chosen) == DAYS_PER_WEEK:
        return ((MONDAY, SUNDAY),)
    runs = []
    for first in sorted(chosen):
        if (first - 1) % DAYS_PER_WEEK in chosen:
            continue
        last = first
        while (last + 1) % DAYS_PER_WEEK in chosen:
            last = (last + 1) % DAYS_PER_WEEK
        runs.append((first, last))
    return tuple(runs)


def run_length(first: int, last: int) -> int:
    """How many days a run from `first` to `last` covers (wrapping past Sunday)."""
    return (last - first) % DAYS_PER_WEEK + 1


def span_minutes(start: int, end: int) -> int:
    """Length of a daily span in minutes, allowing for spans that run past midnight."""
    return end - start if end > start else end + MINUTES_PER_DAY - start


def windows_for(days: Iterable[int], start: int, end: int) -> Schedule:
    """The normalised schedule covering start..end (minutes of the day) on each of the days."""
    check_span(start, end)
    windows: list[WeeklyWindow] = []
    for day in normalize_days(days):
        first = day * MINUTES_PER_DAY + start
        last = first + span_minutes(start, end)
        if last <= MINUTES_PER_WEEK:
            windows.append(WeeklyWindow(first, last))
        else:
            # Sunday night into Monday: the week repeats, so the tail belongs at its start.
            windows.append(WeeklyWindow(first, MINUTES_PER_WEEK))
            windows.append(WeeklyWindow(0, last - MINUTES_PER_WEEK))
    return merge(windows)


def merge(windows: Iterable[WeeklyWindow]) -> Schedule:
    """Sort windows and join those that overlap or touch."""
    result: list[WeeklyWindow] = []
    for window in sorted(windows):
        if result and window.start <= result[-1].end:
            if window.end > result[-1].end:
                result[-1] = WeeklyWindow(result[-1].start, window.end)
        else:
            result.append(window)
    return tuple(result)


def union(first: Schedule, second: Schedule) -> Schedule:
    """Every minute in either schedule."""
    return merge((*first, *second))


def subtract(schedule: Schedule, removed: Schedule) -> Schedule:
    """The minutes of `schedule` that are not in `removed` (may split windows)."""
    result: list[WeeklyWindow] = []
    for window in schedule:
        pieces = [window]
        for cut in removed:
            next_pieces: list[WeeklyWindow] = []
            for piece in pieces:
                if cut.end <= piece.start or cut.start >= piece.end:
                    next_pieces.append(piece)
                    continue
                if cut.start > piece.start:
                    next_pieces.append(WeeklyWindow(piece.start, cut.start))
                if cut.end < piece.end:
                    next_pieces.append(WeeklyWindow(cut.end, piece.end))
            pieces = next_pieces
        result.extend(pieces)
    return merge(result)


def add_windows(schedule: Schedule, days: Iterable[int], start: int, end: int) -> Schedule:
    """The schedule with start..end added on each of the days, merged with what touches it."""
    return union(schedule, windows_for(days, start, end))


def remove_windows(schedule: Schedule, days: Iterable[int], start: int, end: int) -> Schedule:
    """The schedule without start..end on each of the days."""
    return subtract(schedule, windows_for(days, start, end))


def is_normalized(schedule: Schedule) -> bool:
    """Whether windows are sorted, inside the week, and neither overlap nor touch."""
    return all(a.end < b.start for a, b in pairwise(schedule))


def day_spans(schedule: Schedule) -> tuple[DaySpan, ...]:
    """The schedule as per-day spans, the inverse of `windows_for` (a span may pass midnight).

    A window shorter than a day stays one span even across midnight (`Mon 22:00-02:00`);
    longer windows are cut at each midnight, because "Mon 22:00 to Wed 02:00" has no
    daily spelling.
    """
    windows = [(w.start, w.end) for w in schedule]
    if len(windows) > 1 and windows[0][0] == 0 and windows[-1][1] == MINUTES_PER_WEEK:
        # Rejoin the block that was split at the end of the week.
        head, tail = windows.pop(0), windows.pop()
        windows.append((tail[0], head[1] + MINUTES_PER_WEEK))
    spans: list[DaySpan] = []
    for start, end in windows:
        day_start = start - start % MINUTES_PER_DAY
        if end - start < MINUTES_PER_DAY:
            day = day_start // MINUTES_PER_DAY % DAYS_PER_WEEK
            until = end - day_start
            if until > MINUTES_PER_DAY:
                until -= MINUTES_PER_DAY
            spans.append(DaySpan(day, start - day_start, until))
            continue
        cursor = start
        while cursor < end:
            midnight = cursor - cursor % MINUTES_PER_DAY
            piece_end = min(end, midnight + MINUTES_PER_DAY)
            day = midnight // MINUTES_PER_DAY % DAYS_PER_WEEK
            spans.append(DaySpan(day, cursor - midnight, piece_end - midnight))
            cursor = piece_end
    return tuple(sorted(spans, key=lambda s: (s.day, s.start)))


def weekly_specs(schedule: Schedule) -> tuple[WeeklySpec, ...]:
    """The schedule as few `<days> <start>-<end>` specs: days with the same span grouped."""
    grouped: dict[tuple[int, int], set[int]] = {}
    for span in day_spans(schedule):
        grouped.setdefault((span.start, span.end), set()).add(span.day)
    specs = [WeeklySpec(normalize_days(days), start, end) for (start, end), days in grouped.items()]
    return tuple(sorted(specs, key=lambda s: (s.days[0], s.start, s.end, s.days)))
