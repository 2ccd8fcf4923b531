"""Check-in rules: plans, the round schedule, due times and hours given back (pure).

No database, no Slack, no clock: every instant is passed in, aware. A check-in's rounds
open at the series' own local time in the organizer's zone, so 09:30 in Amsterdam stays
09:30 in Amsterdam across DST; each person is asked at their own next reachable moment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.zones import local_to_utc, zone_named


class QuestionSet(StrEnum):
    """The ready-made question sets an organizer can pick, or their own."""

    STANDUP = "standup"
    STATUS = "status"
    RETRO = "retro"
    CUSTOM = "custom"


MAX_QUESTIONS = 5
MAX_QUESTION_CHARS = 150
MAX_PEOPLE = 50
MAX_ANSWER_CHARS = 2000
# Answers due later than this are not a check-in's answers (as far as working time counts).
MAX_DUE_WORKING_MINUTES = 60 * 24 * 31
# Rounds further apart than a month are not a meeting made async any more.
MAX_EVERY_WEEKS = 4
ONE_WEEK = timedelta(weeks=1)
# Counting weeks for every_weeks > 1 without a first_week: from a fixed Monday, so the
# answer does not depend on when it is asked.
WEEK_ZERO = date(1970, 1, 5)

# The English texts are the message ids: bot/checkins/words.py translates them at display.
_QUESTIONS: dict[QuestionSet, tuple[str, ...]] = {
    QuestionSet.STANDUP: ("What did you finish?", "What's next?", "Anything blocking?"),
    QuestionSet.STATUS: (
        "What moved forward?",
        "What's next?",
        "Anything at risk or blocked?",
    ),
    QuestionSet.RETRO: (
        "What went well?",
        "What could have gone better?",
        "What should we try next time?",
    ),
    QuestionSet.CUSTOM: (),
}
# Which question of a ready-made set asks for blockers (pulled to the top of the wrap-up).
_BLOCKER_QUESTION: dict[QuestionSet, int] = {QuestionSet.STANDUP: 2, QuestionSet.STATUS: 2}
# Answers to the blocker question that say "nothing", in both languages Kairos speaks.
NOTHING_BLOCKING = frozenset(
    {"", "-", "no", "nope", "none", "nothing", "n/a", "na", "nee", "niks", "geen", "niets"}
)


@dataclass(frozen=True)
class Cadence:
    """When rounds open: the series' own local time, in the organizer's zone."""

    weekdays: frozenset[int]  # 0 = Monday
    local_time: time
    zone: str  # IANA name
    every_weeks: int = 1
    first_week: date | None = None  # the Monday of a week that has a round (every_weeks > 1)

    @property
    def per_week(self) -> float:
        """How many rounds a week, on average."""
        return len(self.weekdays) / max(self.every_weeks, 1)

    def has_round_in_week_of(self, day: date) -> bool:
        """Whether the week `day` falls in is one with rounds."""
        if self.every_weeks <= 1:
            return True
        anchor = monday_of(self.first_week or WEEK_ZERO)
        return (monday_of(day) - anchor).days // 7 % self.every_weeks == 0


@dataclass(frozen=True)
class CheckInPlan:
    """What the organizer chose in the modal."""

    title: str
    channel_id: str
    questions: tuple[str, ...]
    question_set: QuestionSet
    people: tuple[str, ...]  # Slack user ids
    cadence: Cadence
    due_working_minutes: int = 240  # answers due 4 working hours after the round opens


@dataclass(frozen=True)
class RoundTimes:
    """When a round opens, when its reminder goes out and when answers are due (aware UTC)."""

    opens_at: datetime
    remind_at: datetime
    due_at: datetime


class PlanProblem(StrEnum):
    """What is wrong with a plan; messages.py says it in the reader's language."""

    NO_CHANNEL = "no_channel"
    NO_QUESTIONS = "no_questions"
    TOO_MANY_QUESTIONS = "too_many_questions"
    EMPTY_QUESTION = "empty_question"
    LONG_QUESTION = "long_question"
    NO_PEOPLE = "no_people"
    TOO_MANY_PEOPLE = "too_many_people"
    NO_WEEKDAY = "no_weekday"
    BAD_WEEKDAY = "bad_weekday"
    BAD_EVERY_WEEKS = "bad_every_weeks"
    UNKNOWN_ZONE = "unknown_zone"
    BAD_DUE = "bad_due"


def monday_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def questions_of(question_set: QuestionSet) -> tuple[str, ...]:
    """The English message ids of a ready-made question set (empty for CUSTOM)."""
    return _QUESTIONS[question_set]


def blocker_question(question_set: QuestionSet) -> int | None:
    """The index of the set's question that asks for blockers, if it has one."""
    return _BLOCKER_QUESTION.get(question_set)


def names_a_blocker(answer: str) -> bool:
    """Whether an answer to the blocker question names one ("no", "none", "-" do not)."""
    return answer.strip().strip(".!").strip().casefold() not in NOTHING_BLOCKING


