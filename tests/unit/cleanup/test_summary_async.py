"""The summary's async part: the answers rank the candidates, the async figures as words, and
each recurring candidate's "Make it async" button, in English and Dutch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.cleanup.answers import AsyncTally
from bot.cleanup.async_figures import AsyncFigures, CheckInRate
from bot.cleanup.model import Candidate, Reason, Summary, WeekFigures
from bot.cleanup.ranking import UNKNOWN_SCORE, async_score, rank_candidates, ranked_by_answers
from bot.cleanup.summary_async import made_async_text
from bot.cleanup.summary_messages import summary_message
from bot.i18n import speaking
from bot.ids import Action
from tests.support.english_left import english_left
from tests.unit.cleanup.test_summary_messages import check_limits

NOW = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def candidate(key: str, hours: float, *, recurring: bool = True) -> Candidate:
    return Candidate(key, f"Meeting {key}", "UORG", 2, 60, 6, hours,
                     (Reason.NOT_SPEEDY,), "Shorten it", recurring=recurring)  # fmt: skip


def tally(key: str, yes: int, partly: int, no: int) -> AsyncTally:
    return AsyncTally(key, f"Meeting {key}", yes, partly, no)


# --- ranking ---------------------------------------------------------------------------------


def test_the_score_counts_yes_whole_and_partly_half_and_too_few_answers_not() -> None:
    assert async_score(tally("a", 3, 0, 0)) == 1.0
    assert async_score(tally("a", 0, 0, 3)) == 0.0
    assert async_score(tally("a", 1, 2, 1)) == 0.5
    assert async_score(tally("a", 2, 0, 0)) == UNKNOWN_SCORE  # 2 answers: nobody stands out
    assert async_score(None) == UNKNOWN_SCORE


def test_the_answers_rank_the_candidates_then_attendee_hours() -> None:
    big, medium, small, tiny = (candidate("big", 30), candidate("medium", 20),
                                candidate("small", 10), candidate("tiny", 5))  # fmt: skip
    answers = [tally("small", 4, 0, 0), tally("big", 0, 0, 5), tally("tiny", 1, 1, 0)]
    ranked = rank_candidates([big, medium, small, tiny], answers)
    # small: all yes; medium: no answers (as if split); tiny: too few answers; big: all no.
    assert [c.series_key for c in ranked] == ["small", "medium", "tiny", "big"]
    assert ranked_by_answers(ranked, answers)
    assert not ranked_by_answers([medium, tiny], answers)


def test_without_answers_the_order_stays_most_attendee_hours_first() -> None:
    found = [candidate("a", 5), candidate("b", 30), candidate("c", 10)]
    assert [c.series_key for c in rank_candidates(found, [])] == ["b", "c", "a"]


# --- the figures in words ----------------------------------------------------------------------


FIGURES = AsyncFigures(
    given_back_week=3.0, given_back_total=7.5,
    rates=(CheckInRate("Standup", 2, 8, 5), CheckInRate("Retro", 1, 0, 0)),
    notes_asked=4, notes_posted=3, actions_open=5, actions_done=2,
)  # fmt: skip


def test_nothing_to_show_shows_nothing() -> None:
    assert made_async_text(AsyncFigures()) is None
    assert made_async_text(AsyncFigures(actions_done=1)) is not None


def test_the_figures_in_english() -> None:
    text = made_async_text(FIGURES)
    assert text is not None
    assert (
        "7.5 attendee-hours a week given back by meetings made async (3.0 of them this week)"
        in text
    )
    assert "• Standup: 5 of 8 answers in 2 rounds (63%)" in text
    assert "• Retro: nobody was asked in its 1 round" in text
    assert "3 of 4 meetings asked for notes left them (75%)" in text
    assert "5 open · 2 done in the last 7 days" in text
    only_total = made_async_text(replace(FIGURES, given_back_week=0.0))
    assert only_total is not None
    assert "this week" not in only_total


def test_many_check_ins_are_cut_with_a_count() -> None:
    many = replace(FIGURES, rates=tuple(CheckInRate(f"C{n}", 1, 3, 3) for n in range(11)))
    text = made_async_text(many)
    assert text is not None
    assert "…and 3 more check-ins." in text
    assert "C10" not in text


def test_the_figures_in_dutch() -> None:
    english = made_async_text(FIGURES)
    with speaking("nl"):
        text = made_async_text(FIGURES)
    assert text is not None
    assert english is not None
    assert "7,5 deelnemersuren per week teruggegeven" in text
    assert "5 van 8 antwoorden in 2 rondes (63%)" in text
    assert "*Acties uit notulen:* 5 open · 2 afgerond" in text
    # No four English words in a row left, but the check-ins' own titles.
    assert english_left(english, text, 4, leave_out=("Standup", "Retro")) == []


# --- the candidates' buttons -------------------------------------------------------------------


def summary(candidates: list[Candidate], tallies: list[AsyncTally]) -> Summary:
    week = WeekFigures(3, 2.0, 12.0, 1.0)
    return Summary(week, week, candidates, tallies, 3, NOW, NOW + timedelta(days=7), "UTC",
                   made_async=FIGURES)  # fmt: skip


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_recurring_candidate_gets_make_it_async_and_a_single_meeting_not(language: str) -> None:
    found = [candidate("weekly", 20), candidate("once", 10, recurring=False)]
    with speaking(language):
        blocks = summary_message(summary(found, []), {}).blocks
    check_limits(blocks)
    buttons = [b["accessory"] for b in blocks if "accessory" in b]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (Action.SUMMARY_MAKE_ASYNC.value, "weekly")
    ]
    label = buttons[0]["text"]["text"]
    assert label == ("Make it async" if language == "en" else "Maak het async")
    assert len(label) <= 75


def test_the_heading_says_when_the_answers_decide_the_order() -> None:
    found = [candidate("weekly", 20)]
    plain = str(summary_message(summary(found, []), {}).blocks)
    assert "most attendee-hours first" in plain
    answered = str(summary_message(summary(found, [tally("weekly", 3, 0, 0)]), {}).blocks)
    assert "those your answers most say could be async first" in answered
    with speaking("nl"):
        dutch = str(summary_message(summary(found, [tally("weekly", 3, 0, 0)]), {}).blocks)
    assert "volgens jullie antwoorden" in dutch
