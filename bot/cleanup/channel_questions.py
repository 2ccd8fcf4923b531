"""The summary's channel line: how questions asked here fared against the channel's response
time (pure). Aggregates only: counts, a share and a median, never who asked or was asked.

A question is one message; a message that asks two people is two questions *to answer*. So
"asked" counts messages, the share counts each person asked (each had their own due time,
in their own working hours), and the time to first answer is per message: the first reply
from anyone it asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median


@dataclass(frozen=True)
class AskedRow:
    """One person asked in one message, as stored (norm_questions)."""

    message_ts: str
    asked_at: datetime
    due_at: datetime | None  # None: not counted yet, or no working time to count in
    answered_at: datetime | None


@dataclass(frozen=True)
class QuestionFigures:
    """How the channel's questions of one week fared."""

    asked: int  # messages that asked someone something
    judged: int  # people asked whose answer came or whose response time has run out
    within: int  # of those, answered within the response time
    median_first_answer: timedelta | None  # None: nothing answered

    @property
    def share_within(self) -> float | None:
        """The share answered within the norm, or None when none can be judged yet."""
        return self.within / self.judged if self.judged else None


def question_figures(rows: Iterable[AskedRow], now: datetime) -> QuestionFigures:
    """The week's figures from its asked rows, judged at `now`."""
    messages: dict[str, list[AskedRow]] = {}
    judged = within = 0
    for row in rows:
        messages.setdefault(row.message_ts, []).append(row)
        if row.due_at is None:
            continue  # no due time: it can be neither late nor on time
        if row.answered_at is not None:
            judged += 1
            within += row.answered_at <= row.due_at
        elif row.due_at <= now:
            judged += 1  # still unanswered, and late
        # Unanswered and not due yet: too early to say.
    firsts = [
        (min(answers) - min(r.asked_at for r in group)).total_seconds()
        for group in messages.values()
        if (answers := [r.answered_at for r in group if r.answered_at is not None])
    ]
    return QuestionFigures(
        asked=len(messages),
        judged=judged,
        within=within,
        # An answer stamped a moment before the question (clock skew between events) is 0.
        median_first_answer=timedelta(seconds=max(median(firsts), 0.0)) if firsts else None,
    )
