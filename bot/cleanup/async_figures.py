"""What the weekly summary shows of meetings made async and of meeting notes (pure; ranking.py
orders the candidates by the "could this have been async?" answers).

Aggregates only: hours given back, answers counted per check-in (the answers themselves are
in each round's thread, under their author's name, by choice), meetings that left notes and
actions open or done, never who did not answer or whose action is open.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CheckInRate:
    """One check-in's rounds wrapped up in the week, and how many of those asked answered."""

    title: str
    rounds: int
    asked: int
    answered: int

    @property
    def share(self) -> float | None:
        """The share of asks answered, or None when nobody was asked."""
        return self.answered / self.asked if self.asked else None


@dataclass(frozen=True, slots=True)
class AsyncFigures:
    """The summary's figures of async work for a channel's check-ins, notes and actions."""

    given_back_week: float = 0.0  # attendee-hours a week, recorded in the last 7 days
    given_back_total: float = 0.0  # attendee-hours a week, by every check-in not stopped
    rates: tuple[CheckInRate, ...] = ()
    notes_asked: int = 0  # meetings of the last 7 days whose notes were asked for
    notes_posted: int = 0  # of those, the ones that left notes
    actions_open: int = 0
    actions_done: int = 0  # done in the last 7 days

    @property
    def notes_share(self) -> float | None:
        """The share of meetings asked for notes that left them, or None."""
        return self.notes_posted / self.notes_asked if self.notes_asked else None

    @property
    def shown(self) -> bool:
        """Whether there is anything to show (a team that never made a meeting async and
        takes no notes sees the summary as before)."""
        return bool(
            self.given_back_total > 0
            or self.rates
            or self.notes_asked
            or self.actions_open
            or self.actions_done
        )