def validate_plan(plan: CheckInPlan) -> tuple[PlanProblem, ...]:
    """Everything wrong with a plan, in the modal's order; empty when it can be saved."""
    problems: list[PlanProblem] = []
    if not plan.channel_id.strip():
        problems.append(PlanProblem.NO_CHANNEL)
    problems += question_problems(plan.questions)
    people = len(set(plan.people))
    if people == 0:
        problems.append(PlanProblem.NO_PEOPLE)
    elif people > MAX_PEOPLE:
        problems.append(PlanProblem.TOO_MANY_PEOPLE)
    problems += cadence_problems(plan.cadence)
    if not 0 < plan.due_working_minutes <= MAX_DUE_WORKING_MINUTES:
        problems.append(PlanProblem.BAD_DUE)
    return tuple(problems)


def question_problems(questions: Sequence[str]) -> tuple[PlanProblem, ...]:
    """What is wrong with the questions: 1 to 5, each 1 to 150 characters."""
    problems: list[PlanProblem] = []
    if not questions:
        problems.append(PlanProblem.NO_QUESTIONS)
    elif len(questions) > MAX_QUESTIONS:
        problems.append(PlanProblem.TOO_MANY_QUESTIONS)
    if any(not q.strip() for q in questions):
        problems.append(PlanProblem.EMPTY_QUESTION)
    if any(len(q.strip()) > MAX_QUESTION_CHARS for q in questions):
        problems.append(PlanProblem.LONG_QUESTION)
    return tuple(problems)


def cadence_problems(cadence: Cadence) -> tuple[PlanProblem, ...]:
    """What is wrong with a cadence: a weekday at least, a known zone, 1 to 4 weeks apart."""
    problems: list[PlanProblem] = []
    if not cadence.weekdays:
        problems.append(PlanProblem.NO_WEEKDAY)
    elif any(not 0 <= day <= 6 for day in cadence.weekdays):
        problems.append(PlanProblem.BAD_WEEKDAY)
    if not 1 <= cadence.every_weeks <= MAX_EVERY_WEEKS:
        problems.append(PlanProblem.BAD_EVERY_WEEKS)
    if not _zone_exists(cadence.zone):
        problems.append(PlanProblem.UNKNOWN_ZONE)
    return tuple(problems)


