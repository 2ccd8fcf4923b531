"""The "could this have been async?" answers rank the summary's candidates (pure).

Only a series enough people answered about (AsyncTally.shown) is ranked by its answers, so
the order names nobody; the rest keep the summary's order, most attendee-hours first.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.cleanup.answers import AsyncTally
from bot.cleanup.model import Candidate

# A candidate nobody (or too few) answered about ranks as if opinions were split evenly.
UNKNOWN_SCORE = 0.5


def async_score(tally: AsyncTally | None) -> float:
    """How much the answers say a series could have been async: yes counts whole, partly
    half, from 0.0 (all no) to 1.0 (all yes); UNKNOWN_SCORE without enough answers."""
    if tally is None or not tally.shown:
        return UNKNOWN_SCORE
    return (tally.yes + tally.partly / 2) / tally.total


def rank_candidates(
    candidates: Sequence[Candidate], tallies: Sequence[AsyncTally]
) -> list[Candidate]:
    """The candidates, those the answers most say could be async first; then, as before,
    most attendee-hours first. Only tallies shown (enough answers) count."""
    by_series = {tally.series_key: tally for tally in tallies if tally.shown}
    return sorted(
        candidates,
        key=lambda c: (
            -async_score(by_series.get(c.series_key)),
            -c.attendee_hours,
            c.title.casefold(),
            c.series_key,
        ),
    )


def ranked_by_answers(candidates: Sequence[Candidate], tallies: Sequence[AsyncTally]) -> bool:
    """Whether the answers decide any of these candidates' order (a shown tally for one)."""
    answered = {tally.series_key for tally in tallies if tally.shown}
    return any(c.series_key in answered for c in candidates)
