"""What a check-in plan may hold: 1 to 5 questions of at most 150 characters, 1 to 50
people, a channel, a cadence with a weekday; and the ready-made question sets."""

from __future__ import annotations

from datetime import time

import pytest

from bot.checkins.model import (
    MAX_PEOPLE,
    MAX_QUESTION_CHARS,
    Cadence,
    CheckInPlan,
    PlanProblem,
    QuestionSet,
    blocker_question,
    names_a_blocker,
    questions_of,
    validate_plan,
)

MONDAY, WEDNESDAY = 0, 2
HALF_NINE = time(9, 30)


def weekly(*days: int, zone: str = "Europe/Amsterdam") -> Cadence:
    return Cadence(frozenset(days), HALF_NINE, zone)


# What a plan may hold ---------------------------------------------------------------------


def plan(**changes: object) -> CheckInPlan:
    fields: dict[str, object] = {
        "title": "Team stand-up",
        "channel_id": "C0TEAM",
        "questions": questions_of(QuestionSet.STANDUP),
        "question_set": QuestionSet.STANDUP,
        "people": ("U1", "U2", "U3"),
        "cadence": weekly(MONDAY, WEDNESDAY),
    }
    fields.update(changes)
    return CheckInPlan(**fields)  # type: ignore[arg-type]


def test_a_good_plan_has_no_problems() -> None:
    assert validate_plan(plan()) == ()
    assert validate_plan(plan(questions=("x" * MAX_QUESTION_CHARS,) * 5)) == ()
    assert validate_plan(plan(people=tuple(f"U{n}" for n in range(MAX_PEOPLE)))) == ()


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"questions": ()}, (PlanProblem.NO_QUESTIONS,)),
        ({"questions": ("Why?",) * 6}, (PlanProblem.TOO_MANY_QUESTIONS,)),
        ({"questions": ("x" * 151,)}, (PlanProblem.LONG_QUESTION,)),
        ({"questions": ("Why?", "  ")}, (PlanProblem.EMPTY_QUESTION,)),
        ({"people": ()}, (PlanProblem.NO_PEOPLE,)),
        ({"people": tuple(f"U{n}" for n in range(51))}, (PlanProblem.TOO_MANY_PEOPLE,)),
        ({"channel_id": ""}, (PlanProblem.NO_CHANNEL,)),
        ({"cadence": weekly()}, (PlanProblem.NO_WEEKDAY,)),
        ({"cadence": weekly(7)}, (PlanProblem.BAD_WEEKDAY,)),
        ({"cadence": Cadence(frozenset({0}), HALF_NINE, "UTC", 0)}, (PlanProblem.BAD_EVERY_WEEKS,)),
        ({"cadence": Cadence(frozenset({0}), HALF_NINE, "UTC", 5)}, (PlanProblem.BAD_EVERY_WEEKS,)),
        ({"cadence": weekly(0, zone="Mars/Olympus")}, (PlanProblem.UNKNOWN_ZONE,)),
        ({"due_working_minutes": 0}, (PlanProblem.BAD_DUE,)),
        (
            {"questions": ("Why?",) * 6 + ("x" * 151,), "people": (), "cadence": weekly()},
            (
                PlanProblem.TOO_MANY_QUESTIONS,
                PlanProblem.LONG_QUESTION,
                PlanProblem.NO_PEOPLE,
                PlanProblem.NO_WEEKDAY,
            ),
        ),
    ],
)
def test_plan_problems(changes: dict[str, object], problems: tuple[PlanProblem, ...]) -> None:
    assert validate_plan(plan(**changes)) == problems


def test_the_same_person_twice_counts_once() -> None:
    people = (*(f"U{n}" for n in range(MAX_PEOPLE)), "U0")
    assert validate_plan(plan(people=people)) == ()


@pytest.mark.parametrize("question_set", [s for s in QuestionSet if s is not QuestionSet.CUSTOM])
def test_ready_made_sets_fit_a_plan(question_set: QuestionSet) -> None:
    questions = questions_of(question_set)
    assert questions
    assert validate_plan(plan(questions=questions, question_set=question_set)) == ()


def test_the_standup_asks_the_issues_questions_and_knows_its_blocker_question() -> None:
    questions = questions_of(QuestionSet.STANDUP)
    assert questions == ("What did you finish?", "What's next?", "Anything blocking?")
    assert blocker_question(QuestionSet.STANDUP) == 2
    assert blocker_question(QuestionSet.RETRO) is None
    assert questions_of(QuestionSet.CUSTOM) == ()


@pytest.mark.parametrize(
    ("answer", "blocker"),
    [
        ("No.", False),
        ("  none ", False),
        ("-", False),
        ("Nee", False),
        ("", False),
        ("Waiting on the API key", True),
        ("no access to staging", True),
    ],
)
def test_what_names_a_blocker(answer: str, blocker: bool) -> None:
    assert names_a_blocker(answer) is blocker