def _zone_exists(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def cadence_of(starts: Sequence[datetime], zone: str) -> Cadence:
    """The cadence of a series from its occurrences' start times (aware), read in `zone`.

    The series' own time is the local time most occurrences start at, so one occurrence
    moved for a day does not move every round; likewise a weekday counts when it carries at
    least half as many occurrences as the busiest one. Weeks apart is the most common gap
    between weeks with an occurrence (a week skipped for a holiday keeps it weekly; a monthly
    series reads as every 4 weeks). A rhythm past MAX_EVERY_WEEKS is kept, for the hours
    given back, and validate_plan refuses it.
    """
    if not starts:
        raise ValueError("a cadence needs at least one occurrence")
    tz = zone_named(zone)
    local = sorted(_require_aware(start).astimezone(tz) for start in starts)
    times = Counter(moment.time().replace(fold=0) for moment in local)
    busiest = max(times.values())
    local_time = min(t for t, n in times.items() if n == busiest)
    days = Counter(moment.weekday() for moment in local)
    weekdays = frozenset(d for d, n in days.items() if 2 * n >= max(days.values()))
    weeks = sorted({monday_of(moment.date()) for moment in local})
    gaps = Counter((later - earlier).days // 7 for earlier, later in pairwise(weeks))
    every_weeks = min((g for g, n in gaps.items() if n == max(gaps.values())), default=1)
    if every_weeks == 1:
        return Cadence(weekdays, local_time, zone)
    return Cadence(weekdays, local_time, zone, every_weeks, first_week=weeks[0])


def round_opens(cadence: Cadence, after: datetime, until: datetime) -> list[datetime]:
    """When rounds open from `after` (inclusive) to `until` (exclusive), sorted, aware UTC.

    DST safe: each round is its local day at the cadence's local time, so 09:30 stays
    09:30 local; a time that does not exist that day (a spring gap) opens when the clock
    jumps, and one that happens twice (autumn) opens the first time.
    """
    _require_aware(after)
    _require_aware(until)
    if until <= after:
        return []
    tz = zone_named(cadence.zone)
    # A day either side: the local days of the UTC range, whatever the zone's offset.
    day = after.astimezone(tz).date() - timedelta(days=1)
    last = until.astimezone(tz).date() + timedelta(days=1)
    found: list[datetime] = []
    while day <= last:
        if day.weekday() in cadence.weekdays and cadence.has_round_in_week_of(day):
            opens = local_to_utc(
                datetime.combine(day, cadence.local_time.replace(tzinfo=None)), tz, end=False
            )
            if after <= opens < until:
                found.append(opens)
        day += timedelta(days=1)
    return sorted(set(found))


def next_round_opens(cadence: Cadence, after: datetime) -> datetime | None:
    """When the first round at or after `after` opens; None when the cadence has no rounds."""
    if not cadence.weekdays or not all(0 <= d <= 6 for d in cadence.weekdays):
        return None
    span = ONE_WEEK * max(cadence.every_weeks, 1) + timedelta(days=2)
    upcoming = round_opens(cadence, after, after + span)
    return upcoming[0] if upcoming else None


class Reachable(Protocol):
    """A person's next reachable moment (bot.focus.model.FocusState answers it)."""

    def available_at(self, tz: ZoneInfo, at: datetime) -> datetime | None:
        """The earliest instant at or after `at` the person is reachable, or None."""
        ...


class Workday(Reachable, Protocol):
    """A person's reachable time, counted (bot.focus.worktime.Worktime answers it)."""

    def add_working_minutes(self, tz: ZoneInfo, at: datetime, minutes: int) -> datetime | None:
        """When `minutes` of their reachable time have passed after `at` (None: never)."""
        ...


def round_times(
    opens_at: datetime,
    organizer: Workday,
    tz: ZoneInfo,
    due_working_minutes: int = 240,
) -> RoundTimes:
    """When a round's answers are due (in the organizer's working time) and the reminder
    goes (halfway there, counted in working minutes too).

    An organizer with no free working time at all would never reach a due time: then the
    count falls back to plain minutes, so a round always ends.
    """
    _require_aware(opens_at)
    opens = opens_at.astimezone(UTC)
    due = _after_working(organizer, tz, opens, due_working_minutes)
    remind = _after_working(organizer, tz, opens, due_working_minutes // 2)
    return RoundTimes(opens_at=opens, remind_at=min(remind, due), due_at=due)


def _after_working(time_of: Workday, tz: ZoneInfo, start: datetime, minutes: int) -> datetime:
    found = time_of.add_working_minutes(tz, start, minutes)
    return (start + timedelta(minutes=minutes)) if found is None else found.astimezone(UTC)


def ask_at(person: Reachable, tz: ZoneInfo, opens_at: datetime) -> datetime | None:
    """When to ask a person for their answers: at the round's opening or, if they are in
    focus, off hours or on leave then, when they are next reachable (aware UTC). None when
    they are not reachable within the focus model's horizon."""
    _require_aware(opens_at)
    found = person.available_at(tz, opens_at)
    return None if found is None else found.astimezone(UTC)


def answers_due(times: RoundTimes, at: datetime) -> bool:
    """Whether the round's answers are due at `at` (time for the wrap-up)."""
    return _require_aware(at) >= times.due_at


def reminder_due(times: RoundTimes, at: datetime) -> bool:
    """Whether the round's reminder should go at `at`: halfway reached, the due time not."""
    return times.remind_at <= _require_aware(at) < times.due_at


def still_worth_asking(times: RoundTimes, asked_at: datetime) -> bool:
    """Whether asking at `asked_at` leaves time to answer: someone reachable only after the
    due time is not asked for a round that is already wrapped up."""
    return _require_aware(asked_at) < times.due_at


def _require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"an aware datetime is needed, got {moment!r}")
    return moment


# Hours given back ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesShape:
    """A recurring meeting's size: how many people, how many minutes, how often a week."""

    people: int
    minutes: int
    per_week: float

    def __post_init__(self) -> None:
        if self.people < 0 or self.minutes < 0 or self.per_week < 0:
            raise ValueError(f"a series shape cannot be negative: {self}")

    @property
    def attendee_hours(self) -> float:
        """The attendee-hours the series takes each week."""
        return attendee_hours_per_week(self.people, self.minutes, self.per_week)


def attendee_hours_per_week(
    people: int, minutes: int, cadence_or_occurrences: Cadence | Sequence[datetime] | float
) -> float:
    """Attendee-hours a week of a series: people × hours × occurrences a week.

    The rhythm is a Cadence, the occurrences' start times (read as a cadence), or a plain
    number of occurrences a week.
    """
    if isinstance(cadence_or_occurrences, int | float):
        per_week = float(cadence_or_occurrences)
    elif isinstance(cadence_or_occurrences, Cadence):
        per_week = cadence_or_occurrences.per_week
    else:
        per_week = cadence_of(cadence_or_occurrences, "UTC").per_week
    # Multiply before dividing: 6 people × 30 minutes is exactly 3.0 hours, not 2.9999….
    return people * minutes * per_week / 60


def hours_given_back(before: SeriesShape, after: SeriesShape | None) -> float:
    """Attendee-hours a week given back when a series changed from `before` to `after`
    (None: ended or cancelled). A series that grew gives nothing back, never a negative."""
    left = 0.0 if after is None else after.attendee_hours
    return max(0.0, before.attendee_hours - left)
