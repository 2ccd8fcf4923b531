"""The weekly cleanup summary as plain values: figures, trends, candidates (pure).

Standard library only (and answers.py, pure too). A summary is about meetings, never about
people: figures are sums, candidates are meetings (a series counted once), and "could this
have been async?" answers are shown only as counts, and only where enough people answered
that nobody stands out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from bot.cleanup.answers import AsyncTally
from bot.cleanup.async_figures import AsyncFigures
from bot.cleanup.channel_questions import QuestionFigures

WEEK = timedelta(days=7)
LONG_MINUTES = 50
LARGE_PEOPLE = 8
QUARTER_MONTHS = (1, 4, 7, 10)
# English names, for logs and the model's own English wording; what a person reads is
# worded in their language by cleanup/messages.py (weekday_name).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# "Could this meeting have been async?": asked while the meeting is fresh in mind (older
# ones are let go), at most once a day per person, the same series at most once in four weeks.
FRESH_FOR = timedelta(days=2)
SAME_SERIES_AGAIN_AFTER = timedelta(days=28)
ONE_A_DAY = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """One meeting as the summary sees it (a private one has no title)."""

    meeting_id: int
    series_key: str
    title: str
    starts_at: datetime
    ends_at: datetime
    people: int
    is_recurring: bool
    is_private: bool
    has_agenda: bool
    flags: frozenset[str] = frozenset()
    organizer_id: str | None = None

    @property
    def minutes(self) -> int:
        """Length in whole minutes."""
        return max(0, int((self.ends_at - self.starts_at).total_seconds() // 60))

    @property
    def attendee_hours(self) -> float:
        """Hours of people's time the meeting takes: its length times its people."""
        return self.people * self.minutes / 60


def dedupe(rows: Iterable[MeetingRow]) -> list[MeetingRow]:
    """Each meeting once, however many members' calendars it appears in; by start time."""
    unique = {row.meeting_id: row for row in rows}
    return sorted(unique.values(), key=lambda row: (row.starts_at, row.meeting_id))


def between(rows: Iterable[MeetingRow], start: datetime, end: datetime) -> list[MeetingRow]:
    """The meetings that start in start..end (end exclusive)."""
    return [row for row in rows if start <= row.starts_at < end]


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """One week in the summary's chart: the local day its summary was due, its meeting hours
    and attendee-hours (None for weeks recorded before attendee-hours were kept)."""

    week: date
    hours: float
    attendee_hours: float | None


@dataclass(frozen=True, slots=True)
class FocusFigures:
    """What focus protected in a week, summed over the channel's members."""

    focus_hours: float = 0.0
    mentions_held: int = 0
    mentions_delivered: int = 0
    urgent: int = 0


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """A week's meetings in numbers."""

    meetings: int
    hours: float
    attendee_hours: float
    # Share of meetings with an agenda, among those Kairos can judge (private ones: no).
    agenda_share: float | None
    focus: FocusFigures = FocusFigures()

    def cost(self, hourly_rate: float | None) -> float | None:
        """What the attendee-hours cost at this rate, or None without one."""
        return None if hourly_rate is None else self.attendee_hours * hourly_rate


def week_figures(rows: Sequence[MeetingRow], focus: FocusFigures = FocusFigures()) -> WeekFigures:
    """Totals for a week's (deduplicated) meetings."""
    judged = [row for row in rows if not row.is_private]
    with_agenda = sum(1 for row in judged if row.has_agenda)
    return WeekFigures(
        meetings=len(rows),
        hours=sum(row.minutes for row in rows) / 60,
        attendee_hours=sum(row.attendee_hours for row in rows),
        agenda_share=with_agenda / len(judged) if judged else None,
        focus=focus,
    )


class Direction(StrEnum):
    """Which way a figure moved."""

    UP = "↑"
    DOWN = "↓"
    FLAT = "→"


@dataclass(frozen=True, slots=True)
class Trend:
    """A figure now and a week before."""

    now: float
    before: float

    @property
    def direction(self) -> Direction:
        """Up, down or (within half a percent, or both zero) flat."""
        if abs(self.now - self.before) <= 0.005 * max(abs(self.now), abs(self.before)):
            return Direction.FLAT
        return Direction.UP if self.now > self.before else Direction.DOWN

    @property
    def percent(self) -> int | None:
        """The change in whole percent, or None when there was nothing before."""
        if self.before == 0:
            return None
        return round((self.now - self.before) / self.before * 100)


