"""The summary's channel line: questions asked, the share answered within the response time,
the median time to a first answer (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.cleanup.channel_questions import AskedRow, QuestionFigures, question_figures
from bot.cleanup.summary_messages import questions_text

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
HOUR = timedelta(hours=1)
FOUR_HOURS = "within 4 working hours"


def _row(ts: str, asked: timedelta, due: timedelta | None, answered: timedelta | None) -> AskedRow:
    """A row asked `asked` before NOW, due and answered that long after it was asked."""
    at = NOW - asked
    return AskedRow(
        ts, at, None if due is None else at + due, None if answered is None else at + answered
    )


def test_counts_messages_judges_people_and_takes_the_first_answer() -> None:
    rows = [
        # One message asking two people: Bob answers in 30 minutes, Carol never (late).
        _row("1.0", 48 * HOUR, 4 * HOUR, timedelta(minutes=30)),
        _row("1.0", 48 * HOUR, 4 * HOUR, None),
        # Answered after its due time.
        _row("2.0", 30 * HOUR, 2 * HOUR, 3 * HOUR),
        # Not due yet and unanswered: too early to judge.
        _row("3.0", HOUR, 4 * HOUR, None),
        # No working time to count in (no due time): asked, never judged.
        _row("4.0", 10 * HOUR, None, 2 * HOUR),
    ]
    figures = question_figures(rows, NOW)
    assert figures.asked == 4
    assert (figures.judged, figures.within) == (3, 1)
    assert figures.share_within == 1 / 3
    # First answers: 30 min, 3 h, 2 h: the median is 2 h.
    assert figures.median_first_answer == 2 * HOUR


def test_an_even_number_of_answers_takes_the_middle_two() -> None:
    rows = [_row(f"{n}.0", 10 * HOUR, 4 * HOUR, n * HOUR) for n in (1, 2, 3, 6)]
    figures = question_figures(rows, NOW)
    assert figures.median_first_answer == timedelta(hours=2.5)
    assert (figures.judged, figures.within) == (4, 3)


def test_nothing_asked_has_no_share_and_no_median() -> None:
    figures = question_figures([], NOW)
    assert figures == QuestionFigures(asked=0, judged=0, within=0, median_first_answer=None)
    assert figures.share_within is None


def test_an_answer_stamped_before_its_question_counts_as_immediate() -> None:
    figures = question_figures([_row("1.0", HOUR, HOUR, -timedelta(seconds=2))], NOW)
    assert figures.median_first_answer == timedelta(0)
    assert figures.within == 1


def _asked_row(message: int, due: timedelta | None, answered: timedelta | None) -> AskedRow:
    # Everyone a message asks was asked when it was posted: the message fixes the time.
    return _row(f"{message}.0", message * 7 * HOUR, due, answered)


_ROWS = st.lists(
    st.builds(
        _asked_row,
        st.integers(min_value=1, max_value=5),
        st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)),
        st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)),
    ),
    max_size=30,
)


@given(_ROWS)
def test_figures_hold_together(rows: list[AskedRow]) -> None:
    figures = question_figures(rows, NOW)
    assert figures.asked == len({row.message_ts for row in rows})
    assert 0 <= figures.within <= figures.judged <= len(rows)
    answered = [row for row in rows if row.answered_at is not None]
    assert (figures.median_first_answer is None) == (not answered)
    if figures.median_first_answer is not None:
        longest = max(row.answered_at - row.asked_at for row in answered if row.answered_at)
        assert timedelta(0) <= figures.median_first_answer <= max(longest, timedelta(0))


def test_the_line_reads_as_counts_only() -> None:
    figures = QuestionFigures(
        asked=14, judged=12, within=10, median_first_answer=timedelta(minutes=80)
    )
    text = questions_text(FOUR_HOURS, figures)
    assert text == (
        "*Questions in this channel* (response time: within 4 working hours)\n"
        "14 questions asked of someone by mention in the last 7 days · 83% answered within "
        "the response time · median first answer 1h 20m"
    )


def test_the_line_says_when_nothing_can_be_judged_yet() -> None:
    none = questions_text(FOUR_HOURS, QuestionFigures(0, 0, 0, None))
    assert none.endswith("No questions asked of anyone by mention in the last 7 days.")
    early = questions_text(FOUR_HOURS, QuestionFigures(1, 0, 0, None))
    assert "1 question asked" in early
    assert "none due yet · none answered yet" in early
