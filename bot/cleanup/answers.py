"""Answers to "could this meeting have been async?" as the summary shows them (pure).

Counts only, never who, and only where enough people answered that nobody stands out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# Answers are shown for a series only when at least this many people answered.
MIN_ANSWERS = 3


class Answer(StrEnum):
    """An answer to "could this meeting have been async?"."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


@dataclass(frozen=True, slots=True)
class AsyncTally:
    """How people answered about one recurring series (counts only, never who)."""

    series_key: str
    title: str
    yes: int = 0
    partly: int = 0
    no: int = 0

    @property
    def total(self) -> int:
        """How many answers there are."""
        return self.yes + self.partly + self.no

    @property
    def shown(self) -> bool:
        """Whether enough people answered that the counts name nobody."""
        return self.total >= MIN_ANSWERS


def tallies(answers: Iterable[tuple[str, str, str]], titles: dict[str, str]) -> list[AsyncTally]:
    """(series, person, answer) triples, one per person and series, as shown tallies.

    A person's latest answer per series counts once; series with too few answers, or not
    among `titles` (private, or not a recurring meeting of these members), are left out.
    """
    latest: dict[tuple[str, str], str] = {}
    for series_key, person, answer in answers:
        latest[(series_key, person)] = answer
    counts: dict[str, dict[str, int]] = {}
    for (series_key, _person), answer in latest.items():
        if series_key in titles and answer in Answer.__members__.values():
            bucket = counts.setdefault(series_key, {a.value: 0 for a in Answer})
            bucket[answer] += 1
    shown = [
        AsyncTally(key, titles[key], c["yes"], c["partly"], c["no"]) for key, c in counts.items()
    ]
    shown = [tally for tally in shown if tally.shown]
    shown.sort(key=lambda t: (-(t.yes + t.partly / 2) / t.total, t.title.casefold()))
    return shown