class Reason(StrEnum):
    """Why a meeting is a cleanup candidate (DOMAIN rules 4-7). The values are English
    names; the summary words each reason in its reader's language (summary_words.py)."""

    RECURRING_NO_AGENDA = "recurring without an agenda"
    NOT_SPEEDY = "not speedy"
    LARGE = "8+ people"
    FOCUS_DAY = "on the focus day"
    OVERLAPS_FOCUS = "overlaps focus time"
    NO_END = "recurring with no end date"


# The first reason in this order decides the suggested action: the biggest win first. The
# English wording stays here (Candidate.action); the summary words the action in the
# channel's language from the deciding reason (cleanup/summary_words.py).
_ACTIONS: dict[Reason, str] = {
    Reason.RECURRING_NO_AGENDA: "Add an agenda, or move it to async",
    Reason.LARGE: "Invite only the people who decide; share notes with the rest",
    Reason.NOT_SPEEDY: "Shorten it to {target} minutes",
    Reason.FOCUS_DAY: "Move it off {focus_day}",
    Reason.OVERLAPS_FOCUS: "Move it out of people's focus time",
    Reason.NO_END: "Give the series an end date, and review it then",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A meeting (or a series, counted once) worth questioning in the coming week."""

    series_key: str
    title: str
    organizer_id: str | None
    occurrences: int
    minutes: int
    people: int
    attendee_hours: float
    reasons: tuple[Reason, ...]
    action: str
    recurring: bool = False  # a series a check-in can replace ("Make it async")


LengthIssue = Literal["no break", "long"]


def length_issue(minutes: int) -> LengthIssue | None:
    """Why a length is not speedy: 26 to 30 minutes leave no break, over 50 is long."""
    if 26 <= minutes <= 30:
        return "no break"
    if minutes > LONG_MINUTES:
        return "long"
    return None


def reasons_for(
    occurrences: Sequence[MeetingRow], *, focus_day: int | None, tz: ZoneInfo
) -> tuple[Reason, ...]:
    """The cleanup reasons that apply to a series' occurrences in the window."""
    found: set[Reason] = set()
    for row in occurrences:
        if row.is_recurring and not row.has_agenda:
            found.add(Reason.RECURRING_NO_AGENDA)
        if length_issue(row.minutes):
            found.add(Reason.NOT_SPEEDY)
        if row.people >= LARGE_PEOPLE:
            found.add(Reason.LARGE)
        if focus_day is not None and row.starts_at.astimezone(tz).weekday() == focus_day:
            found.add(Reason.FOCUS_DAY)
        if "overlaps_focus" in row.flags:
            found.add(Reason.OVERLAPS_FOCUS)
        if "recurring_without_end" in row.flags:
            found.add(Reason.NO_END)
    return tuple(reason for reason in Reason if reason in found)


def suggested_action(reasons: Sequence[Reason], *, minutes: int, focus_day: int | None) -> str:
    """One clear action for a candidate, in English: the one for its weightiest reason."""
    day = WEEKDAYS[focus_day] if focus_day is not None else "the focus day"
    return _ACTIONS[deciding_reason(reasons)].format(target=speedy_target(minutes), focus_day=day)


def deciding_reason(reasons: Sequence[Reason]) -> Reason:
    """The reason whose action the summary suggests: the biggest win first."""
    return next(reason for reason in _ACTIONS if reason in reasons)


def speedy_target(minutes: int) -> int:
    """The speedy length to shorten a meeting of this many minutes to."""
    return 25 if minutes <= 30 else LONG_MINUTES


def candidates(
    rows: Sequence[MeetingRow], *, focus_day: int | None, tz: ZoneInfo
) -> list[Candidate]:
    """Coming meetings worth questioning, a series once, most attendee-hours first.

    Private events are never candidates: they count as busy time and nothing more.
    """
    series: dict[str, list[MeetingRow]] = {}
    for row in rows:
        if not row.is_private:
            series.setdefault(row.series_key, []).append(row)
    found = []
    for key, occurrences in series.items():
        reasons = reasons_for(occurrences, focus_day=focus_day, tz=tz)
        if not reasons:
            continue
        first = occurrences[0]
        longest = max(row.minutes for row in occurrences)
        found.append(
            Candidate(
                series_key=key,
                title=first.title,
                organizer_id=first.organizer_id,
                occurrences=len(occurrences),
                minutes=longest,
                people=max(row.people for row in occurrences),
                attendee_hours=sum(row.attendee_hours for row in occurrences),
                reasons=reasons,
                action=suggested_action(reasons, minutes=longest, focus_day=focus_day),
                recurring=any(row.is_recurring for row in occurrences),
            )
        )
    found.sort(key=lambda c: (-c.attendee_hours, c.title.casefold(), c.series_key))
    return found


@dataclass(frozen=True, slots=True)
class SeriesReview:
    """A recurring series in the quarterly review list."""

    series_key: str
    title: str
    organizer_id: str | None
    per_week: float
    minutes: int
    people: int
    attendee_hours_per_week: float
    has_agenda: bool


def series_review(rows: Sequence[MeetingRow], weeks: float) -> list[SeriesReview]:
    """Every recurring series seen over `weeks` weeks, most attendee-hours first."""
    series: dict[str, list[MeetingRow]] = {}
    for row in rows:
        if row.is_recurring and not row.is_private:
            series.setdefault(row.series_key, []).append(row)
    reviews = [
        SeriesReview(
            series_key=key,
            title=occ[-1].title,
            organizer_id=occ[-1].organizer_id,
            per_week=len(occ) / weeks,
            minutes=max(r.minutes for r in occ),
            people=max(r.people for r in occ),
            attendee_hours_per_week=sum(r.attendee_hours for r in occ) / weeks,
            has_agenda=all(r.has_agenda for r in occ),
        )
        for key, occ in series.items()
    ]
    reviews.sort(key=lambda r: (-r.attendee_hours_per_week, r.title.casefold(), r.series_key))
    return reviews


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything one summary post shows."""

    last_week: WeekFigures
    week_before: WeekFigures
    candidates: list[Candidate]
    async_results: list[AsyncTally]
    members_with_calendars: int
    starts: datetime  # the coming week, start and end
    ends: datetime
    tz: str
    focus_day: int | None = None
    hourly_rate: float | None = None
    currency: str = ""
    # The quarterly edition: weekly meeting hours before this week (oldest first), and
    # every recurring series for review. Empty in an ordinary week.
    quarterly: bool = False
    history_hours: list[float] = field(default_factory=list)
    # The chart's weeks, oldest first, this one last (see chart.py).
    recent_weeks: list[WeekPoint] = field(default_factory=list)
    review: list[SeriesReview] = field(default_factory=list)
    # The channel line: the channel's response time in words and how its questions fared
    # (None: the channel has no response time, so nothing is tracked).
    response: str | None = None
    questions: QuestionFigures | None = None
    # Meetings made async, their check-ins' answers, notes and actions (summary_async.py).
    made_async: AsyncFigures = field(default_factory=AsyncFigures)


@dataclass(frozen=True, slots=True)
class SummarySchedule:
    """When a channel's weekly summary goes out: a weekday and a wall time in a zone."""

    weekday: int  # 0 = Monday
    minute: int  # minutes after local midnight
    tz: str

    def due_in_week_of(self, now: datetime) -> datetime:
        """The scheduled instant in the local week (Monday to Sunday) that contains now."""
        zone = ZoneInfo(self.tz)
        today = now.astimezone(zone).date()
        day = today - timedelta(days=today.weekday()) + timedelta(days=self.weekday)
        wall = datetime.combine(day, time(self.minute // 60, self.minute % 60))
        # fold=0: in a repeated hour the first one; a time in a spring gap runs just after.
        return wall.replace(tzinfo=zone).astimezone(now.tzinfo)

    def due_now(self, now: datetime) -> datetime | None:
        """This week's instant if it has passed today: a run missed while Kairos was down
        still goes out when it comes back, on the same day, and not on a later one."""
        due = self.due_in_week_of(now)
        zone = ZoneInfo(self.tz)
        if due <= now and due.astimezone(zone).date() == now.astimezone(zone).date():
            return due
        return None

    def local_day(self, instant: datetime) -> date:
        """The date on the team's wall at an instant."""
        return instant.astimezone(ZoneInfo(self.tz)).date()


def is_quarterly(day: date) -> bool:
    """Whether a weekly summary on this date is the first of its quarter."""
    return day.month in QUARTER_MONTHS and day.day <= WEEK.days


_SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """A small chart of values in one line of text."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return _SPARKS[3] * len(values)
    steps = len(_SPARKS) - 1
    return "".join(_SPARKS[round((v - low) / (high - low) * steps)] for v in values)
